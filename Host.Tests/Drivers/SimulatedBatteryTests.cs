using System;
using Firmware.Drivers.Battery;
using Firmware.Host.Hardware;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Drivers
{
    /// <summary>The simulated battery follows its chemistry's curve as it is discharged, and the device's gauge reads it through the divider and ADC.</summary>
    [TestClass]
    public sealed class SimulatedBatteryTests
    {
        [TestMethod]
        [DataRow("li-ion", 1_000_000, 2_000_000, 3000)]
        [DataRow("2xAA", 1_000_000, 1_000_000, 2500)]
        public void TheGaugeFollowsTheBatteryDownItsCurveAsItIsDrawn(string chemistry, int top, int bottom, double capacity)
        {
            BatteryCurve curve = chemistry == "li-ion" ? BatteryCurve.LithiumIonCell() : BatteryCurve.TwoAlkalineCellsBoosted();
            BatteryGaugeProfile profile = new BatteryGaugeProfile(curve, top, bottom);
            SimulatedBattery battery = new SimulatedBattery(curve, capacity);
            BatteryGauge gauge = SimulatedBatteryAdc.Gauge(battery, profile);

            int lastPercent = 101;
            for (int step = 0; step <= 20; step++)
            {
                Assert.IsTrue(gauge.Measure(out int millivolts, out int percent), gauge.Fault);
                Assert.AreEqual(battery.Millivolts, millivolts, 8, "the ADC's quantisation through the divider, at most a few mV");
                Assert.AreEqual(battery.ChargePercent, percent, 2.5, $"at step {step}");
                Assert.IsTrue(percent <= lastPercent, "never rises while discharging");
                lastPercent = percent;
                battery.Draw(capacity * 1000 / 20);
            }

            Assert.IsTrue(battery.Empty);
            Assert.AreEqual(0, battery.Draw(10), "an empty battery gives nothing");
            Assert.IsTrue(gauge.Measure(out int emptyMillivolts, out int emptyPercent));
            Assert.AreEqual(0, emptyPercent);
            Assert.AreEqual(curve.EmptyMillivolts, emptyMillivolts, 8);
        }

        [TestMethod]
        public void ADisconnectedOrFailingAdcGivesNoMeasurement()
        {
            BatteryGaugeProfile profile = new BatteryGaugeProfile(BatteryCurve.LithiumIonCell(), 1_000_000, 2_000_000);
            SimulatedBattery battery = new SimulatedBattery(profile.Curve, 3000);
            SimulatedBatteryAdc adc = new SimulatedBatteryAdc(battery, profile);
            BatteryGauge gauge = new BatteryGauge(adc, profile);

            adc.Disconnected = true;
            Assert.IsFalse(gauge.Measure(out int mv, out int pct));
            Assert.AreEqual(-1, mv);
            Assert.AreEqual(-1, pct);
            StringAssert.Contains(gauge.Fault, "disconnected");

            adc.Disconnected = false;
            adc.Failing = true;
            Assert.IsFalse(gauge.Measure(out _, out _));
            StringAssert.Contains(gauge.Fault, "conversion failed");
        }

        [TestMethod]
        public void ADividerThatLeavesTheBatteryAboveTheAdcRangeIsReportedNotClipped()
        {
            // 4.2 V into a 3.1 V input with no divider: saturated, so no measurement.
            BatteryGaugeProfile wrong = new BatteryGaugeProfile(BatteryCurve.LithiumIonCell(), 0, 1_000_000);
            SimulatedBattery battery = new SimulatedBattery(wrong.Curve, 3000);
            BatteryGauge gauge = SimulatedBatteryAdc.Gauge(battery, wrong);
            Assert.IsFalse(gauge.Measure(out _, out _));
            StringAssert.Contains(gauge.Fault, "saturated");
        }

        [TestMethod]
        public void DrawRejectsNegativeCharge()
        {
            SimulatedBattery battery = new SimulatedBattery(BatteryCurve.LithiumIonCell(), 1000);
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => battery.Draw(-1));
        }
    }
}
