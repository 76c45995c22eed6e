using System.Collections;
using Firmware.Device;
using Firmware.Ports;
using Firmware.Power;
using Firmware.Storage;
using Firmware.Tests.Fakes;
using Firmware.Text;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Device
{
    /// <summary>
    /// When a battery device runs its radio: on the planned interval aligned to sample wakes, early when the log
    /// fills or an alarm starts, later when the battery is low or the broker fails (backoff that survives deep sleep),
    /// and never longer than its session budget.
    /// </summary>
    [TestClass]
    public class RadioScheduleTests
    {
        [TestMethod]
        public void TheLoadersBundleLoadIsChargedAtEveryBoot()
        {
            DeviceRig rig = new DeviceRig("d");
            Firmware.Tests.Ota.OtaRig ota = new Firmware.Tests.Ota.OtaRig();
            ota.Slots.State.LoadMilliseconds = 250;
            rig.Platform.Slots = ota.Slots;

            rig.Wakes(2);

            Assert.AreEqual(500000L, rig.Last.Ledger.Microseconds(PowerPhase.BundleLoad), "250 ms at each of two boots");
        }

        [TestMethod]
        public void TheRadioRunsEveryTwelveSampleWakesOfFiveMinutes()
        {
            DeviceRig rig = new DeviceRig("d");
            rig.Wakes(37);

            Assert.AreEqual(4, rig.RadioWakes, "wakes 1, 13, 25 and 37");
            Assert.AreEqual(SenmlText.Range(1, 37), rig.TelemetrySequences());
            Assert.AreEqual(3600, rig.Last.Plan.RadioIntervalSeconds);
        }

        [TestMethod]
        public void ALogPastItsFillThresholdCallsTheRadioEarly()
        {
            DeviceRig rig = new DeviceRig("d");
            rig.Platform.Flash = new RamFlash(4096, 9);
            rig.Config.LogFillPercent = 10;
            rig.Config.RadioIntervalSeconds = 86400;
            rig.Wake();
            int wakes = 1;
            while (rig.RadioWakes < 2 && wakes < 288)
            {
                rig.Wake();
                wakes++;
            }

            Assert.AreEqual("log", rig.Last.RadioReason);
            Assert.IsTrue(wakes < 100, "the log called the radio after " + wakes.ToString() + " wakes");
            Assert.AreEqual(0L, rig.Last.Storage.Log.Held);
        }

        [TestMethod]
        public void TheOnsetOfAnAlarmCallsTheRadioOnce()
        {
            DeviceRig rig = new DeviceRig("d");
            rig.Config.AlarmAboveCenti = 3000;
            rig.Wakes(2);
            rig.Sensor.Values[0] = 3125;
            rig.Wake();
            Assert.AreEqual("alarm", rig.Last.RadioReason);
            Assert.IsTrue(Ordinal.IndexOf(((string)rig.Mqtt.TextsOn("sensors/d/state")[1]), "\"alarm\":true") > 0);
            rig.Wakes(3);
            Assert.AreEqual(2, rig.RadioWakes, "a device staying in alarm does not keep its radio on");

            rig.Sensor.Values[0] = 2100;
            rig.Wake();
            rig.Sensor.Values[0] = 3125;
            rig.Wake();
            Assert.AreEqual(3, rig.RadioWakes, "a new onset calls again");
        }

        [TestMethod]
        public void FailuresBackOffWithJitterAndTheCountSurvivesDeepSleep()
        {
            DeviceRig rig = new DeviceRig("d");
            rig.Config.BackoffBaseSeconds = 600;
            rig.Network.Available = false;
            rig.Random.Extreme = 1;
            rig.Wake();
            Assert.AreEqual(1, rig.Last.Backoff.Failures);

            // Delays at their bounds: 600 s (2 wakes), 1200 s (4 wakes), 2400 s (8 wakes).
            rig.Wakes(2);
            Assert.AreEqual(2, rig.Last.Backoff.Failures);
            Assert.AreEqual(2, rig.RadioWakes);
            rig.Wakes(4);
            Assert.AreEqual(3, rig.Last.Backoff.Failures);
            rig.Wakes(8);
            Assert.AreEqual(4, rig.Last.Backoff.Failures);
            Assert.AreEqual(4, rig.RadioWakes);
            Assert.IsTrue(Ordinal.IndexOf(rig.Last.LastError.Text, "no access point") >= 0, rig.Last.LastError.Text);

            rig.Network.Available = true;
            rig.Wakes(16);
            Assert.AreEqual(0, rig.Last.Backoff.Failures, "a session that reached the broker resets the count");
            long delivered = rig.Last.Storage.Log.NextSequence - 1 - rig.Last.Storage.Log.Held;
            Assert.AreEqual(31L, delivered, "everything sampled so far went out with the first session that connected");
            Assert.AreEqual(SenmlText.Range(1, (int)delivered), rig.TelemetrySequences());
        }

        [TestMethod]
        public void TheFirstRetryOnBatteryIsWithinOneRadioInterval()
        {
            DeviceRig rig = new DeviceRig("d");
            rig.Network.Available = false;
            rig.Random.Extreme = 1;
            rig.Wake();

            Assert.AreEqual(3600000L, rig.Last.Backoff.BaseMilliseconds, "the base defaults to the radio interval on battery");
            Assert.AreEqual(12, rig.Last.State.WakesUntilRadio);
        }

        [TestMethod]
        public void ABrokerThatDoesNotAnswerCostsAtMostTheSessionBudget()
        {
            DeviceRig rig = new DeviceRig("d");
            rig.Platform.Mqtt = new SilentMqttLink(rig.Clock);
            rig.Config.SessionBudgetSeconds = 8;
            rig.Config.WakeCapSeconds = 60;
            rig.Wake();

            Assert.IsTrue(rig.LastAwakeMilliseconds <= 8000 + 100, "awake " + rig.LastAwakeMilliseconds.ToString() + " ms");
            Assert.AreEqual(1, rig.Last.Backoff.Failures);
            Assert.IsTrue(rig.Power.RequestedSleep > 0, "it went to sleep");
        }

        [TestMethod]
        public void ALowBatteryStretchesTheRadioInterval()
        {
            DeviceRig rig = new DeviceRig("d");
            rig.Platform.Battery = new FakeBattery(2300, 20);
            rig.Wakes(49);

            Assert.IsTrue(rig.Last.Plan.LowBattery);
            Assert.IsFalse(rig.Last.Plan.OptionalWorkAllowed, "optional work (OTA) waits");
            Assert.AreEqual(7200, rig.Last.Plan.RadioIntervalSeconds);
            Assert.AreEqual(3, rig.RadioWakes, "wakes 1, 25 and 49");
        }

        [TestMethod]
        public void APowerOnReportsInAtOnceWithANewLedger()
        {
            DeviceRig rig = new DeviceRig("d");
            rig.Wakes(5);
            Assert.AreEqual(5L, rig.Last.Ledger.Wakes);

            rig.PowerCycle();
            rig.Wake();

            ArrayList statuses = rig.Mqtt.TextsOn("sensors/d/status");
            string status = (string)statuses[statuses.Count - 1];
            Assert.IsTrue(Ordinal.IndexOf(status, "\"wake\":\"power-on\"") > 0, status);
            Assert.AreEqual(2, rig.RadioWakes);
            Assert.AreEqual(1L, rig.Last.Ledger.Wakes, "a power-on is a new battery");
        }

        [TestMethod]
        public void TheLedgerAccountsSleepBootAndRadioOfEveryWake()
        {
            DeviceRig rig = new DeviceRig("d");
            rig.Wakes(13);

            Firmware.Power.EnergyLedger ledger = rig.Last.Ledger;
            Assert.AreEqual(13L, ledger.Wakes);
            Assert.AreEqual(2L, ledger.RadioSessions);
            Assert.AreEqual(13L, ledger.Readings);
            long sleep = ledger.Microseconds(Firmware.Power.PowerPhase.DeepSleep) / 1000;
            Assert.IsTrue(sleep > 12 * 290000 && sleep < 12 * 300000, "slept " + sleep.ToString() + " ms in 12 intervals");
            Assert.AreEqual(13L * 1500000, ledger.Microseconds(Firmware.Power.PowerPhase.Boot));
            Assert.IsTrue(ledger.Microseconds(Firmware.Power.PowerPhase.FlashProgram) > 0);
        }

        [TestMethod]
        public void AThermostatSetpointIsAppliedAndSurvivesARestart()
        {
            FakeClock clock = new FakeClock();
            FakeMqttLink mqtt = new FakeMqttLink(clock);
            Platform platform = TestPlatform.Online(clock, mqtt, TestPlatform.ClimateSensor(), 3 * 60000);
            platform.Relay = new FakeRelay();
            DeviceConfig config = new DeviceConfig();
            config.DeviceId = "t";
            config.SampleIntervalSeconds = 60;
            mqtt.Deliver("sensors/t/cmd/setpoint", "{\"setpoint\":19.5,\"hysteresis\":0.4}", false);

            DeviceLoop loop = new DeviceLoop(platform, config, "1");
            Assert.IsTrue(loop.Context.IsMains, "a board with a relay runs on mains");
            loop.Run();
            Assert.AreEqual(1950, loop.Context.Thermostat.SetpointCenti);
            string answer = (string)mqtt.TextsOn("sensors/t/events")[0];
            Assert.IsTrue(Ordinal.IndexOf(answer, "\"result\":\"applied\",\"heating\"") > 0 && Ordinal.IndexOf(answer, "\"setpoint\":19.5") > 0, answer);
            ArrayList states = mqtt.TextsOn("sensors/t/state");
            Assert.AreEqual(2, states.Count, "the first exchange's, then at once the change's");
            string state = (string)states[1];
            Assert.IsTrue(Ordinal.IndexOf(state, "\"setpoint\":19.5") > 0, state);

            mqtt.Deliver("sensors/t/cmd/setpoint", "{\"setpoint\":45}", false);
            platform.Power = new FakePower(clock, clock.UptimeMilliseconds + 60000);
            DeviceLoop again = new DeviceLoop(platform, config, "1");
            again.Run();
            Assert.AreEqual(1950, again.Context.Thermostat.SetpointCenti, "kept across the restart, and the bad setpoint changed nothing");
            Assert.AreEqual(40, again.Context.Thermostat.Settings.HysteresisCenti);
            string rejected = (string)mqtt.TextsOn("sensors/t/events")[1];
            Assert.IsTrue(Ordinal.IndexOf(rejected, "setpoint must be 5 °C to 30 °C, not 45 °C") > 0, rejected);
        }

        [TestMethod]
        public void TheThermostatsDecisionAndSetpointRideInEveryReadingsTelemetry()
        {
            FakeClock clock = new FakeClock();
            FakeMqttLink mqtt = new FakeMqttLink(clock);
            FakeSensor sensor = TestPlatform.ClimateSensor();
            sensor.Values[0] = 1800;
            Platform platform = TestPlatform.Online(clock, mqtt, sensor, 5 * 60000);
            FakeRelay relay = new FakeRelay();
            platform.Relay = relay;
            DeviceConfig config = new DeviceConfig();
            config.DeviceId = "t";
            config.SampleIntervalSeconds = 60;

            DeviceLoop loop = new DeviceLoop(platform, config, "1");
            loop.Run();

            // 18 °C is below the band, but the relay's minimum off time runs from boot (180 s): off, then heating.
            ArrayList telemetry = mqtt.TextsOn("sensors/t/telemetry");
            string first = (string)telemetry[0];
            string last = (string)telemetry[telemetry.Count - 1];
            Assert.IsTrue(Ordinal.IndexOf(first, "{\"n\":\"heating\",\"u\":\"/\",\"v\":0}") > 0, first);
            Assert.IsTrue(Ordinal.IndexOf(first, "{\"n\":\"setpoint\",\"u\":\"Cel\",\"v\":21}") > 0, first);
            Assert.IsTrue(relay.IsOn);
            // On mains the readings go in batches: the last record of heating is the last reading's.
            int lastHeating = LastIndexOf(last, "\"n\":\"heating\"");
            Assert.IsTrue(Ordinal.IndexOf(last, "\"n\":\"heating\",\"u\":\"/\",\"v\":1}", lastHeating) == lastHeating,
                "the reading carries the decision of its own sample: " + last);
            ArrayList states = mqtt.TextsOn("sensors/t/state");
            string state = (string)states[states.Count - 1];
            Assert.AreEqual(1, Count(state, "\"heating\":"), "the state names the heating once: " + state);
            Assert.AreEqual(1, Count(state, "\"setpoint\":"), state);
            Assert.IsTrue(Ordinal.IndexOf(state, "\"heating\":true") > 0, state);
        }

        private static int LastIndexOf(string text, string part)
        {
            int last = -1;
            for (int at = Ordinal.IndexOf(text, part); at >= 0; at = Ordinal.IndexOf(text, part, at + 1))
            {
                last = at;
            }

            return last;
        }

        private static int Count(string text, string part)
        {
            int count = 0;
            for (int at = Ordinal.IndexOf(text, part); at >= 0; at = Ordinal.IndexOf(text, part, at + 1))
            {
                count++;
            }

            return count;
        }
    }
}
