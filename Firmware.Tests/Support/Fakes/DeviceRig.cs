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
        public const long WorldStart = 1764151500000;

        public DeviceRig(string deviceId)
        {
            Clock = new FakeClock();
            World = new FakeClock();
            World.SetUnixTimeMilliseconds(WorldStart);
            Sensor = TestPlatform.ClimateSensor();
            Sensor.Values[0] = 2150;
            Sensor.Values[1] = 455;
            Sensor.Values[2] = 101325;
            Network = new FakeNetwork();
            Network.Available = true;
            Network.WorldClock = World;
            Mqtt = new FakeMqttLink(Clock);
            Log = new FakeLog();
            Power = new FakePower(Clock, long.MaxValue);
            Power.WakeCause = WakeCause.PowerOn;
            Flash = new RamFlash(4096, 64);
            Random = new FakeRandom(7);
            Config = new DeviceConfig();
            Config.DeviceId = deviceId;
            Config.SampleIntervalSeconds = 300;
            Config.RadioIntervalSeconds = 3600;
            Config.CommandWaitMilliseconds = 0;
            Platform = new Platform();
            Platform.HardwareId = deviceId;
            Platform.Clock = Clock;
            Platform.Sensors = new ISensor[] { Sensor };
            Platform.Network = Network;
            Platform.Mqtt = Mqtt;
            Platform.Power = Power;
            Platform.Log = Log;
            Platform.Flash = Flash;
            Platform.Random = Random;
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

        public FakeClock Clock { get; private set; }

        /// <summary>The world's time (what network time says), advanced with the device's.</summary>
        public FakeClock World { get; private set; }

        public FakeSensor Sensor { get; private set; }

        public FakeNetwork Network { get; private set; }

        public FakeMqttLink Mqtt { get; private set; }

        public FakeLog Log { get; private set; }

        public FakePower Power { get; private set; }

        public RamFlash Flash { get; private set; }

        public FakeRandom Random { get; private set; }

        public DeviceConfig Config { get; private set; }

        public Platform Platform { get; private set; }

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

            long awake = Clock.UptimeMilliseconds;
            LastAwakeMilliseconds = awake;
            long boot = BoardProfiles.ByName(Last.Config.BoardProfile).BootMilliseconds;
            if (Power.Rebooted)
            {
                World.Sleep((int)(awake + boot));
                Clock.Reboot();
                Power.WakeCause = WakeCause.PowerOn;
            }
            else
            {
                long sleep = Power.RequestedSleep < 0 ? 0 : Power.RequestedSleep;
                World.Sleep((int)(awake + sleep + boot));
                Clock.DeepSleep(sleep + boot);
                Power.WakeCause = WakeCause.Timer;
            }

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
