using System.Collections;
using Firmware.Control;
using Firmware.HomeAssistant;
using Firmware.Ports;
using Firmware.Power;
using Firmware.Readings;
using Firmware.Storage;
using Firmware.Uplink;

namespace Firmware.Device
{
    /// <summary>
    /// What the phases of a wake share (<see cref="IWakePhase"/>; <see cref="DeviceLoop"/> runs them in order):
    /// <list type="bullet">
    /// <item>the parts built once per boot: storage, the configuration in force, the sensors and the reading they fill,
    /// the energy ledger and the wake state, the power plan, the uplink (topics, publishers, the telemetry drain, the
    /// radio session, commands) and the participants;</item>
    /// <item>what the boot found (<see cref="WakeReasonText"/>, <see cref="PreviousWakeUnfinished"/>);</item>
    /// <item>what the wake has learnt so far: the battery's level, the alarm's onset, why the radio runs and whether
    /// it connected, the sleep it will ask for, a reboot or restart asked for.</item>
    /// </list>
    /// Building it is the first half of a boot: it mounts the storage (RAM when the platform has no flash) and counts
    /// the boot, loads the configuration document, the thermostat's settings, the last error and the commands already
    /// run, and allocates every buffer a wake uses, so that the phases allocate nothing. The wake's own values are
    /// written by the phases only (their setters are internal); tests read them, or run the phases that write them.
    /// </summary>
    public sealed class WakeContext
    {
        /// <summary>CPU time charged per wake at least (planning, encoding, bookkeeping), when the host measures less.</summary>
        public const int MinimumCpuMillisecondsPerWake = PowerAverages.EstimatedCpuMillisecondsPerWake;

        private long _cpuBefore;

        public WakeContext(Platform platform, DeviceConfig config, string firmwareVersion)
        {
            Platform = platform;
            Log = platform.Log;
            Clock = platform.Clock;
            EntryUptime = platform.Clock.UptimeMilliseconds;
            LoadMilliseconds = platform.Slots != null && platform.Slots.State.LoadMilliseconds > 0 ? platform.Slots.State.LoadMilliseconds : 0;
            FirmwareVersion = firmwareVersion;
            IFlash flash = platform.Flash;
            if (flash == null)
            {
                Log.Write(LogLevel.Warning, "storage", "no flash on this platform: readings are kept in RAM until a restart");
                flash = new RamFlash(1024, 16);
            }

            Flash = new MeteredFlash(flash);
            Storage = new DeviceStorage(Flash, platform.SlotBytes, platform.Random);
            Storage.Open(platform.Power.WakeCause, platform.Clock);
            Setup = new SetupRequest();
            Setup.Load(Storage.State);
            Configuration = new ConfigurationManager(Storage.Config, Storage.State, config, Log);
            Configuration.Load();
            Config = Configuration.Effective;
            IsMains = Config.IsMains(platform.Relay != null);
            SampleMilliseconds = (long)Config.SampleIntervalSeconds * 1000;
            BatteryMillivolts = -1;
            BatteryPercent = -1;

            ISensor[] sensors = platform.Sensors;
            MeasuredChannelCount = new ChannelTable(sensors).Count;
            if (platform.Relay != null)
            {
                // The thermostat's decision and setpoint ride in every reading, after the sensors' channels.
                ThermostatState = new ThermostatStateSensor();
                ISensor[] withState = new ISensor[sensors.Length + 1];
                System.Array.Copy(sensors, withState, sensors.Length);
                withState[sensors.Length] = ThermostatState;
                sensors = withState;
            }

            Sampler = new Sampler(sensors, platform.Clock, platform.Log);
            Reading = new Reading(Sampler.Channels.Count);
            AlarmRule = new AlarmRule(Sampler.Channels, Config);
            Ledger = new EnergyLedger(BoardProfiles.ByName(Config.BoardProfile));
            Backoff = new Backoff((long)Config.EffectiveBackoffBaseSeconds(IsMains) * 1000, (long)Config.EffectiveBackoffCapSeconds(IsMains) * 1000);
            State = new WakeState(Ledger, Backoff);
            Budget = new SessionBudget(platform.Clock);
            Budget.Start(0);
            PowerBudget = new PowerBudget();
            Averages = new PowerAverages();
            Plan = new RadioPlan();
            ConfigurePowerBudget();
            MainsTelemetry = new MainsTelemetrySchedule(SampleMilliseconds, Config.MainsTelemetryIntervalSeconds);
            MainsState = new MainsStateSchedule();

            Topics = new Topics(Config.TopicPrefix, Config.DeviceId);
            HomeAssistantDevice = HomeAssistantDescription.Describe(this);
            int payloadBytes = Config.MaxPayloadBytes > 2048 ? Config.MaxPayloadBytes : 2048;
            int discoveryBytes = HomeAssistantDevice != null ? DiscoveryPayload.CapacityFor(HomeAssistantDevice) : 0;
            Payload = new byte[discoveryBytes > payloadBytes ? discoveryBytes : payloadBytes];
            Publisher = new AcknowledgedPublisher(platform.Mqtt, platform.Clock);
            Events = new EventPublisher(Publisher, Topics.Events, Payload);
            Drain = new TelemetryDrain(Storage.Log, Storage.Time, platform.Mqtt, platform.Clock, Sampler.Channels, Config.DeviceId,
                Topics.Telemetry, Payload, Config.MaxPayloadBytes, Config.BatchesInFlight, Config.AckTimeoutMilliseconds);
            SessionContext = new RadioSessionContext(platform, Storage, Topics, Budget, Publisher, Events, Config.AckTimeoutMilliseconds);
            Participants = new ArrayList();
            Recent = new RecentCommands();
            LastError = new LastErrorRecord();
            Commands = new DeviceCommands(this);
            int messageCapacity = Configuration.Capacity > 1024 ? Configuration.Capacity : 1024;
            Session = new RadioSession(this, messageCapacity);
            Recent.Load(Storage.State);
            LastError.Load(Storage.State);
            DiscoveryRecord = new DiscoveryRecord();
            DiscoveryRecord.Load(Storage.State);
            Discovery = new DiscoveryPublisher(DiscoveryRecord, Payload);

            if (platform.Relay != null)
            {
                // A reading older than two sample intervals is stale: the heater goes off rather than run blind.
                Thermostat = new Thermostat(platform.Relay, platform.Clock, LoadThermostatSettings(), Sampler.Channels, 2 * SampleMilliseconds);
                ThermostatState.Thermostat = Thermostat;
            }
        }

