using Firmware.Ports;

namespace Firmware.Tests.Fakes
{
    /// <summary>A battery gauge that reads what the test says.</summary>
    public sealed class FakeBattery : IBattery
    {
        public FakeBattery(int millivolts, int percent)
        {
            Millivolts = millivolts;
            Percent = percent;
        }

        public int Millivolts { get; set; }

        public int Percent { get; set; }

        public bool Measure(out int millivolts, out int chargePercent)
        {
            millivolts = Millivolts;
            chargePercent = Percent;
            return true;
        }
    }
}
