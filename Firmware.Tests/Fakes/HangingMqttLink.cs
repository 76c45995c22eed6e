using System.Threading;
using Firmware.Ports;

namespace Firmware.Tests.Fakes
{
    /// <summary>
    /// An MQTT link whose n-th <see cref="Receive"/> hangs: the clock runs on and the call never finishes, until the
    /// power is rebooted or slept (what the wake watchdog does) or a safety limit. Everything else is the inner link's.
    /// </summary>
    public sealed class HangingMqttLink : IMqttLink
    {
        private readonly FakeMqttLink _inner;
        private readonly FakeClock _clock;
        private readonly FakePower _power;
        private int _receives;

        public HangingMqttLink(FakeMqttLink inner, FakeClock clock, FakePower power, int hangOnReceive)
        {
            _inner = inner;
            _clock = clock;
            _power = power;
            HangOnReceive = hangOnReceive;
        }

        /// <summary>The call of <see cref="Receive"/> (counted from 1) that hangs.</summary>
        public int HangOnReceive { get; private set; }

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
            return _inner.WaitForAcknowledgement(timeoutMilliseconds);
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
                long start = _clock.UptimeMilliseconds;
                for (int i = 0; i < 3000 && !_power.Rebooted && _power.RequestedSleep < 0; i++)
                {
                    _clock.Sleep(1000);
                    Thread.Sleep(1);
                }

                HungMilliseconds = _clock.UptimeMilliseconds - start;
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
