using Firmware.Control;
using Firmware.Ports;
using Firmware.Text;
using Firmware.Uplink;

namespace Firmware.Device
{
    /// <summary>
    /// The commands a device takes on <c>…/cmd/NAME</c>, and its answers on <c>…/events</c>:
    /// <list type="bullet">
    /// <item>config: a configuration document (retained desired state with a "version"), applied once, on trial when it
    /// changes connectivity (<see cref="ConfigurationManager"/>).</item>
    /// <item>setpoint: thermostat settings (<see cref="ThermostatSettingsReader"/>), persisted, surviving reboots.</item>
    /// <item>reboot, status, factory-reset: one-shot commands with an "id" and an "expires" time
    /// (<see cref="OneShotCommand"/>), run at most once (their ids are remembered in flash before they run), never
    /// retained. A status command also publishes the Home Assistant discovery again.</item>
    /// <item>anything else is offered to the participants (OTA), else rejected.</item>
    /// </list>
    /// Every rejection says exactly why and changes nothing; no input can throw out of <see cref="Handle"/>.
    /// An empty payload (a retained message being cleared) is ignored.
    /// </summary>
    public sealed class DeviceCommands
    {
        public const string Config = "config";
        public const string Setpoint = "setpoint";
        public const string Reboot = "reboot";
        public const string Status = "status";
        public const string FactoryReset = "factory-reset";

        private const string Known = "config, setpoint, reboot, status, factory-reset";

        private readonly WakeContext _wake;
        private readonly OneShotCommand _oneShot = new OneShotCommand();
        private readonly ThermostatSettingsReader _setpoint = new ThermostatSettingsReader();
        private readonly byte[] _settings = new byte[ThermostatSettingsCodec.EncodedLength];

        public DeviceCommands(WakeContext wake)
        {
            _wake = wake;
        }

        /// <summary>Commands handled (applied or answered) since start.</summary>
        public int Handled { get; private set; }

        /// <summary>Commands rejected since start.</summary>
        public int Rejected { get; private set; }

        /// <summary>True once a factory reset was accepted: the wake ends by erasing state and rebooting.</summary>
        public bool FactoryResetRequested { get; private set; }

        /// <summary>
        /// True after a setpoint command changed the thermostat's settings, until the session publishes the state that
        /// shows them (<see cref="RadioSession.PublishState"/>): Home Assistant's climate entity waits for it.
        /// </summary>
        public bool ThermostatChanged { get; set; }

        /// <summary>
        /// True after a status command, until the session has published the Home Assistant discovery again (unchanged
        /// or not): the way to give it back to a broker that lost its retained messages.
        /// </summary>
        public bool DiscoveryRequested { get; set; }

        /// <summary>Handles one received message; answers on the events topic.</summary>
        public void Handle(MqttMessage message)
        {
            string name = CommandName(message.Topic);
            bool command = name != null;
            if (message.Length == 0 && !message.Oversized)
            {
                return;
            }

            if (command && message.Oversized && IsBuiltIn(name))
            {
                Reject(name, null, -1, "payload larger than " + message.Payload.Length.ToString() + " bytes");
                return;
            }

            switch (name)
            {
                case Config:
                    Configure(message);
                    return;
                case Setpoint:
                    SetThermostat(message);
                    return;
                case Reboot:
                case Status:
                case FactoryReset:
                    RunOneShot(name, message);
                    return;
            }

            for (int i = 0; i < _wake.Participants.Count; i++)
            {
                IRadioSessionParticipant participant = (IRadioSessionParticipant)_wake.Participants[i];
                bool taken;
                try
                {
                    taken = participant.OnMessage(_wake.SessionContext, name, message);
                }
                catch (System.Exception e)
                {
                    _wake.Log.Write(LogLevel.Error, participant.Name, "failed on a message: " + e.Message);
                    taken = true;
                }

                if (taken)
                {
                    Handled++;
                    return;
                }
            }

            if (command)
            {
                Reject(OneShotCommand.Shorten(name), null, -1, "unknown command '" + OneShotCommand.Shorten(name) + "' (known: " + Known + ")");
            }
            else
            {
                _wake.Log.Write(LogLevel.Warning, "cmd", "ignored a message on " + message.Topic);
            }
        }

        /// <summary>
        /// The command a topic names: what follows <c>…/cmd/</c>; empty for <c>…/cmd/</c> and <c>…/cmd</c> itself (both
        /// match the subscription <c>…/cmd/#</c>, and are answered as an unknown command); null for any other topic.
        /// </summary>
        private string CommandName(string topic)
        {
            string root = _wake.Topics.CommandRoot;
            int bare = root.Length - 1;
            if (topic == null || topic.Length < bare || !Ordinal.StartsWith(topic, root.Substring(0, bare)))
            {
                return null;
            }

            if (topic.Length == bare)
            {
                return string.Empty;
            }

            return topic[bare] == '/' ? topic.Substring(root.Length) : null;
        }

        private static bool IsBuiltIn(string name)
        {
            return name == Config || name == Setpoint || name == Reboot || name == Status || name == FactoryReset;
        }

        private void Configure(MqttMessage message)
        {
            ConfigurationOutcome outcome = _wake.Configuration.Apply(message.Payload, 0, message.Length, message.Retained, _wake.Config.DeviceId);
            if (outcome.Result == ConfigurationOutcome.ResultUnchanged)
            {
                return;
            }

            if (outcome.Result == ConfigurationOutcome.ResultRejected)
            {
                Reject(Config, null, outcome.Version, outcome.Error);
                return;
            }

            _wake.Storage.State.Sync();
            Handled++;
            _wake.ConfigurationChanged(outcome.Result == ConfigurationOutcome.ResultTrial);
            JsonWriter w = _wake.Events.Begin(Config);
            w.Property("result", outcome.Result);
            w.Property("version", outcome.Version);
            w.Property("keys", outcome.Keys);
            if (outcome.Changes != null)
            {
                w.Property("trial", outcome.Changes);
            }

            Send();
            _wake.Log.Write(LogLevel.Info, "config", "version " + outcome.Version.ToString() + " " + outcome.Result + ": " + outcome.Keys);
        }

