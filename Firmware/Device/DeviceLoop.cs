using System.Collections;
using Firmware.Control;
using Firmware.Ports;
using Firmware.Power;
using Firmware.Readings;
using Firmware.Storage;
using Firmware.Text;
using Firmware.Uplink;

namespace Firmware.Device
{
    /// <summary>
    /// The device's main loop, in one of two power modes from the configuration:
    /// <list type="bullet">
    /// <item>battery: <see cref="Run"/> is one wake of a fresh boot. It accounts the sleep that ended, samples,
    /// appends the reading to the flash log and commits it, runs a radio session only when one is due (the planned
    /// radio interval on sample wakes, the log past its fill threshold, the onset of an alarm, a configuration on
    /// trial, a participant's request), plans the next wake, saves its state and asks for deep sleep. A watchdog caps
    /// the wake's time.</item>
    /// <item>mains: <see cref="Run"/> loops on the sample interval until the target stops it, keeps the MQTT session
    /// up (reconnecting with backoff), publishes after every sample and hears commands between samples.</item>
    /// </list>
    /// Bad input and failing ports never end the loop: each failure is logged, reported in the status and the next
    /// wake tries again. The sample path allocates nothing.
    /// </summary>
    public sealed class DeviceLoop
    {
        /// <summary>CPU time charged per wake at least (planning, encoding, bookkeeping), when the host measures less.</summary>
        public const int MinimumCpuMillisecondsPerWake = PowerAverages.EstimatedCpuMillisecondsPerWake;

        /// <summary>Mains devices save their energy ledger this often (it is not worth a flash write per sample).</summary>
        public const long MainsStateSaveMilliseconds = 3600000;

        /// <summary>Mains devices look for commands this often while waiting for the next sample.</summary>
        public const int MainsCommandPollMilliseconds = 1000;

        /// <summary>
        /// While a participant wants a session (an image on trial) and the broker is not reached, a mains device tries
        /// at least this often, whatever its backoff: each attempt lets the trial know how it went.
        /// </summary>
        public const int MainsParticipantRetryMilliseconds = 60000;

        /// <summary>Time the wake watchdog leaves the loader past a trial deadline, so a hang on trial is the loader's to count.</summary>
        public const int TrialDeadlineMarginMilliseconds = 5000;

        private readonly Platform _platform;
        private readonly ILog _log;
        private readonly MeteredFlash _flash;
        private readonly DeviceStorage _storage;
        private readonly ConfigurationManager _configuration;
        private readonly DeviceConfig _config;
        private readonly Sampler _sampler;
        private readonly Reading _reading;
        private readonly AlarmRule _alarm;
        private readonly Thermostat _thermostat;
        private readonly ThermostatStateSensor _thermostatState;
        private readonly int _measuredChannels;
        private readonly EnergyLedger _ledger;
        private readonly Backoff _backoff;
        private readonly WakeState _state;
        private readonly PowerBudget _powerBudget = new PowerBudget();
        private readonly PowerAverages _averages = new PowerAverages();
        private readonly RadioPlan _plan = new RadioPlan();
        private readonly SessionBudget _budget;
        private readonly WakeWatchdog _watchdog;
        private readonly Topics _topics;
        private readonly byte[] _payload;
        private readonly AcknowledgedPublisher _publisher;
        private readonly EventPublisher _events;
        private readonly TelemetryDrain _drain;
        private readonly RadioSessionContext _context;
        private readonly RecentCommands _recent = new RecentCommands();
        private readonly LastErrorRecord _lastError = new LastErrorRecord();
        private readonly ArrayList _participants = new ArrayList();
        private readonly DeviceCommands _commands;
        private readonly RadioSession _session;
        private readonly bool _mains;
        private readonly long _sampleMilliseconds;
        private readonly long _entryUptime;
        private readonly long _loadMilliseconds;
        private long _sleepMilliseconds;
        private long _cpuBefore;
        private string _radioReason;

