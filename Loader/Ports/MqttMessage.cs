namespace Firmware.Ports
{
    /// <summary>
    /// A reusable holder for one received message, so receiving allocates no payload buffers.
    /// The buffer is sized once; a larger message is marked <see cref="Oversized"/> and its bytes beyond
    /// the buffer are dropped (the core rejects it as bad input).
    /// </summary>
    public sealed class MqttMessage
    {
        public MqttMessage(int capacity)
        {
            Payload = new byte[capacity];
        }

        public string Topic { get; set; }

        /// <summary>The buffer; the message occupies its first <see cref="Length"/> bytes.</summary>
        public byte[] Payload { get; private set; }

        /// <summary>Bytes of the message held in <see cref="Payload"/> (at most its length).</summary>
        public int Length { get; set; }

        /// <summary>True when the message was longer than the buffer.</summary>
        public bool Oversized { get; set; }

        /// <summary>True when the broker delivered it as a retained message.</summary>
        public bool Retained { get; set; }

        /// <summary>Fills the holder from a received message, truncating to the buffer.</summary>
        public void Set(string topic, byte[] payload, int offset, int count, bool retained)
        {
            Topic = topic;
            Retained = retained;
            Oversized = count > Payload.Length;
            Length = Oversized ? Payload.Length : count;
            if (Length > 0)
            {
                System.Array.Copy(payload, offset, Payload, 0, Length);
            }
        }
    }
}
