using System.Threading;
using Firmware.Ports;

namespace Firmware.Tests.Fakes
{
    /// <summary>
    /// A link that misbehaves around an inner <see cref="FakeMqttLink"/>: PUBACKs the client never asked for (for a
    /// packet id nothing waits on, each after a little time), every real PUBACK twice, or a <see cref="Receive"/>
    /// that hangs (the clock runs on and the call never finishes until the power is rebooted or slept, what the wake
    /// watchdog does, or a safety limit). Everything else is the inner link's.
    /// </summary>
    public sealed class MisbehavingMqttLink : IMqttLink
    {
        private readonly FakeMqttLink _inner;
        private int _repeat;
        private int _receives;

        public MisbehavingMqttLink(FakeMqttLink inner)
        {
            _inner = inner;
            UnknownToken = 65000;
            StepMilliseconds = 10;
        }

        /// <summary>PUBACKs for <see cref="UnknownToken"/> still to come before the real ones.</summary>
        public int UnknownAcks { get; set; }

        public int UnknownToken { get; set; }

        /// <summary>Time each unknown PUBACK takes to arrive.</summary>
        public int StepMilliseconds { get; set; }

        /// <summary>Every real PUBACK comes twice.</summary>
        public bool DuplicateEachAck { get; set; }

        /// <summary>The call of <see cref="Receive"/> (counted from 1) that hangs until this power is rebooted or slept; 0 none.</summary>
        public int HangOnReceive { get; set; }

        public FakePower Power { get; set; }

        /// <summary>Milliseconds of the clock the hang lasted.</summary>
        public long HungMilliseconds { get; private set; }

        public bool IsConnected
        {
            get { return _inner.IsConnected; }
        }

        public bool SessionPresent
        {
            get { return _inner.SessionPresent; }
        }

        public string LastError
        {
            get { return _inner.LastError; }
        }

        public MqttConnectResult Connect(MqttConnectOptions options, int timeoutMilliseconds)
        {
            return _inner.Connect(options, timeoutMilliseconds);
        }

        public int Publish(string topic, byte[] payload, int offset, int count, int qos, bool retain)
        {
            return _inner.Publish(topic, payload, offset, count, qos, retain);
        }

        public int WaitForAcknowledgement(int timeoutMilliseconds)
        {
            if (UnknownAcks > 0)
            {
                UnknownAcks--;
                _inner.Clock.Sleep(StepMilliseconds);
                return UnknownToken;
            }

            if (_repeat > 0)
            {
                int again = _repeat;
                _repeat = 0;
                return again;
            }

            int token = _inner.WaitForAcknowledgement(timeoutMilliseconds);
            if (DuplicateEachAck && token > 0)
            {
                _repeat = token;
            }

            return token;
        }

        public bool Subscribe(string topicFilter, int qos, int timeoutMilliseconds)
        {
            return _inner.Subscribe(topicFilter, qos, timeoutMilliseconds);
        }

        public bool Receive(MqttMessage message, int timeoutMilliseconds)
        {
            _receives++;
            if (_receives == HangOnReceive)
            {
                long start = _inner.Clock.UptimeMilliseconds;
                for (int i = 0; i < 3000 && !Power.Rebooted && Power.RequestedSleep < 0; i++)
                {
                    _inner.Clock.Sleep(1000);
                    Thread.Sleep(1);
                }

                HungMilliseconds = _inner.Clock.UptimeMilliseconds - start;
                return false;
            }

            return _inner.Receive(message, timeoutMilliseconds);
        }

        public void Disconnect()
        {
            _inner.Disconnect();
        }
    }
}