        public DeviceLoop(Platform platform, DeviceConfig config, string firmwareVersion)
        {
            _platform = platform;
            _log = platform.Log;
            _entryUptime = platform.Clock.UptimeMilliseconds;
            _loadMilliseconds = platform.Slots != null && platform.Slots.State.LoadMilliseconds > 0 ? platform.Slots.State.LoadMilliseconds : 0;
            FirmwareVersion = firmwareVersion;
            IFlash flash = platform.Flash;
            if (flash == null)
            {
                _log.Write(LogLevel.Warning, "storage", "no flash on this platform: readings are kept in RAM until a restart");
                flash = new RamFlash(1024, 16);
            }

            _flash = new MeteredFlash(flash);
            _storage = new DeviceStorage(_flash, platform.SlotBytes);
            _storage.Open(platform.Power.WakeCause, platform.Clock);
            _configuration = new ConfigurationManager(_storage.Config, _storage.State, config, _log);
            _configuration.Load();
            _config = _configuration.Effective;
            _mains = _config.IsMains(platform.Relay != null);
            _sampleMilliseconds = (long)_config.SampleIntervalSeconds * 1000;

            ISensor[] sensors = platform.Sensors;
            _measuredChannels = new ChannelTable(sensors).Count;
            if (platform.Relay != null)
            {
                // The thermostat's decision and setpoint ride in every reading, after the sensors' channels.
                _thermostatState = new ThermostatStateSensor();
                ISensor[] withState = new ISensor[sensors.Length + 1];
                System.Array.Copy(sensors, withState, sensors.Length);
                withState[sensors.Length] = _thermostatState;
                sensors = withState;
            }

            _sampler = new Sampler(sensors, platform.Clock, platform.Log);
            _reading = new Reading(_sampler.Channels.Count);
            _alarm = new AlarmRule(_sampler.Channels, _config);
            _ledger = new EnergyLedger(BoardProfiles.ByName(_config.BoardProfile));
            _backoff = new Backoff((long)_config.EffectiveBackoffBaseSeconds(_mains) * 1000, (long)_config.BackoffCapSeconds * 1000);
            _state = new WakeState(_ledger, _backoff);
            _budget = new SessionBudget(platform.Clock);
            _watchdog = new WakeWatchdog(platform.Clock, platform.Power, _log);
            Budget.Start(0);
            ConfigurePowerBudget();

            _topics = new Topics(_config.TopicPrefix, _config.DeviceId);
            _payload = new byte[_config.MaxPayloadBytes > 2048 ? _config.MaxPayloadBytes : 2048];
            _publisher = new AcknowledgedPublisher(platform.Mqtt, platform.Clock);
            _events = new EventPublisher(_publisher, _topics.Events, _payload);
            _drain = new TelemetryDrain(_storage.Log, _storage.Time, platform.Mqtt, platform.Clock, _sampler.Channels, _config.DeviceId,
                _topics.Telemetry, _payload, _config.MaxPayloadBytes, _config.BatchesInFlight, _config.AckTimeoutMilliseconds);
            _context = new RadioSessionContext(platform, _storage, _topics, _budget, _publisher, _events, _config.AckTimeoutMilliseconds);
            _commands = new DeviceCommands(this);
            int messageCapacity = _configuration.Capacity > 1024 ? _configuration.Capacity : 1024;
            _session = new RadioSession(this, messageCapacity);
            _recent.Load(_storage.State);
            _lastError.Load(_storage.State);

            if (platform.Relay != null)
            {
                // A reading older than two sample intervals is stale: the heater goes off rather than run blind.
                _thermostat = new Thermostat(platform.Relay, platform.Clock, LoadThermostatSettings(), _sampler.Channels, 2 * _sampleMilliseconds);
                _thermostatState.Thermostat = _thermostat;
            }

            Boot();
        }

        public string FirmwareVersion { get; private set; }

        public Platform Platform
        {
            get { return _platform; }
        }

        /// <summary>The configuration in force (base, deployed file and the applied document).</summary>
        public DeviceConfig Config
        {
            get { return _config; }
        }

