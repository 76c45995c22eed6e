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

            // The first Receive is the sample's look for commands, the second the wait for one, which this command ends;
            // the third looks for more while the command is taken, and hangs.
            mqtt.DeliverAt(90000, "sensors/m/cmd/setpoint", "21");
            MisbehavingMqttLink hanging = new MisbehavingMqttLink(mqtt);
            hanging.HangOnReceive = 3;
            hanging.Power = power;
            platform.Mqtt = hanging;
            DeviceConfig config = new DeviceConfig();
            config.DeviceId = "m";
            config.PowerMode = PowerModes.Mains;
            config.SampleIntervalSeconds = 600;
            config.WakeCapSeconds = 60;

            new DeviceLoop(platform, config, "1.0.0").Run();

            Assert.IsTrue(power.Rebooted, "a hang between samples is ended by the watchdog; it hung for " + hanging.HungMilliseconds.ToString() + " ms");
            Assert.IsTrue(hanging.HungMilliseconds < 600000, hanging.HungMilliseconds.ToString());
        }
    }
}
