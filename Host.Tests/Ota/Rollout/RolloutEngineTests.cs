using System;
using System.Collections.Generic;
using System.Linq;
using CsCheck;
using Firmware.Host.Ota.Rollout;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static Firmware.Host.Tests.Ota.Rollout.RolloutFixture;

namespace Firmware.Host.Tests.Ota.Rollout
{
    /// <summary>The rollout engine on its own: waves and the canary, the self-halt, sleepers, the confirm timeout, abort and fleet rollback.</summary>
    [TestClass]
    public sealed class RolloutEngineTests
    {
        [TestMethod]
        public void TheCanaryHoldsEveryProfileAndTheWavesAreCumulativeSharesOfTheDevicesHeard()
        {
            RolloutEngine engine = Heard(Plan(), 200, 10, 200);

            List<string> canary = Announced(engine.Step(0));

            // 0.5 % of 200 is one device; the Li-ion board's 5 % adds one of its own unless the first already is one.
            Assert.IsTrue(canary.Count is 1 or 2, string.Join(", ", canary));
            CollectionAssert.AreEquivalent(new[] { "esp32-wroom-2aa sensor", "esp32-wroom-liion sensor" }, engine.State.Devices.Values.Select(d => d.Profile).Distinct().ToList());
            Assert.IsTrue(canary.All(id => engine.State.Devices[id].Wave == 0 && engine.State.Devices[id].State == DeviceState.Pending));
            Assert.AreEqual(0, Announced(engine.Step(23 * Hour)).Count, "the canary soaks a day");

            UpdateAll(engine, 2 * Hour, 0);
            List<string> second = Announced(engine.Step(24 * Hour));
            Assert.AreEqual(10 - canary.Count, second.Count, "5 % of 200 devices, the canary included");
            Assert.AreEqual(0, second.Intersect(canary).Count());
            UpdateAll(engine, 25 * Hour, 1);
            Assert.AreEqual(50 - 10, Announced(engine.Step(48 * Hour)).Count);
            UpdateAll(engine, 49 * Hour, 2);
            Assert.AreEqual(150, Announced(engine.Step(72 * Hour)).Count);
            UpdateAll(engine, 73 * Hour, 3);
            engine.Step(96 * Hour);
            Assert.AreEqual(RolloutPhase.Complete, engine.State.Phase);
            Assert.AreEqual(200, engine.Progress(96 * Hour).Updated);

            // The order comes from the seed alone: the same seed gives the same canary, another seed another order.
            RolloutEngine again = Heard(Plan(), 200, 10, 200);
            CollectionAssert.AreEqual(canary, Announced(again.Step(0)));
            RolloutPlan other = Plan();
            other.Seed = 6;
            CollectionAssert.AreNotEqual(engine.Order().ToList(), Heard(other, 200, 10, 200).Order().ToList());
        }

        [TestMethod]
        public void OnlyDevicesHeardFromAreTargetedAndTheRestAreListedAsNotReached()
        {
            RolloutEngine engine = Heard(Plan(100), 10, 0, 7);

            List<string> announced = Announced(engine.Step(0));

            Assert.AreEqual(7, announced.Count);
            CollectionAssert.AreEqual(new[] { Id(8), Id(9), Id(10) }, engine.Progress(0).NotReached);

            // A device first heard during the last wave joins it.
            engine.Observe(Status(Id(9), "0.2.0", Hour));
            CollectionAssert.AreEqual(new[] { Id(9) }, Announced(engine.Step(Hour)));

            // And so does one first heard after the rollout completed.
            engine.Step(25 * Hour);
            Assert.AreEqual(RolloutPhase.Complete, engine.State.Phase);
            engine.Observe(Status(Id(10), "0.2.0", 26 * Hour));
            CollectionAssert.AreEqual(new[] { Id(10) }, Announced(engine.Step(26 * Hour)));
            CollectionAssert.AreEqual(new[] { Id(8) }, engine.Progress(26 * Hour).NotReached);
        }

