using Firmware.HomeAssistant;
using Firmware.Ports;
using Firmware.Power;
using Firmware.Storage;
using Firmware.Text;
using Firmware.Uplink;

namespace Firmware.Device
{
    /// <summary>
    /// One radio session of a device loop, in steps with hard timeouts, each clipped by the session's time budget:
    /// <list type="number">
    /// <item><see cref="Open"/>: network up (Wi-Fi credentials of the configuration in force), network time when the
    /// clock is unknown or a day old, MQTT connect with a retained last will "offline" and a persistent session, a
    /// configuration on trial confirmed or reverted, subscription to <c>…/cmd/#</c> (QoS 1), the retained "online"
    /// status (its PUBACK is the health check).</item>
    /// <item><see cref="Exchange"/>: the telemetry drain (on mains when its schedule says so), the retained latest state
    /// (QoS 0 on mains), Home Assistant's discovery (once per connection, published when it changed), the commands the
    /// broker queued, and the participants' optional work.</item>
    /// <item><see cref="Close"/>: after a factory reset command the discovery removed, the retained "sleeping until"
    /// (or "offline") status, a clean disconnect (which does not fire the will), the network down.</item>
    /// </list>
    /// Failures are values (<see cref="LastError"/>), never exceptions; a battery session never waits for a broker
    /// longer than its budget.
    /// </summary>
    public sealed class RadioSession
    {
        /// <summary>Effective Wi-Fi rate for charging transmit time (802.11g/n in practice).</summary>
        public const int TransmitBitsPerMicrosecond = 20;

        /// <summary>Longest wait for network time.</summary>
        public const int TimeSyncTimeoutMilliseconds = 5000;

        /// <summary>Network time is fetched again after this long.</summary>
        public const long TimeSyncIntervalSeconds = 86400;

        /// <summary>Most commands taken in one session (M2Mqtt queues 32).</summary>
        public const int MaxCommandsPerSession = 32;

        private const int StepHealthy = 0;
        private const int StepOptionalWork = 1;
        private const int StepSessionEnd = 2;

        private readonly WakeContext _wake;
        private readonly Platform _platform;
        private readonly MqttConnectOptions _options = new MqttConnectOptions();
        private readonly JsonWriter _writer = new JsonWriter();
        private readonly int _messageCapacity;
        private MqttMessage _message;
        private readonly byte[] _willPayload;
        private long _bytesCharged;
        private bool _discoveryDue;
        private string _pendingConfigEvent;
        private string _pendingConfigError;
        private long _pendingConfigVersion;
        private bool _commandWaiting;

        public RadioSession(WakeContext wake, int messageCapacity)
        {
            _wake = wake;
            _platform = wake.Platform;
            _messageCapacity = messageCapacity;
            _willPayload = Utf8.GetBytes("{\"state\":\"offline\",\"fw\":\"" + wake.FirmwareVersion + "\"}");
        }

        /// <summary>
        /// The buffer a received command lands in, sized for the largest configuration document: made at the boot's first
        /// wait for a command, so a wake that only samples never allocates it.
        /// </summary>
        private MqttMessage Message
        {
            get
            {
                if (_message == null)
                {
                    _message = new MqttMessage(_messageCapacity);
                }

                return _message;
            }
        }

        /// <summary>True while the MQTT session is up.</summary>
        public bool IsOpen
        {
            get { return _platform.Mqtt.IsConnected; }
        }

        /// <summary>Why the last step failed, or null.</summary>
        public string LastError { get; private set; }

        /// <summary>Readings acknowledged in the last <see cref="Exchange"/>.</summary>
        public int LastDelivered { get; private set; }