        public ConfigurationManager Configuration
        {
            get { return _configuration; }
        }

        /// <summary>True when this loop runs in mains mode.</summary>
        public bool IsMains
        {
            get { return _mains; }
        }

        /// <summary>The thermostat when the platform has a relay, else null; controls on every sample, network or not.</summary>
        public Thermostat Thermostat
        {
            get { return _thermostat; }
        }

        /// <summary>The flash log, state store, document store and time base this loop uses.</summary>
        public DeviceStorage Storage
        {
            get { return _storage; }
        }

        /// <summary>The flash as the loop sees it, with its operations counted.</summary>
        public MeteredFlash Flash
        {
            get { return _flash; }
        }

        public EnergyLedger Ledger
        {
            get { return _ledger; }
        }

        public Backoff Backoff
        {
            get { return _backoff; }
        }

        public WakeState State
        {
            get { return _state; }
        }

        /// <summary>The last power plan (radio interval, battery level, optional work).</summary>
        public RadioPlan Plan
        {
            get { return _plan; }
        }

        public SessionBudget Budget
        {
            get { return _budget; }
        }

        public Topics Topics
        {
            get { return _topics; }
        }

        public ChannelTable Channels
        {
            get { return _sampler.Channels; }
        }

        /// <summary>The channels the platform's sensors measure (the first ones of <see cref="Channels"/>; a thermostat's state follows).</summary>
        public int MeasuredChannelCount
        {
            get { return _measuredChannels; }
        }

        /// <summary>The last reading sampled (its sequence set once stored).</summary>
        public Reading LatestReading
        {
            get { return _reading; }
        }

        public AlarmRule AlarmRule
        {
            get { return _alarm; }
        }

        public TelemetryDrain Drain
        {
            get { return _drain; }
        }

        public LastErrorRecord LastError
        {
            get { return _lastError; }
        }

        public ArrayList Participants
        {
            get { return _participants; }
        }

        public DeviceCommands Commands
        {
            get { return _commands; }
        }

        /// <summary>What participants get in a session.</summary>
        public RadioSessionContext Context
        {
            get { return _context; }
        }

        /// <summary>Why this boot happened (<see cref="Device.WakeReason"/>).</summary>
        public string WakeReasonText { get; private set; }

        /// <summary>True when the wake before this boot did not save its state (a watchdog, a crash, a power cut).</summary>
        public bool PreviousWakeUnfinished { get; private set; }

        /// <summary>The battery at this wake's sample, or -1 when there is no gauge or it failed.</summary>
        public int BatteryMillivolts { get; private set; }

        public int BatteryPercent { get; private set; }

        /// <summary>Readings sampled by this loop.</summary>
        public long Sampled { get; private set; }

        /// <summary>Readings the broker acknowledged in this loop's sessions.</summary>
        public long Delivered
        {
            get { return _drain.Delivered; }
        }

        /// <summary>Radio sessions this loop attempted.</summary>
        public int Sessions { get; private set; }

        /// <summary>The sleep the battery wake asked for, or -1.</summary>
        public long SleepMilliseconds
        {
            get { return _sleepMilliseconds; }
        }

        /// <summary>Why the last radio session ran ("interval", "log", "alarm", ...), or null when none did.</summary>
        public string RadioReason
        {
            get { return _radioReason; }
        }

        /// <summary>True when a mains loop ended to start again with a changed configuration.</summary>
        public bool RestartRequested { get; private set; }

        internal AcknowledgedPublisher Publisher
        {
            get { return _publisher; }
        }

        internal EventPublisher Events
        {
            get { return _events; }
        }

        internal RecentCommands Recent
        {
            get { return _recent; }
        }

        internal byte[] Payload
        {
            get { return _payload; }
        }

        internal ILog Log
        {
            get { return _log; }
        }

        private bool RebootAtEnd { get; set; }

        /// <summary>Adds work that rides on the radio sessions (OTA); see <see cref="IRadioSessionParticipant"/>.</summary>
        public void AddParticipant(IRadioSessionParticipant participant)
        {
            if (participant == null)
            {
                throw new System.ArgumentNullException("participant");
            }

            _participants.Add(participant);
        }

