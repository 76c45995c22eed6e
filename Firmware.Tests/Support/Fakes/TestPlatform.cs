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

        public static FakeSensor ClimateSensor()
        {
            return FakeSensor.Climate();
        }
    }
}
