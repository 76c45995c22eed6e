using Firmware.Ports;

namespace Firmware.Tests.Fakes
{
    /// <summary>
    /// The ports of a battery sensor as fakes, with the values the rigs start from: a climate sensor reading 21.50 °C,
    /// 45.5 %RH and 101,325 Pa; a network that is up and gives the world's time; an MQTT link that acknowledges; a clock
    /// that starts unknown, as after a power-on. <see cref="Platform"/> holds them; a rig adds the flash and the rest.
    /// <see cref="SleepAsAsked"/> carries out what a wake asked for, as a board does after it.
    /// </summary>
    public sealed class FakeBoard
    {
        public const long WorldStart = 1764151500000;

        public FakeBoard(string deviceId)
        {
            Clock = new FakeClock();
            World = new FakeClock();
            World.SetUnixTimeMilliseconds(WorldStart);
            Sensor = FakeSensor.Climate();
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
            Random = new FakeRandom(7);
            Platform = new Platform();
            Platform.HardwareId = deviceId;
            Platform.Clock = Clock;
            Platform.Sensors = new ISensor[] { Sensor };
            Platform.Network = Network;
            Platform.Mqtt = Mqtt;
            Platform.Power = Power;
            Platform.Log = Log;
            Platform.Random = Random;
        }

        public FakeClock Clock { get; private set; }

        /// <summary>The world's time (what network time says), advanced with the device's.</summary>
        public FakeClock World { get; private set; }

        public FakeSensor Sensor { get; private set; }

        public FakeNetwork Network { get; private set; }

        public FakeMqttLink Mqtt { get; private set; }

        public FakeLog Log { get; private set; }

        public FakePower Power { get; private set; }

        public FakeRandom Random { get; private set; }

        public Platform Platform { get; private set; }

        /// <summary>
        /// The end of a wake: the reboot or the deep sleep it asked for, then a boot of <paramref name="bootMilliseconds"/>,
        /// so the next wake starts on the sample grid. Returns how long the wake was awake.
        /// </summary>
        public long SleepAsAsked(long bootMilliseconds)
        {
            long awake = Clock.UptimeMilliseconds;
            if (Power.Rebooted)
            {
                World.Sleep((int)(awake + bootMilliseconds));
                Clock.Reboot();
                Power.WakeCause = WakeCause.PowerOn;
            }
            else
            {
                long sleep = Power.RequestedSleep < 0 ? 0 : Power.RequestedSleep;
                World.Sleep((int)(awake + sleep + bootMilliseconds));
                Clock.DeepSleep(sleep + bootMilliseconds);
                Power.WakeCause = WakeCause.Timer;
            }

            return awake;
        }
    }
}
