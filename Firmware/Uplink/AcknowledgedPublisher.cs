using Firmware.Ports;

namespace Firmware.Uplink
{
    /// <summary>
    /// Publishes one QoS 1 message and waits, within a bounded time, for its own PUBACK. Used for the retained
    /// status and state and for events, one at a time; the telemetry drain keeps a window of its own. A message that a
    /// newer one supersedes (a mains device's retained state, published with its drains and its changes) goes at QoS 0 instead
    /// (<see cref="PublishAtMostOnce"/>), with no PUBACK to wait for; its bytes are counted here too, so the energy
    /// ledger's transmit time sees every byte sent. Allocation-free.
    /// </summary>
    public sealed class AcknowledgedPublisher
    {
        private readonly IMqttLink _link;
        private readonly IClock _clock;

        public AcknowledgedPublisher(IMqttLink link, IClock clock)
        {
            _link = link;
            _clock = clock;
        }

        /// <summary>Why the last publish failed, or null.</summary>
        public string LastError { get; private set; }

        /// <summary>Publishes acknowledged since creation.</summary>
        public long Acknowledged { get; private set; }

        /// <summary>Bytes of payload handed to the link since creation.</summary>
        public long BytesSent { get; private set; }

        /// <summary>
        /// Publishes at QoS 0: true once the link took the message for sending (no acknowledgement comes, and a
        /// connection lost with it in flight loses it), false with <see cref="LastError"/> when nothing was sent.
        /// </summary>
        public bool PublishAtMostOnce(string topic, byte[] payload, int count, bool retain)
        {
            if (_link.Publish(topic, payload, 0, count, 0, retain) < 0)
            {
                LastError = "publish on " + topic + " failed: " + _link.LastError;
                return false;
            }

            BytesSent += count;
            LastError = null;
            return true;
        }

        /// <summary>True once the broker acknowledged the message within <paramref name="timeoutMilliseconds"/>.</summary>
        public bool Publish(string topic, byte[] payload, int count, bool retain, int timeoutMilliseconds)
        {
            if (timeoutMilliseconds <= 0)
            {
                LastError = "no time left in the radio session to publish on " + topic;
                return false;
            }

            int token = _link.Publish(topic, payload, 0, count, 1, retain);
            if (token <= 0)
            {
                LastError = "publish on " + topic + " failed: " + _link.LastError;
                return false;
            }

            BytesSent += count;
            long deadline = _clock.UptimeMilliseconds + timeoutMilliseconds;
            while (true)
            {
                long left = deadline - _clock.UptimeMilliseconds;
                if (left <= 0 || !_link.IsConnected)
                {
                    LastError = _link.IsConnected ? "no PUBACK within " + timeoutMilliseconds.ToString() + " ms for a message on " + topic
                        : "connection lost before the PUBACK of a message on " + topic;
                    return false;
                }

                if (_link.WaitForAcknowledgement((int)left) == token)
                {
                    Acknowledged++;
                    LastError = null;
                    return true;
                }
            }
        }
    }
}