        /// <summary>
        /// Brings the network and the MQTT session up and announces the wake. False with <see cref="LastError"/>
        /// when it could not reach the broker (the caller backs off).
        /// </summary>
        public bool Open()
        {
            LastError = null;
            _pendingConfigEvent = null;
            _commandWaiting = false;
            EnergyLedger ledger = _wake.Ledger;
            ledger.CountRadioSession();
            _bytesCharged = BytesSent();
            _wake.SessionContext.Reset(_wake.IsMains || _wake.Plan.OptionalWorkAllowed, _wake.BatteryPercent);
            ConfigurationManager configuration = _wake.Configuration;
            bool connected = Connect(configuration.Effective);
            if (configuration.OnTrial)
            {
                connected = SettleTrial(connected);
            }

            if (!connected)
            {
                return false;
            }

            ledger.Begin(PowerPhase.RadioReceive, Now);
            if (!Subscribe())
            {
                return false;
            }

            if (!PublishStatus(DeviceStatusState.Online, -1, false))
            {
                return Fail("status: " + _wake.Publisher.LastError);
            }

            _wake.SessionContext.Healthy = true;
            _wake.ErrorRecovered();
            ReportConfiguration();
            CallParticipants(StepHealthy);
            _discoveryDue = true;
            return true;
        }

        /// <summary>
        /// Home Assistant's discovery, once per connection, after the readings and the state: published when it changed
        /// (or a day old; on mains at every new connection, which a broker restart also brings), removed when it no longer
        /// applies. A failure is the session's error when it has none yet, never its end; a battery device tries again at
        /// its next session.
        /// </summary>
        /// <param name="always">Publish it even unchanged (mains at a new connection, or asked for by a status command).</param>
        private void UpdateDiscovery(bool always)
        {
            _discoveryDue = false;
            DiscoveredDevice device = _wake.HomeAssistantDevice;
            if (device != null)
            {
                device.ExpireAfterSeconds = HomeAssistantDescription.ExpireAfterSeconds(_wake);
            }

            if (!_wake.Discovery.Update(_wake.SessionContext, device, always) && LastError == null)
            {
                LastError = "discovery: " + _wake.Discovery.LastError;
            }
        }

        /// <summary>
        /// Drains the log (when <paramref name="drain"/>: always on battery, on mains when its schedule says so), publishes
        /// the latest state (on mains with a drain or a change of the control, <see cref="MainsStateSchedule"/>) and (first
        /// in a connection) the discovery, takes commands (waiting up to
        /// <paramref name="commandWaitMilliseconds"/> for the first), runs optional work, and charges the bytes sent.
        /// </summary>
        public void Exchange(int commandWaitMilliseconds, bool drain)
        {
            SessionBudget budget = _wake.Budget;
            LastDelivered = 0;
            if (drain)
            {
                DrainTelemetry();
            }

            if (!IsOpen)
            {
                ChargeTransmit();
                return;
            }

            if (!_wake.IsMains || _wake.MainsState.IsDue(_wake, drain))
            {
                PublishState();
            }

            if (_discoveryDue && IsOpen && !budget.IsExhausted)
            {
                UpdateDiscovery(_wake.IsMains);
            }

            TakeCommands(commandWaitMilliseconds);
            if (_wake.SessionContext.OptionalWorkAllowed && IsOpen && !budget.IsExhausted)
            {
                CallParticipants(StepOptionalWork);
            }

            ChargeTransmit();
        }

        /// <summary>
        /// Sends what the log holds (<see cref="TelemetryDrain"/>) within the session's budget: the readings acknowledged
        /// are <see cref="LastDelivered"/>, a drain that stopped early is the session's <see cref="LastError"/>.
        /// </summary>
        public void DrainTelemetry()
        {
            LastDelivered = _wake.Drain.Run(_wake.Budget);
            if (_wake.Drain.LastError != null)
            {
                LastError = "telemetry: " + _wake.Drain.LastError;
            }
        }

        /// <summary>
        /// Takes the commands that have arrived (the first wait up to <paramref name="waitMilliseconds"/>, then only
        /// what is already there). A command received is always handled, even when the budget is spent: the link has
        /// acknowledged it and the broker will not send it again; only its answer may then be lost. Then what they
        /// asked for: the retained state again after a thermostat change (Home Assistant shows the new target from it),
        /// the discovery again after a status command (a broker that lost its retained messages gets it back).
        /// </summary>
        public void TakeCommands(int waitMilliseconds)
        {
            int wait = _wake.Budget.Clip(waitMilliseconds);
            DeviceCommands commands = _wake.Commands;
            for (int n = 0; n < MaxCommandsPerSession; n++)
            {
                if (_commandWaiting)
                {
                    // The one that ended a wait for a command, already taken from the link.
                    _commandWaiting = false;
                }
                else if (!_platform.Mqtt.Receive(Message, wait))
                {
                    break;
                }

                wait = 0;
                commands.Handle(Message);
            }

            if (commands.ThermostatChanged && IsOpen)
            {
                PublishState();
            }

            if (commands.DiscoveryRequested && IsOpen)
            {
                commands.DiscoveryRequested = false;
                UpdateDiscovery(true);
            }
        }