        /// <summary>Runs one battery wake (ending in a deep-sleep request) or the mains loop until the target stops it.</summary>
        public void Run()
        {
            if (_mains)
            {
                RunMains();
            }
            else
            {
                RunBatteryWake();
            }
        }

        /// <summary>A command asked for a reboot: the wake ends with one instead of a sleep.</summary>
        internal void RequestReboot()
        {
            RebootAtEnd = true;
        }

        /// <summary>A configuration document was applied: a trial is tried at the next wake; a mains loop starts again.</summary>
        internal void ConfigurationChanged(bool trial)
        {
            if (trial)
            {
                _state.RadioAtNextWake = true;
            }

            if (_mains)
            {
                RestartRequested = true;
            }
        }

        private void Boot()
        {
            IClock clock = _platform.Clock;
            bool loaded = _state.Load(_storage.State);
            if (!loaded && _storage.Boot.Boots > 1)
            {
                _log.Write(LogLevel.Warning, "power", "starting a new energy ledger: " + _state.Error);
            }

            WakeReasonText = WakeReason.Resolve(_platform.Power.WakeCause, _state.RebootRequested, clock.IsWallTimeKnown);
            PreviousWakeUnfinished = loaded && _state.WrittenAtBoot != _storage.Boot.Boots - 1;
            _state.RebootRequested = false;
            if (WakeReasonText == WakeReason.PowerOn && !_mains)
            {
                // Power was lost: on a battery device that is a new battery, so the ledger starts over.
                _ledger.Reset();
            }
            else if (WakeReasonText == WakeReason.Timer && loaded && _state.LastSleepMilliseconds > 0)
            {
                _ledger.Add(PowerPhase.DeepSleep, _state.LastSleepMilliseconds);
            }

            if (!loaded || WakeReasonText != WakeReason.Timer)
            {
                // A first boot, a power-on, a reboot or a reset reports in at once: to learn the time and its
                // configuration, and to say it is back.
                _state.WakesUntilRadio = 0;
            }

            _ledger.AddWake();
            if (_loadMilliseconds > 0)
            {
                // The loader measured how long it took to load this application's bundle from its slot.
                _ledger.Add(PowerPhase.BundleLoad, _loadMilliseconds);
            }

            _ledger.Begin(PowerPhase.CpuActive, _entryUptime);
            _cpuBefore = _ledger.Microseconds(PowerPhase.CpuActive);
            ReadingLog log = _storage.Log;
            _log.Write(LogLevel.Info, "storage", "boot " + _storage.Boot.Boots.ToString() + " (" + WakeReasonText + "): " + log.Held.ToString()
                + " reading(s) held, next #" + log.NextSequence.ToString() + ", " + log.Dropped.ToString() + " dropped");
        }

        private void ConfigurePowerBudget()
        {
            _powerBudget.BatteryCapacityMicroampHours = (long)_config.BatteryCapacityMilliampHours * 1000;
            _powerBudget.TargetLifeDays = _config.TargetLifeDays;
            _powerBudget.SampleIntervalSeconds = _config.SampleIntervalSeconds;
            _powerBudget.RadioIntervalSeconds = _config.RadioIntervalSeconds;
            _powerBudget.MaxRadioIntervalSeconds = _config.MaxRadioIntervalSeconds;
            RadioPlanner.Plan(_powerBudget, _ledger, _averages, -1, _plan);
        }

        private ThermostatSettings LoadThermostatSettings()
        {
            byte[] record = new byte[ThermostatSettingsCodec.EncodedLength];
            int version;
            int length = _storage.State.Read(StateKeys.ThermostatSettings, record, 0, out version);
            if (length < 0)
            {
                return new ThermostatSettings();
            }

            string error;
            ThermostatSettings settings = ThermostatSettingsCodec.Decode(record, 0, length, out error);
            if (settings == null)
            {
                _log.Write(LogLevel.Error, "thermostat", "stored settings ignored: " + error);
                return new ThermostatSettings();
            }

            return settings;
        }