        [TestMethod]
        public void AWaveWhoseFailureRatePassesTheThresholdHaltsTheRolloutAndWithdrawsTheAnnouncesNotTaken()
        {
            RolloutEngine engine = Heard(Plan(10, 50, 100), 100, 5, 100);
            List<string> canary = Announced(engine.Step(0));
            string liion = canary.Single(id => engine.State.Devices[id].Profile.Contains("liion", StringComparison.Ordinal));
            string good = canary.First(id => id != liion);
            engine.Observe(Status(good, "0.2.0", Hour, state: "online"));
            engine.Observe(Event(good, "updated", "0.3.0", Hour));
            engine.Observe(Status(liion, "0.2.0", Hour, state: "online"));

            engine.Observe(Event(liion, "rolled-back", "0.3.0", 2 * Hour, "crash"));
            List<RolloutPublication> halt = engine.Step(2 * Hour).ToList();

            Assert.AreEqual(RolloutPhase.Halted, engine.State.Phase);
            StringAssert.Contains(engine.State.Reason, "wave 1");
            StringAssert.Contains(engine.State.Reason, liion);
            List<string> withdrawn = Withdrawn(halt);
            CollectionAssert.AreEquivalent(canary.Where(id => id != good).ToList(), withdrawn, "every announce but the updated device's is withdrawn");
            Assert.AreEqual(0, Announced(halt).Count);
            Assert.AreEqual(0, Announced(engine.Step(48 * Hour)).Count, "no further wave after a halt");
            Assert.AreEqual(1, engine.State.WaveStarts.Count);
            Assert.AreEqual("rolled-back: crash", engine.State.Devices[liion].Reason);
        }

        [TestMethod]
        public void FailuresAtOrBelowTheThresholdDoNotHalt()
        {
            RolloutPlan plan = Plan(100);
            plan.FailureThreshold = 0.5;
            RolloutEngine engine = Heard(plan, 4, 0, 4);
            engine.Step(0);
            engine.Observe(Event(Id(1), "updated", "0.3.0", Hour));
            engine.Observe(Event(Id(2), "rejected", "0.3.0", Hour, "image-truncated"));

            engine.Step(Hour);

            Assert.AreEqual(RolloutPhase.Running, engine.State.Phase, "1 of 2 decided is 50 %, not above it");
            engine.Observe(Event(Id(3), "rolled-back", "0.3.0", Hour, "crash"));
            engine.Step(2 * Hour);
            Assert.AreEqual(RolloutPhase.Halted, engine.State.Phase);
        }

        [TestMethod]
        public void ASleeperThroughItsWaveIsExpiredNotFailedAndItsLateOutcomeCounts()
        {
            RolloutEngine engine = Heard(Plan(50, 100), 4, 0, 4);
            List<string> first = Announced(engine.Step(0));
            Assert.AreEqual(2, first.Count);
            string sleeper = first[1];
            engine.Observe(Status(first[0], "0.2.0", Hour));
            engine.Observe(Event(first[0], "updated", "0.3.0", Hour));
            // A retained copy of the sleeper's old status is no session, nor is its last will (the broker's, for a lost connection).
            engine.Observe(Status(sleeper, "0.2.0", 2 * Hour, retained: true));
            engine.Observe(Status(sleeper, "0.2.0", 3 * Hour, state: "offline"));

            List<string> second = Announced(engine.Step(24 * Hour));

            Assert.AreEqual(2, second.Count, "the next wave goes out");
            RolloutProgress progress = engine.Progress(24 * Hour);
            CollectionAssert.AreEqual(new[] { sleeper }, progress.Waves[0].Expired);
            Assert.AreEqual(0, progress.Failed);
            Assert.AreEqual(DeviceState.Pending, engine.State.Devices[sleeper].State, "its announce stays");
            Assert.AreEqual(0, Withdrawn(engine.Step(25 * Hour)).Count);

            // Days later it wakes, takes the retained announce and confirms: counted.
            engine.Observe(Status(sleeper, "0.2.0", 70 * Hour, state: "online"));
            engine.Observe(Status(sleeper, "0.3.0", 71 * Hour));
            engine.Step(72 * Hour);
            Assert.AreEqual(DeviceState.Updated, engine.State.Devices[sleeper].State);
            Assert.AreEqual(0, engine.Progress(72 * Hour).Waves[0].Expired.Count);
        }

