using Firmware.Drivers.Battery;
using Firmware.Tests.Fakes;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Drivers
{
    /// <summary>The battery gauge on bad conversions and at the ends of its curve.</summary>
    [TestClass]
    public class BatteryGaugeEdgeTests
    {
        [TestMethod]
        public void OneConversionReadingZeroAmongGoodOnesIsNoMeasurement()
        {
            FakeAnalogInput adc = new FakeAnalogInput();
            BatteryGauge gauge = new BatteryGauge(adc, new BatteryGaugeProfile(BatteryCurve.LithiumIonCell(), 100000, 100000));
            adc.Sequence = new int[] { 2535, 2535, 2535, 0, 2535, 2535, 2535, 2535 };
            int millivolts;
            int percent;

            Assert.IsFalse(gauge.Measure(out millivolts, out percent), "averaging a 0 in would report 3358 mV, 5 % for a half-full cell");
            Assert.AreEqual(-1, millivolts);
            Assert.AreEqual(-1, percent);
            Assert.Contains("read 0", gauge.Fault);
        }

        [TestMethod]
        public void VoltagesBeyondTheCurveAreClampedAndFullScaleOrNegativeIsNoMeasurement()
        {
            FakeAnalogInput adc = new FakeAnalogInput();
            BatteryGauge gauge = new BatteryGauge(adc, new BatteryGaugeProfile(BatteryCurve.LithiumIonCell(), 100000, 100000));
            int millivolts;
            int percent;

            adc.Raw = 2900; // 2195 mV at the pin, 4391 mV at the cell: above the top of the curve.
            Assert.IsTrue(gauge.Measure(out millivolts, out percent));
            Assert.AreEqual(100, percent);
            adc.Raw = 1500; // 1136 mV at the pin, 2271 mV at the cell: below the bottom.
            Assert.IsTrue(gauge.Measure(out millivolts, out percent));
            Assert.AreEqual(0, percent);

            adc.Raw = 5000;
            Assert.IsFalse(gauge.Measure(out millivolts, out percent));
            Assert.Contains("saturated", gauge.Fault);
            adc.Raw = -3;
            Assert.IsFalse(gauge.Measure(out millivolts, out percent));
            Assert.Contains("negative", gauge.Fault);
            Assert.ThrowsException(typeof(System.ArgumentException), () => new BatteryGaugeProfile(BatteryCurve.LithiumIonCell(), 0, 0));
        }
    }
}
