using System.Collections;
using Firmware.Boot;
using Firmware.Device;
using Firmware.Ota;
using Firmware.Ports;
using Firmware.Tests.Fakes;
using Firmware.Tests.Json;
using Firmware.Tests.Ota;
using Firmware.Text;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Device
{
    /// <summary>The mains loop: it runs on, keeps its MQTT session up, publishes its state after every sample and its readings in batches.</summary>
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
            Platform platform = TestPlatform.Create(clock, sensor, network, mqtt, new FakeLog(), 10 * 60000);

            DeviceLoop loop = new DeviceLoop(platform, Mains("d1"), "9.9.9");
            loop.Run();

            Assert.AreEqual(10, sensor.Measurements);
            Assert.AreEqual(10L, loop.Context.Drain.Delivered);
            Assert.AreEqual(1, mqtt.ConnectCount, "the session stays up between samples");
            Assert.AreEqual(SenmlText.Range(1, 10), SenmlText.Sequences(mqtt.TextsOn("sensors/d1/telemetry")), "every reading once, in order");
            for (int i = 0; i < mqtt.PublishedCount; i++)
            {
                PublishedMessage m = mqtt.GetPublished(i);
                if (m.Topic == "sensors/d1/telemetry")
                {
                    Assert.AreEqual(1, m.Qos);
                    Assert.IsFalse(m.Retain);
                }
            }
        }

        [TestMethod]
        public void AnnouncesItselfRetainedAndLeavesARetainedOfflineWill()
        {
            FakeClock clock = new FakeClock();
            FakeNetwork network = new FakeNetwork();
            network.Available = true;
            FakeMqttLink mqtt = new FakeMqttLink(clock);
            Platform platform = TestPlatform.Create(clock, TestPlatform.ClimateSensor(), network, mqtt, new FakeLog(), 1);

            new DeviceLoop(platform, Mains("d2"), "1.2.3").Run();

            PublishedMessage first = mqtt.GetPublished(0);
            Assert.AreEqual("sensors/d2/status", first.Topic);
            Assert.IsTrue(first.Retain);
            Assert.IsTrue(Ordinal.IndexOf(first.Text, "{\"state\":\"online\",\"fw\":\"1.2.3\",\"mode\":\"mains\"") == 0, first.Text);
            Assert.AreEqual("sensors/d2/status", mqtt.LastOptions.WillTopic);
            Assert.IsTrue(mqtt.LastOptions.WillRetain);
            Assert.IsFalse(mqtt.LastOptions.CleanSession);
            Assert.AreEqual("sensors/d2/cmd/#", mqtt.GetSubscription(0));
            PublishedMessage last = mqtt.GetPublished(mqtt.PublishedCount - 1);
            Assert.AreEqual("sensors/d2/status", last.Topic);
            Assert.IsTrue(Ordinal.IndexOf(last.Text, "{\"state\":\"offline\"") == 0, last.Text);
        }

        [TestMethod]
        public void KeepsSamplingWhenTheNetworkIsDown()
        {
            FakeClock clock = new FakeClock();
            FakeSensor sensor = TestPlatform.ClimateSensor();
            FakeNetwork network = new FakeNetwork();
            FakeMqttLink mqtt = new FakeMqttLink(clock);
            FakeLog log = new FakeLog();
            DeviceConfig config = Mains("d3");
            config.SampleIntervalSeconds = 60;
            Platform platform = TestPlatform.Create(clock, sensor, network, mqtt, log, 5 * 60000);

            DeviceLoop loop = new DeviceLoop(platform, config, "1");
            loop.Run();

            Assert.AreEqual(5, sensor.Measurements);
            Assert.AreEqual(0L, loop.Context.Drain.Delivered);
            Assert.AreEqual(0, mqtt.PublishedCount);
            Assert.IsTrue(log.Contains("no access point"));
            Assert.AreEqual(5L, loop.Context.Storage.Log.Held);
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
            DeviceConfig config = Mains("d4");
            config.SampleIntervalSeconds = 60;
            Platform platform = TestPlatform.Create(clock, sensor, network, mqtt, log, 2 * 60000);

            DeviceLoop loop = new DeviceLoop(platform, config, "1");
            loop.Run();

            Assert.AreEqual(2, sensor.Measurements);
            Assert.IsTrue(log.Contains("driver bug"));
            Assert.AreEqual(2L, loop.Context.Drain.Delivered, "readings with no valid channel are still sent, with their sequence");
        }

        [TestMethod]
        public void AConnectionLostOnMainsIsOpenedAgainAndNothingIsLost()
        {
            FakeClock clock = new FakeClock();
            clock.SetUnixTimeMilliseconds(1764151500000);
            FakeNetwork network = new FakeNetwork();
            network.Available = true;
            FakeMqttLink mqtt = new FakeMqttLink(clock);
            DeviceConfig config = Mains("d5");
            config.SampleIntervalSeconds = 60;
            config.BackoffBaseSeconds = 1;
            config.BackoffCapSeconds = 1;
            Platform platform = TestPlatform.Create(clock, TestPlatform.ClimateSensor(), network, mqtt, new FakeLog(), 6 * 60000);
            platform.Random = new FakeRandom(1);

            // The status and the first reading go through; the second reading's publish is cut before its PUBACK.
            mqtt.CutAfterPublishes = 4;
            DeviceLoop loop = new DeviceLoop(platform, config, "1");
            loop.Run();

            Assert.IsTrue(mqtt.ConnectCount >= 2, "reconnected");
            Assert.AreEqual(0L, loop.Context.Storage.Log.Held, "everything was delivered in the end");
            Assert.AreEqual(6L, loop.Context.Drain.Delivered);
        }

        [TestMethod]
        public void OnTrialAMainsDeviceTriesEveryMinuteThroughAnOutageAndConfirmsWhenTheBrokerAnswers()
        {
            OtaRig ota = new OtaRig();
            ota.StageV2AndReboot();
            FakeNetwork network = new FakeNetwork();
            network.Available = true;
            network.DownForConnects = 20;
            FakeMqttLink mqtt = new FakeMqttLink(ota.Clock);
            Platform platform = TestPlatform.Create(ota.Clock, TestPlatform.ClimateSensor(), network, mqtt, new FakeLog(), 60 * 60000);
            FakePower power = (FakePower)platform.Power;
            power.WakeCause = WakeCause.Reboot;
            platform.Slots = ota.Slots;
            platform.Downloader = ota.Downloader;
            DeviceConfig config = Mains("t1");
            config.SampleIntervalSeconds = 600;
            config.BackoffBaseSeconds = 3600;
            config.BackoffCapSeconds = 7200;

            DeviceLoop loop = new DeviceLoop(platform, config, "2.0.0");
            loop.AddParticipant(new OtaParticipant(platform, new OtaSettings()));
            loop.Run();

            Assert.IsTrue(network.Connects >= 21, "tried at least every minute while on trial, whatever the backoff: " + network.Connects.ToString());
            Assert.IsFalse(ota.Slots.State.Trial, "confirmed once the broker answered");
            Assert.AreEqual(BootOutcome.Updated, ota.Slots.State.Record.Outcome);
            Assert.IsFalse(power.Rebooted, "the outage used no attempt");
        }

        [TestMethod]
        public void BetweenSamplesAMainsDeviceWaitsForACommandAndTakesItWhenItArrives()
        {
            FakeClock clock = new FakeClock();
            FakeMqttLink mqtt = new FakeMqttLink(clock);
            Platform platform = TestPlatform.Online(clock, mqtt, TestPlatform.ClimateSensor(), 10 * 60000);
            platform.Relay = new FakeRelay();
            mqtt.DeliverAt(90500, "sensors/w1/cmd/setpoint", "23.5");

            DeviceLoop loop = new DeviceLoop(platform, Mains("w1"), "9.9.9");
            loop.Run();

            Assert.AreEqual(90500L, mqtt.TakenAt(0), "the command is taken when it arrives, not at the next sample or poll");
            ArrayList states = mqtt.TextsOn("sensors/w1/state");
            string shown = string.Empty;
            for (int i = 0; i < states.Count; i++)
            {
                string text = (string)states[i];
                shown += (i == 0 ? string.Empty : " ") + JsonQuery.Value(text, "seq") + ":" + JsonQuery.Value(text, "setpoint") + ":" + JsonQuery.Value(text, "heating");
            }

            // seq:setpoint:heating. The drains after readings 1 and 6; the setpoint at once when the command came (after
            // reading 2); the heater it turned on at reading 4 (past the relay's minimum off time) at once too.
            Assert.AreEqual("1:21:false 2:23.5:false 4:23.5:true 6:23.5:true", shown, "with the drains and at once for each change, not every sample");
            Assert.IsTrue(mqtt.Receives <= 25, "one wait between two samples, not a look every second: " + mqtt.Receives.ToString());
            Assert.AreEqual(10L, loop.Context.Drain.Delivered, "every reading delivered");
        }

        private static DeviceConfig Mains(string id)
        {
            DeviceConfig config = new DeviceConfig();
            config.DeviceId = id;
            config.PowerMode = PowerModes.Mains;
            config.SampleIntervalSeconds = 60;
            return config;
        }
    }
}