        [TestMethod]
        public void ADeviceThatHadASessionAndNoOutcomeWithinTheConfirmTimeoutFails()
        {
            RolloutEngine engine = Heard(Plan(100), 2, 0, 2);
            engine.Step(0);
            engine.Observe(Status(Id(1), "0.2.0", 3 * Hour, state: "online"));
            engine.Observe(Status(Id(2), "0.2.0", 3 * Hour, state: "online"));
            engine.Observe(Status(Id(2), "0.3.0", 4 * Hour, state: "online", trial: true));

            engine.Step(14 * Hour);
            Assert.AreEqual(DeviceState.Session, engine.State.Devices[Id(1)].State, "11 hours after its session");
            Assert.AreEqual(DeviceState.Session, engine.State.Devices[Id(2)].State, "on trial is not confirmed");
            engine.Step(15 * Hour);

            Assert.AreEqual(DeviceState.Failed, engine.State.Devices[Id(1)].State);
            Assert.AreEqual("not-confirmed-in-time", engine.State.Devices[Id(1)].Reason);
            Assert.AreEqual(RolloutPhase.Halted, engine.State.Phase, "2 of 2 failed");

            // A confirmation after the timeout is counted (late); the halt stands.
            engine.Observe(Status(Id(2), "0.3.0", 16 * Hour));
            engine.Step(16 * Hour);
            Assert.AreEqual(DeviceState.Updated, engine.State.Devices[Id(2)].State);
            Assert.AreEqual(RolloutPhase.Halted, engine.State.Phase);
        }

        [TestMethod]
        public void AWaveSoaksUntilEveryDeviceThatHadItsSessionHasAnOutcome()
        {
            RolloutPlan plan = Plan(50, 100);
            plan.ConfirmTimeoutMilliseconds = 36 * Hour;
            RolloutEngine engine = Heard(plan, 4, 0, 4);
            List<string> first = Announced(engine.Step(0));
            Assert.AreEqual(2, first.Count);
            // One confirms; the other took the announce in its session and has said nothing since (its trial crashed,
            // its loader rolled back, and its next session is late).
            engine.Observe(Status(first[0], "0.3.0", Hour));
            engine.Observe(Status(first[1], "0.2.0", 2 * Hour, state: "online"));

            Assert.AreEqual(0, Announced(engine.Step(24 * Hour)).Count, "the soak is over but an outcome is outstanding");
            Assert.AreEqual(0, Announced(engine.Step(30 * Hour)).Count);
            Assert.AreEqual(1, engine.State.WaveStarts.Count);

            engine.Observe(Event(first[1], "rolled-back", "0.3.0", 31 * Hour, "crash"));
            engine.Step(31 * Hour);

            Assert.AreEqual(RolloutPhase.Halted, engine.State.Phase, "the late rollback halts its own wave");
            Assert.AreEqual(1, engine.State.WaveStarts.Count, "no second wave went out");
        }

        [TestMethod]
        public void AnOutcomeThatNeverComesHoldsTheWaveOnlyUntilTheConfirmTimeout()
        {
            RolloutPlan plan = Plan(25, 100);
            plan.FailureThreshold = 0.5;
            RolloutEngine engine = Heard(plan, 8, 0, 8);
            List<string> first = Announced(engine.Step(0));
            Assert.AreEqual(2, first.Count);
            engine.Observe(Status(first[0], "0.3.0", Hour));
            engine.Observe(Status(first[1], "0.2.0", 20 * Hour, state: "online"));

            Assert.AreEqual(0, Announced(engine.Step(24 * Hour)).Count, "held: its confirm timeout ends at 32 h");
            List<string> second = Announced(engine.Step(32 * Hour));

            Assert.AreEqual("not-confirmed-in-time", engine.State.Devices[first[1]].Reason);
            Assert.AreEqual(RolloutPhase.Running, engine.State.Phase, "1 of 2 failed is not above 50 %");
            Assert.AreEqual(6, second.Count, "the next wave goes out once the wave is decided");
        }

