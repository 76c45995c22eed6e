using Firmware.Device;
using Firmware.Ports;
using Firmware.Tests.Fakes;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Device
{
    [TestClass]
    public class DeviceLoopTests
    {
        [TestMethod]
        public void SamplesOnEveryIntervalAndPublishesConsecutiveSequences()
        {
            FakeClock clock = new FakeClock();
            clock.SetUnixTimeMilliseconds(1764151500000);
            FakeSensor sensor = TestPlatform.ClimateSensor();
            sensor.Values[0] = 2100;
            FakeNetwork network = new FakeNetwork();
            network.Available = true;
            FakeMqttLink mqtt = new FakeMqttLink(clock);
            DeviceConfig config = new DeviceConfig();
            config.DeviceId = "d1";
            config.SampleIntervalSeconds = 60;
            Platform platform = TestPlatform.Create(clock, sensor, network, mqtt, new FakeLog(), 10 * 60000);

            DeviceLoop loop = new DeviceLoop(platform, config, "9.9.9");
            loop.Run();

            Assert.AreEqual(10, sensor.Measurements);
            Assert.AreEqual(10L, loop.Delivered);
            int telemetry = 0;
            for (int i = 0; i < mqtt.PublishedCount; i++)
            {
                PublishedMessage m = mqtt.GetPublished(i);
                if (m.Topic == "sensors/d1/telemetry")
                {
                    telemetry++;
                    Assert.AreEqual(1, m.Qos);
                    Assert.IsTrue(m.Text.IndexOf("\"n\":\"seq\",\"v\":" + telemetry.ToString() + "}") > 0, m.Text);
                }
            }

            Assert.AreEqual(10, telemetry);
        }

        [TestMethod]
        public void AnnouncesItselfRetainedAndLeavesARetainedOfflineWill()
        {
            FakeClock clock = new FakeClock();
            FakeNetwork network = new FakeNetwork();
            network.Available = true;
            FakeMqttLink mqtt = new FakeMqttLink(clock);
            DeviceConfig config = new DeviceConfig();
            config.DeviceId = "d2";
            Platform platform = TestPlatform.Create(clock, TestPlatform.ClimateSensor(), network, mqtt, new FakeLog(), 1);

            new DeviceLoop(platform, config, "1.2.3").Run();

            PublishedMessage first = mqtt.GetPublished(0);
            Assert.AreEqual("sensors/d2/status", first.Topic);
            Assert.IsTrue(first.Retain);
            Assert.AreEqual("{\"state\":\"online\",\"fw\":\"1.2.3\"}", first.Text);
            Assert.AreEqual("sensors/d2/status", mqtt.LastOptions.WillTopic);
            Assert.IsTrue(mqtt.LastOptions.WillRetain);
            Assert.IsFalse(mqtt.LastOptions.CleanSession);
            PublishedMessage last = mqtt.GetPublished(mqtt.PublishedCount - 1);
            Assert.AreEqual("{\"state\":\"offline\",\"fw\":\"1.2.3\"}", last.Text);
        }

        [TestMethod]
        public void KeepsSamplingWhenTheNetworkIsDown()
        {
            FakeClock clock = new FakeClock();
            FakeSensor sensor = TestPlatform.ClimateSensor();
            FakeNetwork network = new FakeNetwork();
            FakeMqttLink mqtt = new FakeMqttLink(clock);
            FakeLog log = new FakeLog();
            DeviceConfig config = new DeviceConfig();
            config.SampleIntervalSeconds = 60;
            Platform platform = TestPlatform.Create(clock, sensor, network, mqtt, log, 5 * 60000);

            DeviceLoop loop = new DeviceLoop(platform, config, "1");
            loop.Run();

            Assert.AreEqual(5, sensor.Measurements);
            Assert.AreEqual(0L, loop.Delivered);
            Assert.AreEqual(0, mqtt.PublishedCount);
            Assert.IsTrue(log.Contains("no access point"));
        }

        [TestMethod]
        public void AReadingWithoutPubackIsNotCountedDelivered()
        {
            FakeClock clock = new FakeClock();
            FakeNetwork network = new FakeNetwork();
            network.Available = true;
            FakeMqttLink mqtt = new FakeMqttLink(clock);
            FakeLog log = new FakeLog();
            DeviceConfig config = new DeviceConfig();
            Platform platform = TestPlatform.Create(clock, TestPlatform.ClimateSensor(), network, mqtt, log, 1);
            DeviceLoop loop = new DeviceLoop(platform, config, "1");

            // The status record is acknowledged, the reading's PUBACK never comes.
            mqtt.AcknowledgeLimit = 1;
            loop.Wake();

            Assert.AreEqual(1L, loop.Sampled);
            Assert.AreEqual(0L, loop.Delivered);
            Assert.IsTrue(log.Contains("no PUBACK"));
        }

        [TestMethod]
        public void AThrowingSensorGivesAnInvalidReadingAndTheLoopGoesOn()
        {
            FakeClock clock = new FakeClock();
            FakeSensor sensor = TestPlatform.ClimateSensor();
            sensor.Throws = true;
            FakeNetwork network = new FakeNetwork();
            network.Available = true;
            FakeMqttLink mqtt = new FakeMqttLink(clock);
            FakeLog log = new FakeLog();
            DeviceConfig config = new DeviceConfig();
            config.SampleIntervalSeconds = 60;
            Platform platform = TestPlatform.Create(clock, sensor, network, mqtt, log, 2 * 60000);

            DeviceLoop loop = new DeviceLoop(platform, config, "1");
            loop.Run();

            Assert.AreEqual(2, sensor.Measurements);
            Assert.IsTrue(log.Contains("driver bug"));
            Assert.AreEqual(2L, loop.Delivered, "readings with no valid channel are still sent, with their sequence");
        }
    }
}
