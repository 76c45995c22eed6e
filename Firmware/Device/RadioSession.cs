using Firmware.Ports;
using Firmware.Power;
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
    /// <item><see cref="Exchange"/>: the telemetry drain, the retained latest state, the commands the broker queued,
    /// and the participants' optional work.</item>
    /// <item><see cref="Close"/>: the retained "sleeping until" (or "offline") status, a clean disconnect (which does
    /// not fire the will), the network down.</item>
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

        private readonly DeviceLoop _device;
        private readonly Platform _platform;
        private readonly MqttConnectOptions _options = new MqttConnectOptions();
        private readonly JsonWriter _writer = new JsonWriter();
        private readonly MqttMessage _message;
        private readonly byte[] _willPayload;
        private long _bytesAtOpen;
        private string _pendingConfigEvent;
        private string _pendingConfigError;
        private long _pendingConfigVersion;

        public RadioSession(DeviceLoop device, int messageCapacity)
        {
            _device = device;
            _platform = device.Platform;
            _message = new MqttMessage(messageCapacity);
            _willPayload = Utf8.GetBytes("{\"state\":\"offline\",\"fw\":\"" + device.FirmwareVersion + "\"}");
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
        /// Brings the network and the MQTT session up and announces the device. False with <see cref="LastError"/>
        /// when it could not reach the broker (the caller backs off).
        /// </summary>
        public bool Open()
        {
            LastError = null;
            _pendingConfigEvent = null;
            EnergyLedger ledger = _device.Ledger;
            ledger.CountRadioSession();
            _bytesAtOpen = BytesSent();
            _device.Context.Reset(_device.IsMains || _device.Plan.OptionalWorkAllowed, _device.BatteryPercent);
            ConfigurationManager configuration = _device.Configuration;
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
                return Fail("status: " + _device.Publisher.LastError);
            }

            _device.Context.Healthy = true;
            ReportConfiguration();
            CallParticipants(StepHealthy);
            return true;
        }

        /// <summary>
        /// Drains the log, publishes the latest state, takes commands (waiting up to <paramref name="commandWaitMilliseconds"/>
        /// for the first), runs optional work.
        /// </summary>
        public void Exchange(int commandWaitMilliseconds)
        {
            SessionBudget budget = _device.Budget;
            LastDelivered = _device.Drain.Run(budget);
            if (_device.Drain.LastError != null)
            {
                LastError = "telemetry: " + _device.Drain.LastError;
            }

            if (!IsOpen)
            {
                return;
            }

            _writer.Reset(_device.Payload, 0, _device.Payload.Length);
            StatusReport.WriteState(_writer, _device);
            if (!_device.Publisher.Publish(_device.Topics.State, _device.Payload, _writer.Length, true, budget.Clip(_device.Config.AckTimeoutMilliseconds)))
            {
                LastError = "state: " + _device.Publisher.LastError;
            }

            TakeCommands(commandWaitMilliseconds);
            if (_device.Context.OptionalWorkAllowed && IsOpen && !budget.IsExhausted)
            {
                CallParticipants(StepOptionalWork);
            }
        }

        /// <summary>
        /// Takes the commands that have arrived (the first wait up to <paramref name="waitMilliseconds"/>, then only
        /// what is already there). A command received is always handled, even when the budget is spent: the link has
        /// acknowledged it and the broker will not send it again; only its answer may then be lost.
        /// </summary>
        public void TakeCommands(int waitMilliseconds)
        {
            int wait = _device.Budget.Clip(waitMilliseconds);
            for (int n = 0; n < MaxCommandsPerSession; n++)
            {
                if (!_platform.Mqtt.Receive(_message, wait))
                {
                    break;
                }

                wait = 0;
                _device.Commands.Handle(_message);
            }
        }

        /// <summary>
        /// Ends the session: tells the participants (they may still publish), then says goodbye: the retained status
        /// "sleeping" with the time of the next session (or "offline" when the device stops), a clean disconnect, the
        /// network down. Charges the session's transmit time.
        /// </summary>
        public void Close(long untilUnixMilliseconds, bool stopping)
        {
            CallParticipants(StepSessionEnd);
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
            long bytes = BytesSent() - _bytesAtOpen;
            _bytesAtOpen = BytesSent();
            if (bytes > 0)
            {
                _device.Ledger.AddMicroseconds(PowerPhase.RadioTransmit, (bytes * 8) / TransmitBitsPerMicrosecond);
            }
        }

        /// <summary>Publishes the retained status now (mains devices after a change, and the full status on request).</summary>
        public bool PublishStatus(string state, long untilUnixMilliseconds, bool full)
        {
            _writer.Reset(_device.Payload, 0, _device.Payload.Length);
            StatusReport.WriteStatus(_writer, _device, state, untilUnixMilliseconds, full);
            return _device.Publisher.Publish(_device.Topics.Status, _device.Payload, _writer.Length, true,
                _device.Budget.Clip(_device.Config.AckTimeoutMilliseconds));
        }

        private long Now
        {
            get { return _platform.Clock.UptimeMilliseconds; }
        }

        private long BytesSent()
        {
            return _device.Drain.BytesSent + _device.Publisher.BytesSent;
        }

        /// <summary>Network, time and MQTT with <paramref name="config"/>'s settings.</summary>
        private bool Connect(DeviceConfig config)
        {
            SessionBudget budget = _device.Budget;
            EnergyLedger ledger = _device.Ledger;
            INetwork network = _platform.Network;
            ledger.Begin(PowerPhase.WifiConnect, Now);
            network.UseCredentials(config.WifiSsid, config.WifiPassword);
            if (!network.IsConnected && !network.Connect(budget.Clip(config.NetworkTimeoutMilliseconds)))
            {
                return Fail("network: " + network.LastError);
            }

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

        /// <summary>A trial configuration connected (confirm it) or not (try the previous one; revert if that connects).</summary>
        private bool SettleTrial(bool connected)
        {
            ConfigurationManager configuration = _device.Configuration;
            long version = configuration.AppliedVersion;
            if (connected)
            {
                configuration.ConfirmTrial();
                _device.Storage.State.Sync();
                Pending("confirmed", version, null);
                return true;
            }

            string trialError = LastError;
            _platform.Network.Disconnect();
            bool fallback = Connect(configuration.Fallback);
            if (fallback)
            {
                configuration.RejectTrial(false);
                _device.Storage.State.Sync();
                Pending("reverted", version, "the next connection with it failed: " + trialError);
                return true;
            }

            if (configuration.CountFailedTrial())
            {
                _device.Log.Write(LogLevel.Warning, "config", "version " + version.ToString() + " rejected after "
                    + ConfigurationManager.MaxTrialAttempts.ToString() + " failed sessions");
            }

            _device.Storage.State.Sync();
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
            ConfigurationManager configuration = _device.Configuration;
            int timeout = _device.Budget.Clip(_device.Config.AckTimeoutMilliseconds);
            if (_pendingConfigEvent != null)
            {
                JsonWriter w = _device.Events.Begin("config");
                w.Property("result", _pendingConfigEvent);
                w.Property("version", _pendingConfigVersion);
                if (_pendingConfigError != null)
                {
                    w.Property("error", _pendingConfigError);
                }

                if (_device.Events.Send(timeout) && _pendingConfigEvent == "reverted")
                {
                    configuration.RejectionReported();
                    _device.Storage.State.Sync();
                }

                _pendingConfigEvent = null;
            }
            else if (configuration.RejectionUnreported)
            {
                JsonWriter w = _device.Events.Begin("config");
                w.Property("result", "reverted");
                w.Property("version", configuration.RejectedVersion);
                w.Property("error", "neither it nor the previous configuration connected in "
                    + ConfigurationManager.MaxTrialAttempts.ToString() + " sessions");
                if (_device.Events.Send(timeout))
                {
                    configuration.RejectionReported();
                    _device.Storage.State.Sync();
                }
            }
        }

        private bool Subscribe()
        {
            int timeout = _device.Config.MqttTimeoutMilliseconds;
            if (!_platform.Mqtt.Subscribe(_device.Topics.Commands, 1, _device.Budget.Clip(timeout)))
            {
                return Fail("subscribe " + _device.Topics.Commands + ": " + _platform.Mqtt.LastError);
            }

            for (int i = 0; i < _device.Participants.Count; i++)
            {
                IRadioSessionParticipant participant = (IRadioSessionParticipant)_device.Participants[i];
                string[] filters = participant.SubscriptionFilters(_device.Topics);
                for (int f = 0; filters != null && f < filters.Length; f++)
                {
                    if (filters[f] != null && !_platform.Mqtt.Subscribe(filters[f], 1, _device.Budget.Clip(timeout)))
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
            WakeState state = _device.State;
            long nowSeconds = clock.IsWallTimeKnown ? clock.UnixTimeMilliseconds / 1000 : 0;
            // A clock earlier than its last sync went back (a glitch of the RTC): it is set again, not trusted for a day.
            if (clock.IsWallTimeKnown && state.LastTimeSyncSeconds > 0 && nowSeconds >= state.LastTimeSyncSeconds
                && nowSeconds - state.LastTimeSyncSeconds < TimeSyncIntervalSeconds)
            {
                return;
            }

            long unix;
            if (_platform.Network.TryGetNetworkTime(_device.Budget.Clip(TimeSyncTimeoutMilliseconds), out unix))
            {
                clock.SetUnixTimeMilliseconds(unix);
                state.LastTimeSyncSeconds = unix / 1000;
                _device.Storage.ObserveClock(clock);
            }
            else
            {
                _device.Log.Write(LogLevel.Warning, "time", "no network time: " + _platform.Network.LastError);
            }
        }

        private void Options(DeviceConfig config)
        {
            _options.Host = config.BrokerHost;
            _options.Port = config.BrokerPort;
            _options.ClientId = config.DeviceId;
            _options.CleanSession = false;
            _options.KeepAliveSeconds = 60;
            _options.WillTopic = _device.Topics.Status;
            _options.WillPayload = _willPayload;
            _options.WillRetain = true;
            _options.WillQos = 1;
            _options.UseTls = config.UseTls;
            _options.CaCertificatePem = config.CaCertificate;
            _options.ClientCertificatePem = config.ClientCertificate;
            _options.ClientKeyPem = config.ClientKey;
            _options.UserName = config.UserName;
            _options.Password = config.Password;
        }

        /// <summary>
        /// Calls one step of every participant in turn; an exception from one is logged and becomes the session's last
        /// error, and the others still run.
        /// </summary>
        private void CallParticipants(int step)
        {
            RadioSessionContext context = _device.Context;
            for (int i = 0; i < _device.Participants.Count; i++)
            {
                IRadioSessionParticipant participant = (IRadioSessionParticipant)_device.Participants[i];
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
                    _device.Log.Write(LogLevel.Error, participant.Name, "failed in a radio session: " + e.Message);
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