        [TestMethod]
        public void ADeviceWhoseConnectionIsLostBeforeAnOutcomeWaitsForItsNextSessionInsteadOfFailing()
        {
            RolloutEngine engine = Heard(Plan(100), 2, 0, 2);
            engine.Observe(Status(Id(1), "0.2.0", 0, state: "online"));
            engine.Step(0);
            Assert.AreEqual(DeviceState.Session, engine.State.Devices[Id(1)].State, "a mains device in its session takes the announce at once");

            // Its network goes for days: the broker publishes its will.
            engine.Observe(Status(Id(1), "0.2.0", Hour, state: "offline"));
            engine.Step(30 * Hour);

            Assert.AreEqual(DeviceState.Pending, engine.State.Devices[Id(1)].State, "not failed: it had no session that could have taken the release");
            Assert.AreEqual(0, engine.Progress(30 * Hour).Failed);
            Assert.AreNotEqual(RolloutPhase.Halted, engine.State.Phase);

            engine.Observe(Status(Id(1), "0.2.0", 50 * Hour, state: "online"));
            Assert.AreEqual(DeviceState.Session, engine.State.Devices[Id(1)].State);
            engine.Step(61 * Hour);
            Assert.AreEqual(DeviceState.Session, engine.State.Devices[Id(1)].State, "its confirm timeout counts from the new session");
            engine.Observe(Status(Id(1), "0.3.0", 62 * Hour, state: "online"));
            engine.Step(62 * Hour);
            Assert.AreEqual(DeviceState.Updated, engine.State.Devices[Id(1)].State);
        }

        [TestMethod]
        public void ADeviceThatAcceptedTheReleaseStaysInItsSessionWhenItsConnectionGoesAtTheTrialsReboot()
        {
            RolloutEngine engine = Heard(Plan(50, 100), 4, 0, 4);
            List<string> first = Announced(engine.Step(0));
            string device = first[0];
            engine.Observe(Status(first[1], "0.3.0", Hour));
            engine.Observe(Status(device, "0.2.0", Hour, state: "online"));
            engine.Observe(Event(device, "accepted", "0.3.0", Hour));
            // It reboots into the trial without a DISCONNECT: the broker publishes its will.
            engine.Observe(Status(device, "0.2.0", Hour + 60_000, state: "offline"));

            Assert.AreEqual(DeviceState.Session, engine.State.Devices[device].State);
            Assert.AreEqual(0, Announced(engine.Step(20 * Hour)).Count, "the wave waits for its outcome");
            Assert.AreEqual(DeviceState.Session, engine.State.Devices[device].State, "off the network it cannot confirm: no timeout runs");

            engine.Observe(Status(device, "0.2.0", 21 * Hour, state: "online"));
            engine.Observe(Event(device, "rolled-back", "0.3.0", 21 * Hour, "crash"));
            engine.Step(21 * Hour);
            Assert.AreEqual(RolloutPhase.Halted, engine.State.Phase, "its rollback halts the canary");
            Assert.AreEqual(1, engine.State.WaveStarts.Count);
        }

        [TestMethod]
        public void ADeviceLostForDaysAfterAcceptingIsListedNotFailedAndItsConfirmTimeoutRunsAgainFromItsReturn()
        {
            RolloutEngine engine = Heard(Plan(50, 100), 4, 0, 4);
            List<string> first = Announced(engine.Step(0));
            string device = first[0];
            engine.Observe(Status(first[1], "0.3.0", Hour));
            engine.Observe(Status(device, "0.2.0", Hour, state: "online"));
            engine.Observe(Event(device, "accepted", "0.3.0", Hour));
            // Its network goes for days before the trial's reboot.
            engine.Observe(Status(device, "0.2.0", 2 * Hour, state: "offline"));

            Assert.AreEqual(0, Announced(engine.Step(13 * Hour)).Count);
            Assert.AreEqual(DeviceState.Session, engine.State.Devices[device].State, "not failed while off the network");
            List<string> next = Announced(engine.Step(24 * Hour));
            Assert.AreEqual(2, next.Count, "lost for a confirm timeout, it holds the soak no longer");
            CollectionAssert.Contains(engine.Progress(24 * Hour).Waves[0].Lost, device);
            Assert.AreEqual(RolloutPhase.Running, engine.State.Phase);

            // Back on day 3 without an outcome: the confirm timeout counts from its return, and then decides it.
            engine.Observe(Status(device, "0.2.0", 72 * Hour, state: "online"));
            engine.Step(83 * Hour);
            Assert.AreEqual(DeviceState.Session, engine.State.Devices[device].State);
            Assert.AreEqual(0, engine.Progress(83 * Hour).Waves[0].Lost.Count);
            engine.Step(84 * Hour);
            Assert.AreEqual(DeviceState.Failed, engine.State.Devices[device].State);
            Assert.AreEqual("not-confirmed-in-time", engine.State.Devices[device].Reason);
        }

