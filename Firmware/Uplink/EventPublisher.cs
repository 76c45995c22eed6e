using Firmware.Text;

namespace Firmware.Uplink
{
    /// <summary>
    /// Answers and reports on <c>…/events</c>: one JSON object per event, QoS 1, never retained. The caller
    /// writes the fields between <see cref="Begin"/> and <see cref="Send"/>; the payload buffer is shared with
    /// the session and reused, so an event allocates nothing but its strings. Events never carry secrets.
    /// </summary>
    public sealed class EventPublisher
    {
        private readonly AcknowledgedPublisher _publisher;
        private readonly string _topic;
        private readonly byte[] _payload;
        private readonly JsonWriter _writer = new JsonWriter();

        public EventPublisher(AcknowledgedPublisher publisher, string topic, byte[] payload)
        {
            _publisher = publisher;
            _topic = topic;
            _payload = payload;
        }

        /// <summary>Events the broker acknowledged.</summary>
        public int Sent { get; private set; }

        /// <summary>Events that could not be published (the connection was lost or the budget was spent).</summary>
        public int Failed { get; private set; }

        /// <summary>Starts an event object with its "event" name; write the rest of its fields to the returned writer.</summary>
        public JsonWriter Begin(string eventName)
        {
            _writer.Reset(_payload, 0, _payload.Length);
            _writer.BeginObject();
            _writer.Property("event", eventName);
            return _writer;
        }

        /// <summary>Closes the object and publishes it; false when it was not acknowledged in time.</summary>
        public bool Send(int timeoutMilliseconds)
        {
            _writer.EndObject();
            if (_writer.Overflowed)
            {
                // Reported texts are bounded; an overflow means a bug, not bad input: say so rather than send half.
                Begin("event-too-long");
                _writer.EndObject();
            }

            bool sent = _publisher.Publish(_topic, _payload, _writer.Length, false, timeoutMilliseconds);
            if (sent)
            {
                Sent++;
            }
            else
            {
                Failed++;
            }

            return sent;
        }
    }
}
