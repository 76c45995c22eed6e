using Firmware.Drivers.Battery;
using Firmware.Tests.Fakes;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Drivers
{
    [TestClass]
    public class BatteryCurveTests
    {
        [TestMethod]
        public void BothCurvesAreMonotonicAndBoundedOverEveryVoltage()
        {
            BatteryCurve[] curves = { BatteryCurve.LithiumIonCell(), BatteryCurve.TwoAlkalineCellsBoosted() };
            for (int c = 0; c < curves.Length; c++)
            {
                int last = -1;
                for (int mv = 0; mv <= 6000; mv += 5)
                {
                    int percent = curves[c].ChargePercent(mv);
                    Assert.IsTrue(percent >= 0 && percent <= 100, curves[c].Name + " at " + mv.ToString() + " mV");
                    Assert.IsTrue(percent >= last, curves[c].Name + " falls at " + mv.ToString() + " mV");
                    last = percent;
                }

                Assert.AreEqual(0, curves[c].ChargePercent(curves[c].EmptyMillivolts));
                Assert.AreEqual(100, curves[c].ChargePercent(curves[c].FullMillivolts));
                for (int p = 0; p <= 100; p++)
                {
                    int back = curves[c].ChargePercent(curves[c].Millivolts(p));
                    Assert.IsTrue(back >= p - 1 && back <= p + 1, curves[c].Name + ": the inverse round-trips " + p.ToString() + " % to " + back.ToString() + " %");
                }
            }
        }

        [TestMethod]
        public void KnownPointsOfEachChemistry()
        {
            BatteryCurve lithium = BatteryCurve.LithiumIonCell();
            Assert.AreEqual(100, lithium.ChargePercent(4200));
            Assert.AreEqual(50, lithium.ChargePercent(3840));
            Assert.AreEqual(0, lithium.ChargePercent(3270));
            Assert.AreEqual(0, lithium.ChargePercent(3000));
            BatteryCurve alkaline = BatteryCurve.TwoAlkalineCellsBoosted();
            Assert.AreEqual(100, alkaline.ChargePercent(3300));
            Assert.AreEqual(52, alkaline.ChargePercent(2600));
            Assert.AreEqual(41, alkaline.ChargePercent(2500));
            Assert.AreEqual(0, alkaline.ChargePercent(1700));
        }

        [TestMethod]
        public void ABadCurveIsRefusedWithTheReason()
        {
            Assert.ThrowsException(typeof(System.ArgumentException), () => new BatteryCurve("x", new int[] { 3000, 2900 }, new int[] { 0, 100 }));
            Assert.ThrowsException(typeof(System.ArgumentException), () => new BatteryCurve("x", new int[] { 3000, 3100 }, new int[] { 10, 100 }));
            Assert.ThrowsException(typeof(System.ArgumentException), () => new BatteryCurve("x", new int[] { 3000 }, new int[] { 0 }));
        }

        [TestMethod]
        public void TheDividerScalesBothWays()
        {
            BatteryGaugeProfile profile = new BatteryGaugeProfile(BatteryCurve.LithiumIonCell(), 100000, 100000);
            Assert.AreEqual(4200, profile.BatteryMillivolts(2100));
            Assert.AreEqual(2100, profile.PinMillivolts(4200));
            BatteryGaugeProfile third = new BatteryGaugeProfile(BatteryCurve.LithiumIonCell(), 1000000, 2000000);
            Assert.AreEqual(4200, third.BatteryMillivolts(2800));
            Assert.AreEqual(2800, third.PinMillivolts(4200));
            Assert.ThrowsException(typeof(System.ArgumentException), () => new BatteryGaugeProfile(BatteryCurve.LithiumIonCell(), 1000, 0));
        }

        [TestMethod]
        public void TheGaugeAveragesAndReportsWhatItCannotMeasure()
        {
            FakeAnalogInput adc = new FakeAnalogInput();
            BatteryGauge gauge = new BatteryGauge(adc, new BatteryGaugeProfile(BatteryCurve.LithiumIonCell(), 100000, 100000));

            // 2535 of 4095 at 3100 mV full scale is 1919 mV at the pin, 3838 mV at the cell.
            adc.Raw = 2535;
            int millivolts;
            int percent;
            Assert.IsTrue(gauge.Measure(out millivolts, out percent));
            Assert.AreEqual(3838, millivolts);
            Assert.AreEqual(50, percent);
            Assert.AreEqual(8, adc.Reads);
            Assert.IsNull(gauge.Fault);

            adc.Raw = 4095;
            Assert.IsFalse(gauge.Measure(out millivolts, out percent));
            Assert.AreEqual(-1, millivolts);
            Assert.AreEqual(-1, percent);
            Assert.Contains("saturated", gauge.Fault);

            adc.Raw = 10;
            Assert.IsFalse(gauge.Measure(out millivolts, out percent));
            Assert.Contains("disconnected", gauge.Fault);

            adc.FailWith = "ADC2 is in use by Wi-Fi";
            Assert.IsFalse(gauge.Measure(out millivolts, out percent));
            Assert.Contains("ADC2 is in use by Wi-Fi", gauge.Fault);
        }
    }
}