        [TestMethod]
        public void TheCanaryWaitsUpToThreeSoaksForAProfileWhoseDeviceSleptThroughIt()
        {
            RolloutEngine engine = Heard(Plan(10, 100), 20, 2, 20);
            List<string> canary = Announced(engine.Step(0));
            string liion = canary.Single(id => engine.State.Devices[id].Profile.Contains("liion"));
            foreach (string id in canary.Where(id => id != liion))
            {
                engine.Observe(Status(id, "0.3.0", Hour));
            }

            Assert.AreEqual(0, Announced(engine.Step(24 * Hour)).Count, "no outcome of the Li-ion profile yet");
            Assert.AreEqual(0, Announced(engine.Step(48 * Hour)).Count);
            engine.Observe(Status(liion, "0.2.0", 50 * Hour, state: "online"));
            engine.Observe(Event(liion, "rolled-back", "0.3.0", 51 * Hour, "crash"));
            engine.Step(51 * Hour);
            Assert.AreEqual(RolloutPhase.Halted, engine.State.Phase, "the defect of its board halts the canary");

            // A profile that never answers holds the canary no longer than three soaks.
            RolloutEngine later = Heard(Plan(10, 100), 20, 2, 20);
            List<string> second = Announced(later.Step(0));
            string silent = second.Single(id => later.State.Devices[id].Profile.Contains("liion"));
            foreach (string id in second.Where(id => id != silent))
            {
                later.Observe(Status(id, "0.3.0", Hour));
            }

            Assert.AreEqual(0, Announced(later.Step(71 * Hour)).Count);
            Assert.AreNotEqual(0, Announced(later.Step(72 * Hour)).Count, "the next wave goes out after three soaks");
            CollectionAssert.Contains(later.Progress(72 * Hour).Waves[0].Expired, silent);
        }

        [TestMethod]
        public void AnotherDeviceOfAProfileJoinsTheCanaryWhenItsCanaryDeviceSleepsThroughASoak()
        {
            RolloutEngine engine = Heard(Plan(10, 100), 20, 3, 20);
            List<string> canary = Announced(engine.Step(0));
            string silent = canary.Single(id => engine.State.Devices[id].Profile.Contains("liion"));
            foreach (string id in canary.Where(id => id != silent))
            {
                engine.Observe(Status(id, "0.3.0", Hour));
            }

            List<string> awake = Enumerable.Range(1, 3).Select(Id).Where(id => id != silent).ToList();
            Assert.AreEqual(0, Announced(engine.Step(25 * Hour)).Count, "no other Li-ion device heard since the canary began");
            engine.Observe(Status(awake[0], "0.2.0", 30 * Hour));
            engine.Observe(Status(awake[1], "0.2.0", 31 * Hour));

            List<string> joined = Announced(engine.Step(32 * Hour));

            CollectionAssert.AreEqual(new[] { awake[1] }, joined, "the Li-ion device heard last joins the canary");
            Assert.AreEqual(0, engine.State.Devices[awake[1]].Wave);
            Assert.AreEqual(0, Announced(engine.Step(40 * Hour)).Count, "one device per profile and soak");
            engine.Observe(Status(awake[1], "0.2.0", 41 * Hour, state: "online"));
            engine.Observe(Event(awake[1], "rolled-back", "0.3.0", 42 * Hour, "crash"));
            engine.Step(42 * Hour);
            Assert.AreEqual(RolloutPhase.Halted, engine.State.Phase, "the defect of its board halts the canary");
            Assert.AreEqual(canary.Count + 1, engine.Progress(42 * Hour).Waves[0].Devices);
            Assert.AreEqual(1, engine.State.WaveStarts.Count);
        }

        [TestMethod]
        public void AMainsDeviceWhoseSessionIsOpenTakesTheAnnounceAtOnce()
        {
            RolloutEngine engine = Engine(Plan(100));
            engine.Observe(Status(Id(1), "0.2.0", 0, retained: true, state: "online"));

            engine.Step(Hour);

            Assert.AreEqual(DeviceState.Session, engine.State.Devices[Id(1)].State);
            Assert.AreEqual(Hour, engine.State.Devices[Id(1)].SessionAt);
        }