        // The platform and what the boot built.

        public Platform Platform { get; private set; }

        public ILog Log { get; private set; }

        public IClock Clock { get; private set; }

        public string FirmwareVersion { get; private set; }

        /// <summary>The uptime when this boot's firmware started (the ledger's CPU time of the boot counts from it).</summary>
        public long EntryUptime { get; private set; }

        /// <summary>How long the loader took to load this application's bundle, or 0 when it did not say.</summary>
        public long LoadMilliseconds { get; private set; }

        /// <summary>The flash as the wake sees it, with its operations counted (the ledger is charged from the counts).</summary>
        public MeteredFlash Flash { get; private set; }

        /// <summary>The flash log, state store, document store and time base.</summary>
        public DeviceStorage Storage { get; private set; }

        public ConfigurationManager Configuration { get; private set; }

        /// <summary>Whether setup is asked for, was offered, and whether the network was ever reached.</summary>
        public SetupRequest Setup { get; private set; }

        /// <summary>The configuration in force (base, deployed file and the applied document).</summary>
        public DeviceConfig Config { get; private set; }

        /// <summary>True when the device runs in mains mode (it loops and keeps its session up) rather than on battery.</summary>
        public bool IsMains { get; private set; }

        public long SampleMilliseconds { get; private set; }

        public Sampler Sampler { get; private set; }

        public ChannelTable Channels
        {
            get { return Sampler.Channels; }
        }

        /// <summary>The channels the platform's sensors measure (the first ones of <see cref="Channels"/>; a thermostat's state follows).</summary>
        public int MeasuredChannelCount { get; private set; }

        /// <summary>The reading of this wake's sample (its sequence set once stored), and the retained state's source.</summary>
        public Reading Reading { get; private set; }

        public AlarmRule AlarmRule { get; private set; }

        /// <summary>The thermostat when the platform has a relay, else null; controls on every sample, network or not.</summary>
        public Thermostat Thermostat { get; private set; }

        /// <summary>The thermostat's decision and setpoint as the last channels of every reading, or null.</summary>
        public ThermostatStateSensor ThermostatState { get; private set; }

        public EnergyLedger Ledger { get; private set; }

        public Backoff Backoff { get; private set; }

        /// <summary>What one wake leaves the next (the ledger and the backoff included), saved at the end of every wake.</summary>
        public WakeState State { get; private set; }

        public PowerBudget PowerBudget { get; private set; }

        public PowerAverages Averages { get; private set; }

        /// <summary>The last power plan (radio interval, battery level, optional work).</summary>
        public RadioPlan Plan { get; private set; }

        /// <summary>What is left of the radio session's time.</summary>
        public SessionBudget Budget { get; private set; }

        public Topics Topics { get; private set; }

        /// <summary>The one buffer telemetry, status, state and events are written into.</summary>
        public byte[] Payload { get; private set; }

        public AcknowledgedPublisher Publisher { get; private set; }

        public EventPublisher Events { get; private set; }

        public TelemetryDrain Drain { get; private set; }

