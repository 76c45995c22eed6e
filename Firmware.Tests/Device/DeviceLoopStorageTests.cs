using Firmware.Device;
using Firmware.Ports;
using Firmware.Tests.Fakes;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Device
{
    /// <summary>The device loop's store-and-forward: every reading goes through the flash log.</summary>
    [TestClass]
    public class DeviceLoopStorageTests
    {
        [TestMethod]
        public void ReadingsTakenOfflineAreDeliveredInOrderWhenTheNetworkReturns()
        {
            FakeClock clock = new FakeClock();
            clock.SetUnixTimeMilliseconds(1764151500000);
            FakeNetwork network = new FakeNetwork();
            FakeMqttLink mqtt = new FakeMqttLink(clock);
            Platform platform = Create(clock, network, mqtt);
            DeviceLoop loop = new DeviceLoop(platform, Config(), "1");
            for (int i = 0; i < 5; i++)
            {
                loop.Wake();
                clock.Sleep(60000);
            }

            Assert.AreEqual(5L, loop.Storage.Log.Held);
            network.Available = true;
            loop.Wake();

            Assert.AreEqual(6L, loop.Delivered);
            Assert.AreEqual(0L, loop.Storage.Log.Held);
            AssertTelemetrySequences(mqtt, 6);
        }

        [TestMethod]
        public void ReadingsSurviveARestartAndSequencesGoOn()
        {
            FakeClock clock = new FakeClock();
            clock.SetUnixTimeMilliseconds(1764151500000);
            FakeNetwork network = new FakeNetwork();
            FakeMqttLink mqtt = new FakeMqttLink(clock);
            Platform platform = Create(clock, network, mqtt);
            DeviceLoop before = new DeviceLoop(platform, Config(), "1");
            before.Wake();
            before.Wake();
            before.Wake();

            // The restarted firmware builds everything again over the same flash.
            network.Available = true;
            DeviceLoop after = new DeviceLoop(platform, Config(), "1");
            after.Wake();

            Assert.AreEqual(4L, after.Delivered);
            AssertTelemetrySequences(mqtt, 4);
            Assert.AreEqual(2L, after.Storage.Boot.Boots);
        }

        [TestMethod]
        public void AReadingWithoutPubackStaysAndIsSentAgain()
        {
            FakeClock clock = new FakeClock();
            FakeNetwork network = new FakeNetwork();
            network.Available = true;
            FakeMqttLink mqtt = new FakeMqttLink(clock);
            Platform platform = Create(clock, network, mqtt);
            DeviceLoop loop = new DeviceLoop(platform, Config(), "1");
            mqtt.AcknowledgeLimit = 1;
            loop.Wake();
            Assert.AreEqual(1L, loop.Storage.Log.Held);

            mqtt.AcknowledgeLimit = int.MaxValue;
            loop.Wake();

            Assert.AreEqual(2L, loop.Delivered);
            Assert.AreEqual(0L, loop.Storage.Log.Held);
        }

        [TestMethod]
        public void AReadingWhoseTimeIsNeverLearntIsPublishedTimeUnknown()
        {
            FakeClock clock = new FakeClock();
            FakeNetwork network = new FakeNetwork();
            network.Available = true;
            FakeMqttLink mqtt = new FakeMqttLink(clock);
            Platform platform = Create(clock, network, mqtt);
            DeviceLoop loop = new DeviceLoop(platform, Config(), "1");

            loop.Wake();

            PublishedMessage telemetry = mqtt.GetPublished(1);
            Assert.AreEqual("sensors/d/telemetry", telemetry.Topic);
            Assert.IsTrue(telemetry.Text.IndexOf("time_unknown") > 0, telemetry.Text);
            Assert.IsTrue(telemetry.Text.IndexOf("\"bt\"") < 0, telemetry.Text);
        }

        private static Platform Create(FakeClock clock, FakeNetwork network, FakeMqttLink mqtt)
        {
            return TestPlatform.Create(clock, TestPlatform.ClimateSensor(), network, mqtt, new FakeLog(), long.MaxValue);
        }

        private static DeviceConfig Config()
        {
            DeviceConfig config = new DeviceConfig();
            config.DeviceId = "d";
            config.SampleIntervalSeconds = 60;
            return config;
        }

        private static void AssertTelemetrySequences(FakeMqttLink mqtt, int count)
        {
            int seen = 0;
            for (int i = 0; i < mqtt.PublishedCount; i++)
            {
                PublishedMessage m = mqtt.GetPublished(i);
                if (m.Topic == "sensors/d/telemetry")
                {
                    seen++;
                    Assert.IsTrue(m.Text.IndexOf("\"n\":\"seq\",\"v\":" + seen.ToString() + "}") > 0, m.Text);
                }
            }

            Assert.AreEqual(count, seen);
        }
    }
}
