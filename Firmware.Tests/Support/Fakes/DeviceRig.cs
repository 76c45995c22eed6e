using Firmware.Device;
using Firmware.Ports;
using Firmware.Power;
using Firmware.Storage;

namespace Firmware.Tests.Fakes
{
    /// <summary>
    /// A battery device on fakes, and the loader's part: each <see cref="Wake"/> is a boot that builds a new
    /// <see cref="DeviceLoop"/> over the same flash, runs it, and then carries out the deep sleep (or reboot) it
    /// asked for, with the board's boot time, so the next wake starts on the sample grid. The device's clock starts
    /// unknown, as after a power-on; the network gives the world's time. <see cref="Boot"/> builds a boot's
    /// <see cref="WakeContext"/> without running the wake, for tests that run phases one by one.
    /// </summary>
    public sealed class DeviceRig
    {
        public const long WorldStart = FakeBoard.WorldStart;

        private readonly FakeBoard _board;

        public DeviceRig(string deviceId)
        {
            _board = new FakeBoard(deviceId);
            Flash = new RamFlash(4096, 64);
            Config = new DeviceConfig();
            Config.DeviceId = deviceId;
            Config.SampleIntervalSeconds = 300;
            Config.RadioIntervalSeconds = 3600;
            Config.CommandWaitMilliseconds = 0;
            Platform.Flash = Flash;
        }

        /// <summary>
        /// The rig's device on mains (configured so; a board without a relay): one-minute samples, a backoff of one
        /// minute, for tests of the mains phases.
        /// </summary>
        public static DeviceRig OnMains(string deviceId)
        {
            DeviceRig rig = new DeviceRig(deviceId);
            rig.Config.PowerMode = PowerModes.Mains;
            rig.Config.SampleIntervalSeconds = 60;
            rig.Config.BackoffBaseSeconds = 60;
            rig.Config.BackoffCapSeconds = 60;
            return rig;
        }

        public FakeClock Clock
        {
            get { return _board.Clock; }
        }

        /// <summary>The world's time (what network time says), advanced with the device's.</summary>
        public FakeClock World
        {
            get { return _board.World; }
        }

        public FakeSensor Sensor
        {
            get { return _board.Sensor; }
        }

        public FakeNetwork Network
        {
            get { return _board.Network; }
        }

        public FakeMqttLink Mqtt
        {
            get { return _board.Mqtt; }
        }

        public FakeLog Log
        {
            get { return _board.Log; }
        }

        public FakePower Power
        {
            get { return _board.Power; }
        }

        public RamFlash Flash { get; private set; }

        public FakeRandom Random
        {
            get { return _board.Random; }
        }

        public DeviceConfig Config { get; private set; }

        public Platform Platform
        {
            get { return _board.Platform; }
        }

        /// <summary>Added to every wake's loop when set (what OTA plugs in).</summary>
        public Firmware.Uplink.IRadioSessionParticipant Participant { get; set; }

        /// <summary>What the phases of the last wake (or boot) shared: its configuration, storage, ledger, findings.</summary>
        public WakeContext Last { get; private set; }

        public int Boots { get; private set; }

        /// <summary>How long the last wake was awake (its uptime when it asked to sleep).</summary>
        public long LastAwakeMilliseconds { get; private set; }

        /// <summary>Wakes that ran a radio session.</summary>
        public int RadioWakes { get; private set; }

        /// <summary>One boot: runs the device, then sleeps (or reboots) as it asked.</summary>
        public WakeContext Wake()
        {
            Boots++;
            Power.Reset();
            DeviceLoop loop = new DeviceLoop(Platform, Config, "1.0.0");
            if (Participant != null)
            {
                loop.AddParticipant(Participant);
            }

            Last = loop.Context;
            loop.Run();
            if (Last.RadioReason != null)
            {
                RadioWakes++;
            }

            LastAwakeMilliseconds = _board.SleepAsAsked(BoardProfiles.ByName(Last.Config.BoardProfile).BootMilliseconds);
            return Last;
        }

        /// <summary>
        /// A boot whose wake the test runs itself, phase by phase: the context built over the rig's flash (storage
        /// mounted, the boot counted) and the boot phase run, as <see cref="DeviceLoop"/>'s constructor does. The rig
        /// does not sleep afterwards: the test advances the clock if it needs to.
        /// </summary>
        public WakeContext Boot()
        {
            Boots++;
            Power.Reset();
            Last = new WakeContext(Platform, Config, "1.0.0");
            if (Participant != null)
            {
                Last.Participants.Add(Participant);
            }

            new Firmware.Device.Phases.BootPhase().Run(Last);
            return Last;
        }

        /// <summary>A boot (<see cref="Boot"/>) whose wake has sampled and stored its reading, as the phases after the store find it.</summary>
        public WakeContext BootAndStore()
        {
            WakeContext context = Boot();
            new Firmware.Device.Phases.SamplePhase().Run(context);
            new Firmware.Device.Phases.StorePhase().Run(context);
            return context;
        }

        public void Wakes(int count)
        {
            for (int i = 0; i < count; i++)
            {
                Wake();
            }
        }

        /// <summary>Power is cut and comes back: the RTC forgets the time.</summary>
        public void PowerCycle()
        {
            Clock.PowerOn();
            Power.WakeCause = WakeCause.PowerOn;
        }

        /// <summary>
        /// The storage as the next boot will find it: mounted afresh from the rig's flash without counting a boot, so a
        /// test reads what a wake committed rather than what it holds in memory.
        /// </summary>
        public DeviceStorage StorageInFlash()
        {
            DeviceStorage storage = new DeviceStorage(Platform.Flash, Platform.SlotBytes);
            storage.Log.Mount();
            storage.State.Mount();
            return storage;
        }

        /// <summary>The wake state the next boot will load from flash, or null when there is none.</summary>
        public WakeState WakeStateInFlash()
        {
            WakeState state = new WakeState(new EnergyLedger(BoardProfiles.ByName(Config.BoardProfile)), new Backoff(1, 1));
            return state.Load(StorageInFlash().State) ? state : null;
        }

        /// <summary>Sequence numbers of every telemetry message published so far, in order.</summary>
        public string TelemetrySequences()
        {
            return SenmlText.Sequences(Mqtt.TextsOn(Last.Topics.Telemetry));
        }
    }
}