        /// <summary>Mains: when the exchange after a sample drains the log (the telemetry interval, a new session, an alarm, a full batch).</summary>
        public MainsTelemetrySchedule MainsTelemetry { get; private set; }

        /// <summary>Mains: when the exchange after a sample publishes the retained state (with each drain, and at once on a change of the control).</summary>
        public MainsStateSchedule MainsState { get; private set; }

        /// <summary>What participants get in a session.</summary>
        public RadioSessionContext SessionContext { get; private set; }

        /// <summary>Work that rides on the radio sessions (<see cref="IRadioSessionParticipant"/>), in the order added.</summary>
        public ArrayList Participants { get; private set; }

        /// <summary>The ids of the one-shot commands already run.</summary>
        public RecentCommands Recent { get; private set; }

        /// <summary>The last error reported in the status, kept in flash.</summary>
        public LastErrorRecord LastError { get; private set; }

        public DeviceCommands Commands { get; private set; }

        public RadioSession Session { get; private set; }

        /// <summary>What the device last published for Home Assistant's discovery, kept in flash.</summary>
        public DiscoveryRecord DiscoveryRecord { get; private set; }

        /// <summary>Publishes the discovery when it changed, removes one that no longer applies.</summary>
        public DiscoveryPublisher Discovery { get; private set; }

        /// <summary>What Home Assistant is told about the device, or null when discovery is turned off.</summary>
        public DiscoveredDevice HomeAssistantDevice { get; private set; }

        // What the boot found.

        /// <summary>Why this boot happened (<see cref="WakeReason"/>).</summary>
        public string WakeReasonText { get; internal set; }

        /// <summary>True when the wake before this boot did not save its state (a watchdog, a crash, a power cut).</summary>
        public bool PreviousWakeUnfinished { get; internal set; }

        // What the wake has learnt so far.

        /// <summary>The uptime at which the last sample began (the thermostat's reading time).</summary>
        public long SampledAt { get; internal set; }

        /// <summary>The battery at this wake's sample, or -1 when there is no gauge, it failed or it was not measured yet.</summary>
        public int BatteryMillivolts { get; internal set; }

        public int BatteryPercent { get; internal set; }

        /// <summary>True when this wake's reading started an alarm (a channel went out of its limits).</summary>
        public bool AlarmOnset { get; internal set; }

        /// <summary>Why this wake's radio session ran (<see cref="Phases.RadioDecisionPhase"/>'s reasons, "mains" on mains), or null when none did.</summary>
        public string RadioReason { get; internal set; }

        /// <summary>True when this wake's radio session reached the broker and announced the device.</summary>
        public bool RadioConnected { get; internal set; }

        /// <summary>The deep sleep a battery wake asks for at its end.</summary>
        public long SleepMilliseconds { get; internal set; }

        /// <summary>A command or a participant asked for a reboot: the wake ends with one instead of a sleep.</summary>
        public bool RebootAtEnd { get; private set; }

        /// <summary>True when a mains loop is to end and start again with a changed configuration.</summary>
        public bool RestartRequested { get; private set; }

        /// <summary>Mains: the uptime from which a lost session is opened again (the backoff's).</summary>
        public long ReconnectAt { get; internal set; }

        /// <summary>Mains: the uptime of the last save of the wake state.</summary>
        public long StateSavedAt { get; internal set; }

        /// <summary>A command asked for a reboot: the wake ends with one instead of a sleep.</summary>
        public void RequestReboot()
        {
            RebootAtEnd = true;
        }

        /// <summary>
        /// A configuration document was applied: a trial is tried at the next wake; a mains loop starts again with it; a
        /// battery wake plans the sleep that ends it with it.
        /// </summary>
        public void ConfigurationChanged(bool trial)
        {
            if (trial)
            {
                State.RadioAtNextWake = true;
            }

            if (IsMains)
            {
                RestartRequested = true;
            }
            else if (!trial)
            {
                AdoptConfiguration();
            }
        }

        /// <summary>
        /// A configuration applied in this wake's session already plans the sleep that ends it: the sample and radio
        /// intervals and the power budget take the new values, so the goodbye status says what the device will do.
        /// What the boot built from the old one (topics, the drain, the backoff) keeps it until the next boot.
        /// </summary>
        private void AdoptConfiguration()
        {
            Config = Configuration.Effective;
            SampleMilliseconds = (long)Config.SampleIntervalSeconds * 1000;
            ConfigurePowerBudget();
        }

        /// <summary>
        /// A factory reset: erases the configuration document and the state store (<see cref="DeviceStorage.FactoryReset"/>),
        /// keeping the unsent readings and, when a Home Assistant discovery is still published, the record of it marked for
        /// removal, so the next session that reaches a broker removes it; commits.
        /// </summary>
        public void FactoryReset()
        {
            Storage.FactoryReset();
            DiscoveryRecord.KeepForRemoval(Storage.State);
            Storage.State.Sync();
        }

