using System.Collections.Generic;
using Firmware.Ports;

namespace Firmware.Host.Hardware
{
    /// <summary>
    /// The twin's radio as the firmware sees it (the network and the MQTT link, passed through), which prints every
    /// radio session on the device's log: when it began, how long it lasted, the readings the broker acknowledged in it
    /// (counted from the telemetry packs whose PUBACK came), and how it ended. A session runs from bringing the
    /// network (or, on mains, a new MQTT session) up to taking the network down; on mains, where a session stays open,
    /// its connection is printed too.
    /// </summary>
    public sealed class RadioSessionLog : INetwork, IMqttLink
    {
        private readonly INetwork _network;
        private readonly IMqttLink _link;
        private readonly ITwinClock _clock;
        private readonly ILog _log;
        private readonly object _gate = new object();
        private readonly Dictionary<int, int> _readingsInFlight = new Dictionary<int, int>();
        private readonly List<long> _sequences = new List<long>();
        private bool _open;
        private long _startedAt;
        private int _delivered;
        private bool _reached;
        private bool _closedCleanly;
        private string _failure;

        public RadioSessionLog(INetwork network, IMqttLink link, ITwinClock clock, ILog log, string telemetryTopic, bool mains)
        {
            _network = network;
            _link = link;
            _clock = clock;
            _log = log;
            TelemetryTopic = telemetryTopic;
            Mains = mains;
        }

        /// <summary>True when the device keeps its session open (mains): its connection is printed when it comes.</summary>
        public bool Mains { get; }

        /// <summary>The topic whose PUBACKed packs count as delivered readings (set anew when setup changes the device's topics).</summary>
        public string TelemetryTopic { get; set; }

        /// <summary>Device time (since the twin started) when the first reading was delivered (its PUBACK came), or -1.</summary>
        public long FirstDeliveredAt { get; private set; } = -1;

        /// <summary>Sessions begun.</summary>
        public int Sessions { get; private set; }

        /// <summary>Sessions that reached the broker (a CONNACK that accepted the device).</summary>
        public int Reached { get; private set; }

        bool INetwork.IsConnected => _network.IsConnected;

        public int SignalStrength => _network.SignalStrength;

        string INetwork.LastError => _network.LastError;

        bool IMqttLink.IsConnected => _link.IsConnected;

        public bool SessionPresent => _link.SessionPresent;

        string IMqttLink.LastError => _link.LastError;

        public bool Connect(int timeoutMilliseconds)
        {
            Begin();
            bool up = _network.Connect(timeoutMilliseconds);
            if (!up)
            {
                Fail("no network: " + _network.LastError);
                End();
            }

            return up;
        }

        void INetwork.Disconnect()
        {
            _network.Disconnect();
            End();
        }

        public void UseCredentials(string ssid, string password) => _network.UseCredentials(ssid, password);

        public bool TryGetNetworkTime(int timeoutMilliseconds, out long unixTimeMilliseconds) => _network.TryGetNetworkTime(timeoutMilliseconds, out unixTimeMilliseconds);

        public MqttConnectResult Connect(MqttConnectOptions options, int timeoutMilliseconds)
        {
            lock (_gate)
            {
                if (_open && _reached)
                {
                    // A mains device opening a new MQTT session with the network still up: the last one was lost.
                    Finish(null);
                }
            }

            Begin();
            long started = _clock.TotalMilliseconds;
            MqttConnectResult result = _link.Connect(options, timeoutMilliseconds);
            lock (_gate)
            {
                if (result == MqttConnectResult.Accepted)
                {
                    _reached = true;
                    _failure = null;
                    Reached++;
                    if (Mains)
                    {
                        _log.Write(LogLevel.Info, "radio", $"session {Sessions}: connected in {(_clock.TotalMilliseconds - started) / 1000.0:0.00} s; it stays open on mains");
                    }
                }
                else
                {
                    _failure = "broker: " + (_link.LastError ?? result.ToString());
                }
            }

            return result;
        }

        public int Publish(string topic, byte[] payload, int offset, int count, int qos, bool retain)
        {
            int token = _link.Publish(topic, payload, offset, count, qos, retain);
            if (token > 0 && topic == TelemetryTopic)
            {
                lock (_gate)
                {
                    _sequences.Clear();
                    byte[] pack = new byte[count];
                    System.Buffer.BlockCopy(payload, offset, pack, 0, count);
                    if (TelemetryObserver.TryReadSequences(pack, _sequences))
                    {
                        _readingsInFlight[token] = _sequences.Count;
                    }
                }
            }

            return token;
        }

        public int WaitForAcknowledgement(int timeoutMilliseconds)
        {
            int token = _link.WaitForAcknowledgement(timeoutMilliseconds);
            lock (_gate)
            {
                if (token > 0 && _readingsInFlight.Remove(token, out int readings))
                {
                    _delivered += readings;
                    if (readings > 0 && FirstDeliveredAt < 0)
                    {
                        FirstDeliveredAt = _clock.TotalMilliseconds;
                    }
                }
            }

            return token;
        }

        public bool Subscribe(string topicFilter, int qos, int timeoutMilliseconds) => _link.Subscribe(topicFilter, qos, timeoutMilliseconds);

        public bool Receive(MqttMessage message, int timeoutMilliseconds) => _link.Receive(message, timeoutMilliseconds);

        void IMqttLink.Disconnect()
        {
            lock (_gate)
            {
                _closedCleanly |= _link.IsConnected;
            }

            _link.Disconnect();
        }

        /// <summary>Ends the session that is open, if any (the run stopped, or the board rebooted, with the radio on).</summary>
        public void EndOpenSession() => End();

        private void Begin()
        {
            lock (_gate)
            {
                if (_open)
                {
                    return;
                }

                _open = true;
                Sessions++;
                _startedAt = _clock.TotalMilliseconds;
                _delivered = 0;
                _reached = false;
                _closedCleanly = false;
                _failure = null;
                _readingsInFlight.Clear();
            }
        }

        private void Fail(string reason)
        {
            lock (_gate)
            {
                _failure = reason;
            }
        }

        private void End()
        {
            lock (_gate)
            {
                if (_open)
                {
                    Finish(_failure);
                }
            }
        }

        /// <summary>Prints the open session and closes it; a session that reached the broker and was not closed by the device lost its connection.</summary>
        private void Finish(string failure)
        {
            long now = _clock.TotalMilliseconds;
            string result = !_reached ? "failed: " + (failure ?? "no broker session")
                : _closedCleanly ? "ok"
                : "the connection was lost" + (_link.LastError != null ? " (" + _link.LastError + ")" : string.Empty);
            _log.Write(LogLevel.Info, "radio", $"session {Sessions} from {DurationText.Stamp(_startedAt)}, {(now - _startedAt) / 1000.0:0.0} s: "
                + $"{_delivered} reading(s) delivered; {result}");
            _open = false;
        }
    }
}
