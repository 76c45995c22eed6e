using Firmware.Drivers.Bus;

namespace Firmware.Tests.Fakes
{
    /// <summary>An ADC channel returning the raw value the test sets (12 bits, 3100 mV full scale).</summary>
    public sealed class FakeAnalogInput : IAnalogInput
    {
        public int MaxValue
        {
            get { return 4095; }
        }

        public int FullScaleMillivolts
        {
            get { return 3100; }
        }

        public int Raw { get; set; }

        public string FailWith { get; set; }

        public int Reads { get; private set; }

        public string LastError { get; private set; }

        public bool TryRead(out int raw)
        {
            Reads++;
            LastError = FailWith;
            raw = FailWith == null ? Raw : -1;
            return FailWith == null;
        }
    }
}