        /// <summary>
        /// Waits up to <paramref name="waitMilliseconds"/> for a command and holds it for the next <see cref="TakeCommands"/>
        /// (a mains device between samples: it blocks in the link until a message arrives, the connection is lost or the
        /// time passes, rather than looking every second). True when one arrived; allocates nothing.
        /// </summary>
        public bool WaitForCommand(int waitMilliseconds)
        {
            if (!_commandWaiting)
            {
                _commandWaiting = _platform.Mqtt.Receive(Message, waitMilliseconds);
            }

            return _commandWaiting;
        }

        /// <summary>
        /// Ends the session: tells the participants (they may still publish), then says goodbye: the retained status
        /// "sleeping" with the time of the next session (or "offline" when the device stops), a clean disconnect, the
        /// network down. Charges the session's transmit time.
        /// </summary>
        public void Close(long untilUnixMilliseconds, bool stopping)
        {
            CallParticipants(StepSessionEnd);
            if (IsOpen && _wake.Commands.FactoryResetRequested && !_wake.Discovery.Remove(_wake.SessionContext))
            {
                // Kept for removal across the reset: the next session that reaches a broker removes it.
                LastError = "discovery: " + _wake.Discovery.LastError;
            }

            if (IsOpen)
            {
                PublishStatus(stopping ? DeviceStatusState.Offline : DeviceStatusState.Sleeping, untilUnixMilliseconds, false);
                _platform.Mqtt.Disconnect();
            }

            _platform.Network.Disconnect();
            ChargeTransmit();
        }

        /// <summary>Charges the transmit time of the bytes sent since the last charge, from their count.</summary>
        private void ChargeTransmit()
        {
            long bytes = BytesSent() - _bytesCharged;
            _bytesCharged = BytesSent();
            if (bytes > 0)
            {
                _wake.Ledger.AddMicroseconds(PowerPhase.RadioTransmit, (bytes * 8) / TransmitBitsPerMicrosecond);
            }
        }

        /// <summary>
        /// Publishes the retained latest state (the reading's values and the thermostat's state); a failure is the session's
        /// <see cref="LastError"/>. The state then shows every thermostat change taken so far. On mains it goes at QoS 0,
        /// without a PUBACK to wait for: a later state supersedes it, and one lost with its connection is sent again with
        /// the drain the next session opens with; a battery device publishes it once per session and waits for its PUBACK.
        /// </summary>
        public void PublishState()
        {
            _wake.Commands.ThermostatChanged = false;
            _writer.Reset(_wake.Payload, 0, _wake.Payload.Length);
            StatusReport.WriteState(_writer, _wake);
            AcknowledgedPublisher publisher = _wake.Publisher;
            bool sent = _wake.IsMains ? publisher.PublishAtMostOnce(_wake.Topics.State, _wake.Payload, _writer.Length, true)
                : publisher.Publish(_wake.Topics.State, _wake.Payload, _writer.Length, true, _wake.Budget.Clip(_wake.Config.AckTimeoutMilliseconds));
            if (!sent)
            {
                LastError = "state: " + publisher.LastError;
            }
            else if (_wake.IsMains)
            {
                _wake.MainsState.Published(_wake);
            }
        }

        /// <summary>Publishes the retained status now (mains devices after a change, and the full status on request).</summary>
        public bool PublishStatus(string state, long untilUnixMilliseconds, bool full)
        {
            _writer.Reset(_wake.Payload, 0, _wake.Payload.Length);
            StatusReport.WriteStatus(_writer, _wake, state, untilUnixMilliseconds, full);
            return _wake.Publisher.Publish(_wake.Topics.Status, _wake.Payload, _writer.Length, true,
                _wake.Budget.Clip(_wake.Config.AckTimeoutMilliseconds));
        }

        private long Now
        {
            get { return _platform.Clock.UptimeMilliseconds; }
        }

        private long BytesSent()
        {
            return _wake.Drain.BytesSent + _wake.Publisher.BytesSent;
        }

