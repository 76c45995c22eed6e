using Firmware.Power;
using Firmware.Text;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Power
{
    [TestClass]
    public class RadioPlannerTests
    {
        /// <summary>44.17 µA asleep, 33.3 µAh a wake (400 µA at one wake per 5 min), 166.7 µAh a radio session.</summary>
        private static PowerAverages Averages()
        {
            PowerAverages a = new PowerAverages();
            a.SleepNanoamps = 44170;
            a.WakeChargeNanoampMilliseconds = 120000000000;
            a.SessionChargeNanoampMilliseconds = 600000000000;
            return a;
        }

        [TestMethod]
        public void WithoutATargetTheConfiguredIntervalIsKept()
        {
            RadioPlan plan = new RadioPlan();

            RadioPlanner.Plan(new PowerBudget(), Averages(), 2500000, 0, 100, plan);

            Assert.AreEqual(3600, plan.RadioIntervalSeconds);
            Assert.AreEqual(12, plan.SampleWakesPerRadioWake);
            Assert.IsFalse(plan.StretchedForTarget);
            Assert.IsFalse(plan.TargetUnreachable);
            Assert.IsTrue(plan.OptionalWorkAllowed);
            Assert.AreEqual(44170L + 400000 + 166666, plan.ProjectedAverageNanoamps);
            Assert.AreEqual(2500000000L / 610836, plan.ProjectedRemainingHours);
        }

        [TestMethod]
        public void ATargetLifeStretchesTheIntervalJustEnoughOnSampleWakes()
        {
            PowerBudget budget = new PowerBudget();
            budget.TargetLifeDays = 180;
            RadioPlan plan = new RadioPlan();

            RadioPlanner.Plan(budget, Averages(), 2500000, 0, 100, plan);

            // Budget 578,703 nA; sleep and sampling take 444,170 nA; a session every 4,460 s fits the rest;
            // rounded up to sample wakes that is every 15th wake.
            Assert.IsTrue(plan.StretchedForTarget);
            Assert.AreEqual(15, plan.SampleWakesPerRadioWake);
            Assert.AreEqual(4500, plan.RadioIntervalSeconds);
            Assert.IsTrue(plan.ProjectedRemainingHours >= 180 * 24, plan.ProjectedRemainingHours.ToString());
        }

        [TestMethod]
        public void AnUnreachableTargetUsesTheLongestIntervalAndPostponesOptionalWork()
        {
            PowerBudget budget = new PowerBudget();
            budget.TargetLifeDays = 365;
            RadioPlan plan = new RadioPlan();

            RadioPlanner.Plan(budget, Averages(), 2500000, 0, 100, plan);

            Assert.IsTrue(plan.TargetUnreachable);
            Assert.AreEqual(86400, plan.RadioIntervalSeconds);
            Assert.AreEqual(288, plan.SampleWakesPerRadioWake);
            Assert.IsFalse(plan.OptionalWorkAllowed);
        }

        [TestMethod]
        public void ATargetAlreadyPassedOrEasilyMetKeepsTheConfiguredInterval()
        {
            PowerBudget budget = new PowerBudget();
            budget.TargetLifeDays = 180;
            RadioPlan plan = new RadioPlan();

            RadioPlanner.Plan(budget, Averages(), 2000000, 179L * 86400000, 90, plan);
            Assert.AreEqual(3600, plan.RadioIntervalSeconds);
            Assert.IsFalse(plan.StretchedForTarget);

            RadioPlanner.Plan(budget, Averages(), 100000, 200L * 86400000, 90, plan);
            Assert.AreEqual(3600, plan.RadioIntervalSeconds);
            Assert.IsFalse(plan.TargetUnreachable);
        }

        [TestMethod]
        [DataRow(100, 12, true)]
        [DataRow(30, 12, true)]
        [DataRow(29, 24, false)]
        [DataRow(15, 24, false)]
        [DataRow(14, 48, false)]
        [DataRow(0, 48, false)]
        public void LowBatteryLevelsStretchFurtherAndPostponeOptionalWorkAndGasReadings(int percent, int wakes, bool optional)
        {
            RadioPlan plan = new RadioPlan();

            RadioPlanner.Plan(new PowerBudget(), Averages(), 2500000, 0, percent, plan);

            Assert.AreEqual(wakes, plan.SampleWakesPerRadioWake);
            Assert.AreEqual(optional, plan.OptionalWorkAllowed);
            Assert.AreEqual(percent >= 30, plan.GasReadingsAllowed, "gas readings (a heater) stop below the low level");
            Assert.AreEqual(percent < 30, plan.LowBattery);
            Assert.AreEqual(percent < 15, plan.CriticalBattery);
        }

        [TestMethod]
        public void WithoutAGaugeTheLevelComesFromTheRemainingCharge()
        {
            RadioPlan plan = new RadioPlan();

            RadioPlanner.Plan(new PowerBudget(), Averages(), 500000, 0, -1, plan);

            Assert.AreEqual(20, plan.BatteryPercent);
            Assert.IsTrue(plan.LowBattery);
            Assert.AreEqual(24, plan.SampleWakesPerRadioWake);
        }

        [TestMethod]
        public void RadioWakesAlwaysFallOnSampleWakesWithinTheMaximum()
        {
            PowerBudget budget = new PowerBudget();
            budget.RadioIntervalSeconds = 1000;
            budget.MaxRadioIntervalSeconds = 1000;
            budget.CriticalBatteryStretch = 4;
            RadioPlan plan = new RadioPlan();

            RadioPlanner.Plan(budget, Averages(), 2500000, 0, 100, plan);
            Assert.AreEqual(900, plan.RadioIntervalSeconds);

            budget.MaxRadioIntervalSeconds = 5000;
            RadioPlanner.Plan(budget, Averages(), 2500000, 0, 100, plan);
            Assert.AreEqual(1200, plan.RadioIntervalSeconds);
            Assert.AreEqual(0, plan.RadioIntervalSeconds % budget.SampleIntervalSeconds);
        }

        [TestMethod]
        public void ABackoffDelayIsServedByTheSampleWakeThatCoversIt()
        {
            Assert.AreEqual(1, RadioPlanner.SampleWakesFor(0, 300000));
            Assert.AreEqual(1, RadioPlanner.SampleWakesFor(300000, 300000));
            Assert.AreEqual(2, RadioPlanner.SampleWakesFor(300001, 300000));
            Assert.AreEqual(12, RadioPlanner.SampleWakesFor(3600000, 300000));

            RadioPlan plan = new RadioPlan();
            plan.SampleWakesPerRadioWake = 12;
            Assert.IsFalse(RadioPlanner.IsRadioDue(11, plan));
            Assert.IsTrue(RadioPlanner.IsRadioDue(12, plan));
        }

        [TestMethod]
        public void AveragesAreEstimatedFromTheProfileUntilTheLedgerHasMeasuredEnough()
        {
            BoardProfile profile = BoardProfile.Esp32WroomLiIon();
            profile.QuiescentInputNanoamps = 0;
            EnergyLedger ledger = new EnergyLedger(profile);
            PowerAverages averages = new PowerAverages();

            averages.Measure(ledger);
            Assert.AreEqual(10000L, averages.SleepNanoamps);
            long estimatedWake = (1500L * 50000000) + (20L * 40700000) + (360L * 40000000) + (700L * 60000000 / 1000);
            Assert.AreEqual(estimatedWake, averages.WakeChargeNanoampMilliseconds);
            Assert.AreEqual((2000L * 120000000) + (500L * 100000000), averages.SessionChargeNanoampMilliseconds);

            for (int i = 0; i < PowerAverages.MinimumMeasured; i++)
            {
                ledger.AddWake();
                ledger.Add(PowerPhase.SensorMeasure, 10);
                ledger.Add(PowerPhase.DeepSleep, 300000);
                ledger.Add(PowerPhase.WifiConnect, 1000);
                ledger.Add(PowerPhase.RadioReceive, 100);
                ledger.CountRadioSession();
            }

            averages.Measure(ledger);
            Assert.AreEqual((1500L * 50000000) + (10L * 40700000), averages.WakeChargeNanoampMilliseconds);
            Assert.AreEqual((1000L * 120000000) + (100L * 100000000), averages.SessionChargeNanoampMilliseconds);
        }

        [TestMethod]
        public void PlanningFromALedgerCountsWhatItAlreadyUsed()
        {
            EnergyLedger ledger = new EnergyLedger(BoardProfile.Esp32WroomTwoAa());
            ledger.Add(PowerPhase.WifiConnect, 30L * 24 * 3600 * 1000);
            PowerBudget budget = new PowerBudget();
            RadioPlan plan = new RadioPlan();

            RadioPlanner.Plan(budget, ledger, new PowerAverages(), -1, plan);

            // A month of Wi-Fi at 173 mA drains far more than 2,500 mAh: nothing is left.
            Assert.AreEqual(0, plan.BatteryPercent);
            Assert.IsTrue(plan.CriticalBattery);
            Assert.AreEqual(0L, plan.ProjectedRemainingHours);
        }

        [TestMethod]
        public void ABadBudgetIsRejectedWithAReason()
        {
            PowerBudget budget = new PowerBudget();
            budget.RadioIntervalSeconds = 60;
            Assert.IsTrue(Ordinal.IndexOf(budget.Validate(), "radio interval") >= 0, budget.Validate());
            Assert.ThrowsException(typeof(System.ArgumentException), () => RadioPlanner.Plan(budget, Averages(), 1, 0, 100, new RadioPlan()));

            budget = new PowerBudget();
            budget.LowBatteryPercent = 10;
            Assert.IsTrue(Ordinal.IndexOf(budget.Validate(), "battery levels") >= 0, budget.Validate());
        }
    }
}