        private void RunBatteryWake()
        {
            IClock clock = _platform.Clock;
            _sleepMilliseconds = _sampleMilliseconds;
            _watchdog.ArmSleep(WakeCapMilliseconds(), _sampleMilliseconds);
            try
            {
                SampleAndStore();
                if (DecideRadio())
                {
                    BatterySession();
                }
                else
                {
                    PlanNext(true);
                }

                FinishWake();
            }
            catch (System.IO.IOException e)
            {
                // The flash failed: nothing more can be kept; sleep and try again at the next wake.
                _log.Write(LogLevel.Error, "storage", e.Message);
            }

            bool fired = !_watchdog.Disarm();
            _watchdog.Stop();
            if (fired)
            {
                return;
            }

            if (RebootAtEnd)
            {
                _platform.Power.Reboot();
            }
            else
            {
                _platform.Power.DeepSleep(_sleepMilliseconds);
            }
        }

        /// <summary>Samples every sensor, runs the thermostat and the alarm rule, appends and commits the reading.</summary>
        private void SampleAndStore()
        {
            IClock clock = _platform.Clock;
            long sampledAt = clock.UptimeMilliseconds;
            _ledger.Begin(PowerPhase.SensorMeasure, sampledAt);
            _sampler.Measure(_reading);
            long measured = clock.UptimeMilliseconds - sampledAt;
            _ledger.Begin(PowerPhase.CpuActive, clock.UptimeMilliseconds);
            if (measured < _ledger.Profile.SensorMeasureMilliseconds)
            {
                // The host's simulated sensor takes no time; a real one takes the profile's.
                _ledger.Add(PowerPhase.SensorMeasure, _ledger.Profile.SensorMeasureMilliseconds - measured);
            }

            if (_thermostat != null)
            {
                // Control before any network step, so a slow or absent network cannot delay it.
                _thermostat.Update(_reading, sampledAt);
                int state = _thermostatState.Measure(_reading.Values, _measuredChannels);
                _reading.ValidMask = (_reading.ValidMask & ((1 << _measuredChannels) - 1)) | (state << _measuredChannels);
            }

            BatteryMillivolts = -1;
            BatteryPercent = -1;
            int millivolts;
            int percent;
            if (_platform.Battery != null && _platform.Battery.Measure(out millivolts, out percent))
            {
                BatteryMillivolts = millivolts;
                BatteryPercent = percent;
            }

            // The plan with this wake's battery level: the session's participants learn from it whether optional work may run.
            RadioPlanner.Plan(_powerBudget, _ledger, _averages, BatteryPercent, _plan);
            Sampled++;
            _ledger.CountReadings(1);
            try
            {
                _storage.Log.Append(_reading);
                _storage.Log.Sync();
                if (_log.IsEnabled(LogLevel.Info))
                {
                    _log.Write(LogLevel.Info, "sample", ReadingText.Describe(_reading, _sampler.Channels));
                }
            }
            catch (System.IO.IOException e)
            {
                _log.Write(LogLevel.Error, "storage", "reading not stored: " + e.Message);
            }

            _flash.ChargeTo(_ledger);
        }

        /// <summary>True when this battery wake runs the radio; says why in <see cref="RadioReason"/>.</summary>
        private bool DecideRadio()
        {
            _radioReason = null;
            bool alarm = _alarm.Check(_reading);
            bool onset = alarm && !_state.AlarmActive;
            if (alarm != _state.AlarmActive)
            {
                _log.Write(LogLevel.Warning, "alarm", (alarm ? "alarm: " : "alarm cleared: ") + _alarm.Channel + " at "
                    + FixedPoint.Format(_alarm.LastCenti, -2));
            }

            _state.AlarmActive = alarm;
            if (onset)
            {
                _radioReason = "alarm";
            }
            else if (_state.RadioAtNextWake)
            {
                _radioReason = "requested";
            }
            else if (WantedByParticipant())
            {
                _radioReason = "participant";
            }
            else if (_state.WakesUntilRadio <= 1)
            {
                _radioReason = _backoff.Failures > 0 ? "retry" : "interval";
            }
            else if (_backoff.Failures == 0 && LogFillPercent() >= _config.LogFillPercent)
            {
                _radioReason = "log";
            }

            return _radioReason != null;
        }