        /// <summary>True when a participant asks for a radio session now.</summary>
        public bool WantedByParticipant()
        {
            for (int i = 0; i < Participants.Count; i++)
            {
                if (((IRadioSessionParticipant)Participants[i]).WantsRadioSession)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>How full the log is, in percent of the readings it can hold.</summary>
        public int LogFillPercent()
        {
            ReadingLog log = Storage.Log;
            long slot = ReadingRecord.Size(Sampler.Channels.Count, 3);
            long used = log.Held * slot;
            long total = used + log.BytesFree;
            return total <= 0 ? 100 : (int)((used * 100) / total);
        }

        /// <summary>Keeps an error for the status, current as of now (committed when it changed); null is no error.</summary>
        public void RecordError(string error)
        {
            if (error != null && LastError.Set(Storage.State, error, NowUnixSeconds()))
            {
                Storage.State.Sync();
            }
        }

        /// <summary>A radio session reached the broker: the last error, if current, is no longer (committed when it changed).</summary>
        public void ErrorRecovered()
        {
            if (LastError.Recovered(Storage.State, NowUnixSeconds()))
            {
                Storage.State.Sync();
            }
        }

        private long NowUnixSeconds()
        {
            return Clock.IsWallTimeKnown ? Clock.UnixTimeMilliseconds / 1000 : 0;
        }

        /// <summary>Opens the ledger's CPU phase at <paramref name="uptimeMilliseconds"/>; <see cref="ChargeWake"/> tops up from there.</summary>
        public void StartCpuAccounting(long uptimeMilliseconds)
        {
            Ledger.Begin(PowerPhase.CpuActive, uptimeMilliseconds);
            _cpuBefore = Ledger.Microseconds(PowerPhase.CpuActive);
        }

        /// <summary>
        /// Charges what the host could not time: the CPU at least <see cref="MinimumCpuMillisecondsPerWake"/> since the last
        /// charge, and the flash operations counted since the last charge.
        /// </summary>
        public void ChargeWake()
        {
            Ledger.End(Clock.UptimeMilliseconds);
            long cpu = (Ledger.Microseconds(PowerPhase.CpuActive) - _cpuBefore) / 1000;
            if (cpu < MinimumCpuMillisecondsPerWake)
            {
                Ledger.Add(PowerPhase.CpuActive, MinimumCpuMillisecondsPerWake - cpu);
            }

            Flash.ChargeTo(Ledger);
            StartCpuAccounting(Clock.UptimeMilliseconds);
        }

        /// <summary>Saves the wake state as written by this boot and commits it, with the flash operations of the save charged.</summary>
        public void SaveState()
        {
            State.WrittenAtBoot = Storage.Boot.Boots;
            long erases = Flash.Erases;
            State.Save(Storage.State);
            if (Flash.Erases > erases)
            {
                // The save rotated the state store (an erase, about every 15 wakes): save again with the erase
                // charged, or the ledger would never see it.
                Flash.ChargeTo(Ledger);
                State.Save(Storage.State);
            }

            Storage.State.Sync();
            Flash.ChargeTo(Ledger);
        }

        /// <summary>The sleep that starts the next wake on the sample grid (boot time included), skipping slots a long wake overran.</summary>
        public long SleepUntilNextSample()
        {
            long elapsed = Clock.UptimeMilliseconds - EntryUptime + Ledger.Profile.BootMilliseconds + LoadMilliseconds;
            long sleep = SampleMilliseconds - elapsed;
            while (sleep < 0)
            {
                sleep += SampleMilliseconds;
            }

            return sleep;
        }

        private void ConfigurePowerBudget()
        {
            PowerBudget.BatteryCapacityMicroampHours = (long)Config.BatteryCapacityMilliampHours * 1000;
            PowerBudget.TargetLifeDays = Config.TargetLifeDays;
            PowerBudget.SampleIntervalSeconds = Config.SampleIntervalSeconds;
            PowerBudget.RadioIntervalSeconds = Config.RadioIntervalSeconds;
            PowerBudget.MaxRadioIntervalSeconds = Config.MaxRadioIntervalSeconds;
            RadioPlanner.Plan(PowerBudget, Ledger, Averages, -1, Plan);
        }

        private ThermostatSettings LoadThermostatSettings()
        {
            byte[] record = new byte[ThermostatSettingsCodec.EncodedLength];
            int version;
            int length = Storage.State.Read(StateKeys.ThermostatSettings, record, 0, out version);
            if (length < 0)
            {
                return new ThermostatSettings();
            }

            string error;
            ThermostatSettings settings = ThermostatSettingsCodec.Decode(record, 0, length, out error);
            if (settings == null)
            {
                Log.Write(LogLevel.Error, "thermostat", "stored settings ignored: " + error);
                return new ThermostatSettings();
            }

            return settings;
        }
    }
}