        private void SetThermostat(MqttMessage message)
        {
            Thermostat thermostat = _wake.Thermostat;
            if (thermostat == null)
            {
                Reject(Setpoint, null, -1, "this device has no thermostat");
                return;
            }

            ThermostatSettings next = _setpoint.Apply(thermostat.Settings, message.Payload, 0, message.Length);
            if (next == null)
            {
                Reject(Setpoint, null, -1, _setpoint.Error);
                return;
            }

            if (next.SameAs(thermostat.Settings))
            {
                if (!message.Retained)
                {
                    Answer(Setpoint, null, "unchanged", null, thermostat);
                }

                return;
            }

            string invalid = thermostat.Apply(next);
            if (invalid != null)
            {
                Reject(Setpoint, null, -1, invalid);
                return;
            }

            ThermostatSettingsCodec.Encode(next, _settings, 0);
            _wake.Storage.State.Write(Firmware.Storage.StateKeys.ThermostatSettings, ThermostatSettingsCodec.Version, _settings, 0, _settings.Length);
            _wake.Storage.State.Sync();
            ThermostatChanged = true;
            Answer(Setpoint, null, "applied", null, thermostat);
            if (_wake.Log.IsEnabled(LogLevel.Info))
            {
                _wake.Log.Write(LogLevel.Info, "cmd", "setpoint applied: " + FixedPoint.Format(next.SetpointCenti, -2) + " °C, hysteresis "
                    + FixedPoint.Format(next.HysteresisCenti, -2) + " °C, heater on at least " + next.MinimumOnSeconds.ToString() + " s and off at least "
                    + next.MinimumOffSeconds.ToString() + " s, at most " + next.MaximumOnSeconds.ToString() + " s on, cut-off " + FixedPoint.Format(next.CutoffCenti, -2) + " °C");
            }
        }

        private void RunOneShot(string name, MqttMessage message)
        {
            if (!_oneShot.Parse(message.Payload, 0, message.Length))
            {
                Reject(name, null, -1, _oneShot.Error);
                return;
            }

            string id = _oneShot.Id;
            if (_wake.Recent.Contains(id))
            {
                // Delivered again (a redelivery, or a retained copy already refused): it ran, or was answered, once.
                return;
            }

            string problem = null;
            if (message.Retained)
            {
                problem = "one-shot commands must not be retained (clear it with an empty retained message)";
            }
            else if (_oneShot.TargetDevice != null && _oneShot.TargetDevice != _wake.Config.DeviceId)
            {
                problem = "the command is for device '" + OneShotCommand.Shorten(_oneShot.TargetDevice) + "', not '" + _wake.Config.DeviceId + "'";
            }
            else if (!_wake.Platform.Clock.IsWallTimeKnown)
            {
                problem = "the clock is not set, so the expiry cannot be checked";
            }
            else if (_wake.Platform.Clock.UnixTimeMilliseconds / 1000 > _oneShot.ExpiresSeconds)
            {
                problem = "expired at " + _oneShot.ExpiresSeconds.ToString() + " (Unix seconds); the device's time is "
                    + (_wake.Platform.Clock.UnixTimeMilliseconds / 1000).ToString();
            }

            // Remembered before it runs: a reboot or a cut after this point never runs it a second time.
            _wake.Recent.Add(_wake.Storage.State, id);
            _wake.Storage.State.Sync();
            if (problem != null)
            {
                Reject(name, id, -1, problem);
                return;
            }

            Handled++;
            if (name == Reboot)
            {
                _wake.RequestReboot();
                Answer(name, id, "accepted", "rebooting at the end of this session", null);
            }
            else if (name == FactoryReset)
            {
                FactoryResetRequested = true;
                _wake.RequestReboot();
                Answer(name, id, "accepted", "erasing configuration and state, keeping unsent readings, then rebooting", null);
            }
            else
            {
                JsonWriter w = _wake.Events.Begin(Status);
                w.Property("id", id);
                w.Name("status");
                StatusReport.WriteStatus(w, _wake, DeviceStatusState.Online, -1, true);
                Send();
                DiscoveryRequested = true;
            }

            _wake.Log.Write(LogLevel.Info, "cmd", name + " " + id + " run");
        }

        /// <summary>Answers a command on the events topic: a one-word result, and what it means where that helps.</summary>
        private void Answer(string name, string id, string result, string detail, Thermostat thermostat)
        {
            JsonWriter w = _wake.Events.Begin(name);
            if (id != null)
            {
                w.Property("id", id);
            }

            w.Property("result", result);
            if (detail != null)
            {
                w.Property("detail", detail);
            }

            if (thermostat != null)
            {
                thermostat.WriteState(w);
            }

            Send();
        }

        private void Reject(string name, string id, long version, string error)
        {
            Rejected++;
            JsonWriter w = _wake.Events.Begin(name == null ? "command" : name);
            if (id != null)
            {
                w.Property("id", id);
            }

            w.Property("result", "rejected");
            if (version >= 0)
            {
                w.Property("version", version);
            }

            w.Property("error", error);
            Send();
            _wake.Log.Write(LogLevel.Warning, "cmd", (name == null ? "command" : name) + " rejected: " + error);
        }

        private void Send()
        {
            _wake.Events.Send(_wake.Budget.Clip(_wake.Config.AckTimeoutMilliseconds));
        }
    }
}