        /// <summary>Network, time and MQTT with <paramref name="config"/>'s settings.</summary>
        private bool Connect(DeviceConfig config)
        {
            SessionBudget budget = _wake.Budget;
            EnergyLedger ledger = _wake.Ledger;
            INetwork network = _platform.Network;
            ledger.Begin(PowerPhase.WifiConnect, Now);
            network.UseCredentials(config.WifiSsid, config.WifiPassword);
            if (!network.IsConnected && !network.Connect(budget.Clip(config.NetworkTimeoutMilliseconds)))
            {
                NetworkNeverReached();
                return Fail("network: " + network.LastError);
            }

            NetworkReached();

            ledger.Begin(PowerPhase.RadioReceive, Now);
            SyncTime();
            Options(config);
            MqttConnectResult result = _platform.Mqtt.Connect(_options, budget.Clip(config.MqttTimeoutMilliseconds));
            if (result != MqttConnectResult.Accepted)
            {
                string reason = _platform.Mqtt.LastError;
                return Fail("broker: " + (reason != null && reason.Length > 0 ? reason : MqttResultText.Describe(result)));
            }

            return true;
        }

        /// <summary>
        /// The network is reached: from now on a failed connection is an outage, not settings that never worked (kept on
        /// a board with a setup access point only: elsewhere nothing reads it).
        /// </summary>
        private void NetworkReached()
        {
            SetupRequest setup = _wake.Setup;
            if (!setup.NetworkReached && _platform.Network is Firmware.SetupPorts.ISetupRadio)
            {
                setup.NetworkReached = true;
                setup.Offered = false;
                setup.Save(_wake.Storage.State);
                _wake.Storage.State.Sync();
            }
        }

        /// <summary>
        /// A device that has never reached its network with the settings it has asks for its setup access point (once:
        /// not again after it was offered in vain, until the next power-on) and restarts into it at the end of the wake.
        /// </summary>
        private void NetworkNeverReached()
        {
            SetupRequest setup = _wake.Setup;
            if (setup.NetworkReached || setup.Offered || setup.Requested || !(_platform.Network is Firmware.SetupPorts.ISetupRadio))
            {
                return;
            }

            setup.Requested = true;
            setup.Save(_wake.Storage.State);
            _wake.Storage.State.Sync();
            _wake.RequestReboot();
            _wake.Log.Write(LogLevel.Warning, "setup", "the device has never reached its network: it opens its setup access point");
        }

        /// <summary>A trial configuration connected (confirm it) or not (try the previous one; revert if that connects).</summary>
        private bool SettleTrial(bool connected)
        {
            ConfigurationManager configuration = _wake.Configuration;
            long version = configuration.AppliedVersion;
            if (connected)
            {
                configuration.ConfirmTrial();
                _wake.Storage.State.Sync();
                Pending("confirmed", version, null);
                return true;
            }

            string trialError = LastError;
            _platform.Network.Disconnect();
            bool fallback = Connect(configuration.Fallback);
            if (fallback)
            {
                configuration.RejectTrial(false);
                _wake.Storage.State.Sync();
                Pending("reverted", version, "the next connection with it failed: " + trialError);
                return true;
            }

            if (configuration.CountFailedTrial())
            {
                _wake.Log.Write(LogLevel.Warning, "config", "version " + version.ToString() + " rejected after "
                    + ConfigurationManager.MaxTrialAttempts.ToString() + " failed sessions");
            }

            _wake.Storage.State.Sync();
            LastError = trialError;
            return false;
        }

        private void Pending(string result, long version, string error)
        {
            _pendingConfigEvent = result;
            _pendingConfigVersion = version;
            _pendingConfigError = error;
        }

