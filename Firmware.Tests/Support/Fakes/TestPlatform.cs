using Firmware.Ports;
using Firmware.Storage;

namespace Firmware.Tests.Fakes
{
    /// <summary>A platform of fakes with one three-channel sensor, as most device tests need.</summary>
    public static class TestPlatform
    {
        public static Platform Create(FakeClock clock, FakeSensor sensor, FakeNetwork network, FakeMqttLink mqtt, FakeLog log, long stopAt)
        {
            Platform platform = new Platform();
            platform.HardwareId = "test-device";
            platform.Clock = clock;
            platform.Sensors = new ISensor[] { sensor };
            platform.Network = network;
            platform.Mqtt = mqtt;
            platform.Power = new FakePower(clock, stopAt);
            platform.Log = log;
            // 4 KiB sectors, as on the device: the state store then holds every key the firmware uses.
            platform.Flash = new RamFlash(4096, 16);
            platform.Random = new FakeRandom(1);
            return platform;
        }

        /// <summary>
        /// A platform whose clock knows the time (2025-11-26 10:05 UTC), whose network is up and whose MQTT link is
        /// <paramref name="mqtt"/>, sampling <paramref name="sensor"/>; its power stops the loop at
        /// <paramref name="stopAt"/> ms of uptime. A thermostat's relay is the caller's to add.
        /// </summary>
        public static Platform Online(FakeClock clock, FakeMqttLink mqtt, FakeSensor sensor, long stopAt)
        {
            clock.SetUnixTimeMilliseconds(1764151500000);
            FakeNetwork network = new FakeNetwork();
            network.Available = true;
            return Create(clock, sensor, network, mqtt, new FakeLog(), stopAt);
        }

        public static FakeSensor ClimateSensor()
        {
            return FakeSensor.Climate();
        }
    }
}
