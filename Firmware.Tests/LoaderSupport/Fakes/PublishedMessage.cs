namespace Firmware.Tests.Fakes
{
    public sealed class PublishedMessage
    {
        public PublishedMessage(string topic, byte[] payload, int qos, bool retain)
        {
            Topic = topic;
            Payload = payload;
            Qos = qos;
            Retain = retain;
        }

        public string Topic { get; private set; }

        public byte[] Payload { get; private set; }

        public int Qos { get; private set; }

        public bool Retain { get; private set; }

        public string Text
        {
            get { return TestText.Decode(Payload, 0, Payload.Length); }
        }
    }
}