        [TestMethod]
        public void AbortStopsTheWavesAndWithdrawsTheAnnouncesNotTaken()
        {
            RolloutEngine engine = Heard(Plan(50, 100), 4, 0, 4);
            List<string> first = Announced(engine.Step(0));
            engine.Observe(Event(first[0], "updated", "0.3.0", Hour));

            List<RolloutPublication> abort = engine.Abort(2 * Hour, "a bad build").ToList();

            Assert.AreEqual(RolloutPhase.Aborted, engine.State.Phase);
            CollectionAssert.AreEqual(new[] { first[1] }, Withdrawn(abort));
            Assert.AreEqual(0, Announced(engine.Step(48 * Hour)).Count);
            Assert.IsTrue(abort.Any(p => p.Topic == "fleet/rollout" && p.Retain), "the progress is published");
        }

        [TestMethod]
        public void RollbackAnnouncesTheOlderReleaseToEveryDeviceThatTookThisOne()
        {
            RolloutEngine engine = Heard(Plan(100), 3, 0, 3);
            engine.Step(0);
            engine.Observe(Event(Id(1), "updated", "0.3.0", Hour));
            engine.Observe(Status(Id(2), "0.3.0", Hour));

            List<RolloutPublication> rollback = engine.Rollback(Older, 2 * Hour).ToList();

            CollectionAssert.AreEquivalent(new[] { Id(1), Id(2) }, Announced(rollback, Older));
            CollectionAssert.AreEqual(new[] { Id(3) }, Withdrawn(rollback));
            Assert.AreEqual(RolloutPhase.RollingBack, engine.State.Phase);
            engine.Observe(Event(Id(1), "updated", "0.2.0", 3 * Hour));
            engine.Step(3 * Hour);
            Assert.AreEqual(RolloutPhase.RollingBack, engine.State.Phase);
            engine.Observe(Status(Id(2), "0.2.0", 4 * Hour));
            engine.Step(4 * Hour);
            Assert.AreEqual(RolloutPhase.RolledBack, engine.State.Phase);
            Assert.AreEqual(2, engine.Progress(4 * Hour).RolledBack);
            Assert.ThrowsExactly<ArgumentException>(() => engine.Rollback(Release, 5 * Hour), "the release itself is no rollback");
            Assert.ThrowsExactly<InvalidOperationException>(() => engine.Abort(5 * Hour, null));
        }

        [TestMethod]
        public void NoAnnounceGoesOutOnceTheRolloutHalted()
        {
            // Random fleets, outcomes and step times: once halted, the engine never announces again, and every wave's
            // announces went out while it ran.
            Gen.Select(Gen.Int[5, 60], Gen.Double[0, 0.3], Gen.Int[0, 1000], Gen.Int[1, 20]).Sample((devices, failure, seed, stepHours) =>
            {
                Random random = new Random(seed);
                RolloutPlan plan = Plan(1, 10, 50, 100);
                plan.Seed = seed;
                plan.SoakMilliseconds = 6 * Hour;
                RolloutEngine engine = Heard(plan, devices, devices / 10, devices);
                bool halted = false;
                for (long at = 0; at < 20 * 24 * Hour; at += stepHours * Hour)
                {
                    foreach (DeviceRollout device in engine.State.Devices.Values.ToList())
                    {
                        double draw = random.NextDouble();
                        if (draw < 0.5)
                        {
                            engine.Observe(Status(device.Id, "0.2.0", at, state: "online"));
                            engine.Observe(draw < failure ? Event(device.Id, "rolled-back", "0.3.0", at, "crash") : Event(device.Id, "updated", "0.3.0", at));
                        }
                    }

                    IReadOnlyList<RolloutPublication> published = engine.Step(at);
                    if (halted && Announced(published).Count > 0)
                    {
                        return false;
                    }

                    halted |= engine.State.Phase == RolloutPhase.Halted;
                }

                return !halted || engine.State.Devices.Values.All(d => d.Wave < engine.State.WaveStarts.Count);
            }, iter: 60);
        }
    }
}
