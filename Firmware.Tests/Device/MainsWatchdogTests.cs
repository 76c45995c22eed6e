using Firmware.Device;
using Firmware.Ports;
using Firmware.Tests.Fakes;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Device
{
    /// <summary>The wake watchdog of a mains device covers the time between samples too, where it waits for commands and takes them.</summary>
    [TestClass]
    public class MainsWatchdogTests
    {
        [TestMethod]
        public void AHangWhileTakingCommandsBetweenSamplesEndsInAReboot()
        {
            FakeClock clock = new FakeClock();
            clock.SetUnixTimeMilliseconds(1764151500000);
            FakeNetwork network = new FakeNetwork();
            network.Available = true;
            FakeMqttLink mqtt = new FakeMqttLink(clock);
            Platform platform = TestPlatform.Create(clock, TestPlatform.ClimateSensor(), network, mqtt, new FakeLog(), 3 * 3600000);
            FakePower power = (FakePower)platform.Power;

            // The first Receive is the sample's look for commands; the second is the wait for one until the next sample.
            MisbehavingMqttLink hanging = new MisbehavingMqttLink(mqtt);
            hanging.HangOnReceive = 2;
            hanging.Power = power;
            platform.Mqtt = hanging;
            DeviceConfig config = new DeviceConfig();
            config.DeviceId = "m";
            config.PowerMode = PowerModes.Mains;
            config.SampleIntervalSeconds = 600;
            config.WakeCapSeconds = 60;

            new DeviceLoop(platform, config, "1.0.0").Run();

            Assert.IsTrue(power.Rebooted, "a hang between samples is ended by the watchdog; it hung for " + hanging.HungMilliseconds.ToString() + " ms");
            // The wait is capped at the time to the next sample and the wake's cap on top (and a look of the timer).
            Assert.IsTrue(hanging.HungMilliseconds < 600000 + 60000 + 30000, hanging.HungMilliseconds.ToString());
        }
    }
}
