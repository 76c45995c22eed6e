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

        /// <summary>When set, the conversions returned in turn (repeating); otherwise <see cref="Raw"/> every time.</summary>
        public int[] Sequence { get; set; }

        public string FailWith { get; set; }

        public int Reads { get; private set; }

        public string LastError { get; private set; }

        public bool TryRead(out int raw)
        {
            int value = Sequence == null ? Raw : Sequence[Reads % Sequence.Length];
            Reads++;
            LastError = FailWith;
            raw = FailWith == null ? value : -1;
            return FailWith == null;
        }
    }
}