        /// <summary>Reports a trial's outcome, and a rejection that could not be reported when it happened.</summary>
        private void ReportConfiguration()
        {
            ConfigurationManager configuration = _wake.Configuration;
            int timeout = _wake.Budget.Clip(_wake.Config.AckTimeoutMilliseconds);
            if (_pendingConfigEvent != null)
            {
                JsonWriter w = _wake.Events.Begin("config");
                w.Property("result", _pendingConfigEvent);
                w.Property("version", _pendingConfigVersion);
                if (_pendingConfigError != null)
                {
                    w.Property("error", _pendingConfigError);
                }

                if (_wake.Events.Send(timeout) && _pendingConfigEvent == "reverted")
                {
                    configuration.RejectionReported();
                    _wake.Storage.State.Sync();
                }

                _pendingConfigEvent = null;
            }
            else if (configuration.RejectionUnreported)
            {
                JsonWriter w = _wake.Events.Begin("config");
                w.Property("result", "reverted");
                w.Property("version", configuration.RejectedVersion);
                w.Property("error", "neither it nor the previous configuration connected in "
                    + ConfigurationManager.MaxTrialAttempts.ToString() + " sessions");
                if (_wake.Events.Send(timeout))
                {
                    configuration.RejectionReported();
                    _wake.Storage.State.Sync();
                }
            }
        }

        private bool Subscribe()
        {
            int timeout = _wake.Config.MqttTimeoutMilliseconds;
            if (!_platform.Mqtt.Subscribe(_wake.Topics.Commands, 1, _wake.Budget.Clip(timeout)))
            {
                return Fail("subscribe " + _wake.Topics.Commands + ": " + _platform.Mqtt.LastError);
            }

            for (int i = 0; i < _wake.Participants.Count; i++)
            {
                IRadioSessionParticipant participant = (IRadioSessionParticipant)_wake.Participants[i];
                string[] filters = participant.SubscriptionFilters(_wake.Topics);
                for (int f = 0; filters != null && f < filters.Length; f++)
                {
                    if (filters[f] != null && !_platform.Mqtt.Subscribe(filters[f], 1, _wake.Budget.Clip(timeout)))
                    {
                        return Fail("subscribe " + filters[f] + ": " + _platform.Mqtt.LastError);
                    }
                }
            }

            return true;
        }

        private void SyncTime()
        {
            IClock clock = _platform.Clock;
            WakeState state = _wake.State;
            long nowSeconds = clock.IsWallTimeKnown ? clock.UnixTimeMilliseconds / 1000 : 0;
            // A clock earlier than its last sync went back (a glitch of the RTC): it is set again, not trusted for a day.
            if (clock.IsWallTimeKnown && state.LastTimeSyncSeconds > 0 && nowSeconds >= state.LastTimeSyncSeconds
                && nowSeconds - state.LastTimeSyncSeconds < TimeSyncIntervalSeconds)
            {
                return;
            }

            long unix;
            if (_platform.Network.TryGetNetworkTime(_wake.Budget.Clip(TimeSyncTimeoutMilliseconds), out unix))
            {
                clock.SetUnixTimeMilliseconds(unix);
                state.LastTimeSyncSeconds = unix / 1000;
                _wake.Storage.ObserveClock(clock);
            }
            else
            {
                _wake.Log.Write(LogLevel.Warning, "time", "no network time: " + _platform.Network.LastError);
            }
        }

        private void Options(DeviceConfig config)
        {
            BrokerOptions.Fill(_options, config);
            _options.CleanSession = false;
            _options.KeepAliveSeconds = 60;
            _options.WillTopic = _wake.Topics.Status;
            _options.WillPayload = _willPayload;
            _options.WillRetain = true;
            _options.WillQos = 1;
        }

        /// <summary>
        /// Calls one step of every participant in turn; an exception from one is logged and becomes the session's last
        /// error, and the others still run.
        /// </summary>
        private void CallParticipants(int step)
        {
            RadioSessionContext context = _wake.SessionContext;
            for (int i = 0; i < _wake.Participants.Count; i++)
            {
                IRadioSessionParticipant participant = (IRadioSessionParticipant)_wake.Participants[i];
                try
                {
                    if (step == StepHealthy)
                    {
                        participant.OnHealthy(context);
                    }
                    else if (step == StepOptionalWork)
                    {
                        participant.RunOptionalWork(context);
                    }
                    else
                    {
                        participant.OnSessionEnd(context);
                    }
                }
                catch (System.Exception e)
                {
                    LastError = participant.Name + ": " + e.Message;
                    _wake.Log.Write(LogLevel.Error, participant.Name, "failed in a radio session: " + e.Message);
                }
            }
        }

        private bool Fail(string message)
        {
            LastError = message;
            return false;
        }
    }
}
