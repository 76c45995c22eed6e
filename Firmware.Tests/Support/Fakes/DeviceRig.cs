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
    /// unknown, as after a power-on; the network gives the world's time.
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

        /// <summary>The loop of the last wake.</summary>
        public DeviceLoop Last { get; private set; }

        public int Boots { get; private set; }

        /// <summary>How long the last wake was awake (its uptime when it asked to sleep).</summary>
        public long LastAwakeMilliseconds { get; private set; }

        /// <summary>Wakes that ran a radio session.</summary>
        public int RadioWakes { get; private set; }

        /// <summary>One boot: runs the device, then sleeps (or reboots) as it asked.</summary>
        public DeviceLoop Wake()
        {
            Boots++;
            Power.Reset();
            Last = new DeviceLoop(Platform, Config, "1.0.0");
            if (Participant != null)
            {
                Last.AddParticipant(Participant);
            }

            Last.Run();
            if (Last.Sessions > 0)
            {
                RadioWakes++;
            }

            LastAwakeMilliseconds = _board.SleepAsAsked(BoardProfiles.ByName(Last.Config.BoardProfile).BootMilliseconds);
            return Last;
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

        /// <summary>Sequence numbers of every telemetry message published so far, in order.</summary>
        public string TelemetrySequences()
        {
            return SenmlText.Sequences(Mqtt.TextsOn(Last.Topics.Telemetry));
        }
    }
}