        private bool WantedByParticipant()
        {
            for (int i = 0; i < _participants.Count; i++)
            {
                if (((IRadioSessionParticipant)_participants[i]).WantsRadioSession)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The wake's cap: the configured one, but while the running image is on trial at least until the loader's
        /// trial deadline (and a margin), so that a hang on trial is reset by the loader and counted as a failed
        /// attempt rather than ended by this watchdog, which the loader cannot tell from a power cut.
        /// </summary>
        private long WakeCapMilliseconds()
        {
            long cap = (long)_config.WakeCapSeconds * 1000;
            Firmware.Boot.IUpdateSlots slots = _platform.Slots;
            if (slots != null && slots.State.Trial && slots.State.TrialDeadline >= 0)
            {
                long untilDeadline = slots.State.TrialDeadline - _platform.Clock.UptimeMilliseconds + TrialDeadlineMarginMilliseconds;
                if (untilDeadline > cap)
                {
                    cap = untilDeadline;
                }
            }

            return cap;
        }

        /// <summary>How full the log is, in percent of the readings it can hold.</summary>
        public int LogFillPercent()
        {
            ReadingLog log = _storage.Log;
            long slot = ReadingRecord.Size(_sampler.Channels.Count, 3);
            long used = log.Held * slot;
            long total = used + log.BytesFree;
            return total <= 0 ? 100 : (int)((used * 100) / total);
        }

        private void BatterySession()
        {
            Sessions++;
            _state.RadioAtNextWake = false;
            _budget.Start((long)_config.SessionBudgetSeconds * 1000);
            bool connected = _session.Open();
            if (connected)
            {
                _backoff.Succeeded();
                _session.Exchange(_config.CommandWaitMilliseconds);
            }

            _ledger.Begin(PowerPhase.CpuActive, _platform.Clock.UptimeMilliseconds);
            PlanNext(connected);
            long nextSession = -1;
            if (_platform.Clock.IsWallTimeKnown)
            {
                long wakes = _state.WakesUntilRadio < 1 ? 1 : _state.WakesUntilRadio;
                nextSession = _platform.Clock.UnixTimeMilliseconds + SleepFor() + _ledger.Profile.BootMilliseconds + ((wakes - 1) * _sampleMilliseconds);
            }

            if (connected)
            {
                _ledger.Begin(PowerPhase.RadioReceive, _platform.Clock.UptimeMilliseconds);
            }

            _session.Close(RebootAtEnd || _context.RebootRequested ? -1 : nextSession, false);
            _ledger.Begin(PowerPhase.CpuActive, _platform.Clock.UptimeMilliseconds);
            RecordError(_session.LastError);
            if (_context.RebootRequested)
            {
                RequestReboot();
            }
        }

        /// <summary>The power plan, and the sample wakes until the next radio session (the plan's, or the backoff's after a failure).</summary>
        private void PlanNext(bool radioSucceededOrSkipped)
        {
            RadioPlanner.Plan(_powerBudget, _ledger, _averages, BatteryPercent, _plan);
            if (_radioReason == null)
            {
                if (_state.WakesUntilRadio > 0)
                {
                    _state.WakesUntilRadio--;
                }

                return;
            }

            if (radioSucceededOrSkipped)
            {
                _state.WakesUntilRadio = _plan.SampleWakesPerRadioWake;
            }
            else
            {
                long delay = _backoff.Failed(_platform.Random);
                _state.WakesUntilRadio = RadioPlanner.SampleWakesFor(delay, _sampleMilliseconds);
                _log.Write(LogLevel.Warning, "uplink", _session.LastError + "; next attempt in " + _state.WakesUntilRadio.ToString()
                    + " sample wake(s) (" + _backoff.Failures.ToString() + " failure(s) in a row)");
            }
        }

        /// <summary>The sleep that starts the next wake on the sample grid (boot time included), skipping slots a long wake overran.</summary>
        private long SleepFor()
        {
            long elapsed = _platform.Clock.UptimeMilliseconds - _entryUptime + _ledger.Profile.BootMilliseconds + _loadMilliseconds;
            long sleep = _sampleMilliseconds - elapsed;
            while (sleep < 0)
            {
                sleep += _sampleMilliseconds;
            }

            return sleep;
        }

        /// <summary>Charges what the host could not time, saves the wake state and commits.</summary>
        private void FinishWake()
        {
            if (_commands.FactoryResetRequested)
            {
                _storage.FactoryReset();
                _log.Write(LogLevel.Warning, "storage", "factory reset: configuration and state erased; " + _storage.Log.Held.ToString()
                    + " unsent reading(s) kept");
                return;
            }

            ChargeWake();
            _sleepMilliseconds = SleepFor();
            _state.LastSleepMilliseconds = RebootAtEnd ? -1 : _sleepMilliseconds;
            _state.RebootRequested = RebootAtEnd;
            SaveState();
        }

        private void ChargeWake()
        {
            _ledger.End(_platform.Clock.UptimeMilliseconds);
            long cpu = (_ledger.Microseconds(PowerPhase.CpuActive) - _cpuBefore) / 1000;
            if (cpu < MinimumCpuMillisecondsPerWake)
            {
                _ledger.Add(PowerPhase.CpuActive, MinimumCpuMillisecondsPerWake - cpu);
            }

            _flash.ChargeTo(_ledger);
            _ledger.Begin(PowerPhase.CpuActive, _platform.Clock.UptimeMilliseconds);
            _cpuBefore = _ledger.Microseconds(PowerPhase.CpuActive);
        }

        private void SaveState()
        {
            _state.WrittenAtBoot = _storage.Boot.Boots;
            long erases = _flash.Erases;
            _state.Save(_storage.State);
            if (_flash.Erases > erases)
            {
                // The save rotated the state store (an erase, about every 15 wakes): save again with the erase
                // charged, or the ledger would never see it.
                _flash.ChargeTo(_ledger);
                _state.Save(_storage.State);
            }

            _storage.State.Sync();
            _flash.ChargeTo(_ledger);
        }

        private void RecordError(string error)
        {
            if (error != null && _lastError.Set(_storage.State, error))
            {
                _storage.State.Sync();
            }
        }

        private void RunMains()
        {
            IClock clock = _platform.Clock;
            long next = clock.UptimeMilliseconds;
            long retryAt = next;
            long savedAt = next;
            while (!_platform.Power.StopRequested && !RestartRequested)
            {
                _watchdog.ArmReboot(WakeCapMilliseconds());
                try
                {
                    SampleAndStore();
                    if (!_session.IsOpen && (clock.UptimeMilliseconds >= retryAt || WantedByParticipant()))
                    {
                        retryAt = MainsConnect();
                    }

                    if (_session.IsOpen)
                    {
                        _budget.Start((long)_config.SessionBudgetSeconds * 1000);
                        _session.Exchange(0);
                        RecordError(_session.LastError);
                        if (_context.RebootRequested)
                        {
                            RequestReboot();
                        }
                    }

                    if (clock.UptimeMilliseconds - savedAt >= MainsStateSaveMilliseconds)
                    {
                        ChargeWake();
                        SaveState();
                        savedAt = clock.UptimeMilliseconds;
                    }
                }
                catch (System.IO.IOException e)
                {
                    _log.Write(LogLevel.Error, "storage", e.Message);
                }

                if (!_watchdog.Disarm())
                {
                    _watchdog.Stop();
                    return;
                }

                if (RebootAtEnd || _commands.FactoryResetRequested)
                {
                    break;
                }

                next += _sampleMilliseconds;
                long now = clock.UptimeMilliseconds;
                if (next <= now)
                {
                    // The wake overran one or more intervals: skip them rather than sample in a burst.
                    long missed = ((now - next) / _sampleMilliseconds) + 1;
                    next += missed * _sampleMilliseconds;
                    _log.Write(LogLevel.Warning, "device", "wake overran; skipped " + missed.ToString() + " sample slot(s)");
                }

                if (!WaitUntil(next))
                {
                    _watchdog.Stop();
                    return;
                }
            }

            EndMains();
        }

        /// <summary>Opens the session; returns when to try again (now when connected).</summary>
        private long MainsConnect()
        {
            Sessions++;
            _radioReason = "mains";
            _budget.Start((long)_config.SessionBudgetSeconds * 1000);
            IClock clock = _platform.Clock;
            if (_session.Open())
            {
                _backoff.Succeeded();
                _ledger.Begin(PowerPhase.CpuActive, clock.UptimeMilliseconds);
                return clock.UptimeMilliseconds;
            }

            _ledger.Begin(PowerPhase.CpuActive, clock.UptimeMilliseconds);
            _session.Close(-1, true);
            RecordError(_session.LastError);
            if (_context.RebootRequested)
            {
                // A participant asked for it (an image on trial that failed its health check with the network up).
                RequestReboot();
            }

            long delay = _backoff.Failed(_platform.Random);
            _log.Write(LogLevel.Warning, "uplink", _session.LastError + "; next attempt in " + (delay / 1000).ToString() + " s");
            return clock.UptimeMilliseconds + delay;
        }

        /// <summary>
        /// Waits for the next sample; while connected, takes commands as they come, each poll under the watchdog.
        /// False when the watchdog fired (it rebooted the device).
        /// </summary>
        private bool WaitUntil(long until)
        {
            IClock clock = _platform.Clock;
            while (!_platform.Power.StopRequested && !RestartRequested && !RebootAtEnd)
            {
                long left = until - clock.UptimeMilliseconds;
                if (left <= 0)
                {
                    return true;
                }

                if (!_session.IsOpen)
                {
                    if (WantedByParticipant())
                    {
                        // An image on trial waits for its health check: try again within a minute, whatever the backoff.
                        clock.Sleep(left < MainsParticipantRetryMilliseconds ? (int)left : MainsParticipantRetryMilliseconds);
                        if (!_platform.Power.StopRequested && !_session.IsOpen && until - clock.UptimeMilliseconds > 0)
                        {
                            _watchdog.ArmReboot(WakeCapMilliseconds());
                            MainsConnect();
                            if (!_watchdog.Disarm())
                            {
                                return false;
                            }
                        }

                        continue;
                    }

                    clock.Sleep(left > int.MaxValue ? int.MaxValue : (int)left);
                    continue;
                }

                clock.Sleep(left < MainsCommandPollMilliseconds ? (int)left : MainsCommandPollMilliseconds);
                _watchdog.ArmReboot(WakeCapMilliseconds());
                _budget.Start((long)_config.SessionBudgetSeconds * 1000);
                _session.TakeCommands(0);
                if (!_watchdog.Disarm())
                {
                    return false;
                }
            }

            return true;
        }

        private void EndMains()
        {
            _watchdog.Stop();
            try
            {
                ChargeWake();
                if (_commands.FactoryResetRequested)
                {
                    _storage.FactoryReset();
                }
                else
                {
                    _state.RebootRequested = RebootAtEnd;
                    SaveState();
                }
            }
            catch (System.IO.IOException e)
            {
                _log.Write(LogLevel.Error, "storage", e.Message);
            }

            _budget.Start((long)_config.SessionBudgetSeconds * 1000);
            if (RestartRequested && !RebootAtEnd)
            {
                // The loop starts again with the new configuration: the session goes down cleanly, no will.
                _session.Close(-1, false);
            }
            else
            {
                _session.Close(-1, true);
            }

            if (RebootAtEnd)
            {
                _platform.Power.Reboot();
            }
        }
    }
}
