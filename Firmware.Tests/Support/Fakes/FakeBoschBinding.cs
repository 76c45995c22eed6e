using Firmware.Drivers.Bmxx80;

namespace Firmware.Tests.Fakes
{
    /// <summary>
    /// A binding library as the guards see it: builds its driver object, "converts" on the <see cref="FakeBoschChip"/>
    /// (leaving what a conversion leaves) and answers the values and validity the test sets, or throws as the test
    /// says. It never touches the bus itself, so the chip's transaction count is the guard's alone.
    /// </summary>
    public sealed class FakeBoschBinding : IBme680Binding
    {
        private readonly FakeBoschChip _chip;

        public FakeBoschBinding(FakeBoschChip chip)
        {
            _chip = chip;
            Values = new int[] { 2508, 100653, 4512, 52000 };
            ValidMask = 0xF;
        }

        /// <summary>Temperature (0.01 °C), pressure (Pa), humidity (0.01 %RH), gas resistance (Ω).</summary>
        public int[] Values { get; private set; }

        public int ValidMask { get; set; }

        /// <summary>When set, Open throws with this message (a chip the binding does not accept).</summary>
        public string OpenThrows { get; set; }

        /// <summary>When set, reads throw with this message.</summary>
        public string ReadThrows { get; set; }

        public int Opens { get; private set; }

        public int Reads { get; private set; }

        public int GasReads { get; private set; }

        /// <summary>The ambient temperature the last gas read computed its heater's target for.</summary>
        public int LastAmbientCentiCelsius { get; private set; }

        public void Open()
        {
            Opens++;
            if (OpenThrows != null)
            {
                throw new System.InvalidOperationException(OpenThrows);
            }
        }

        public int Read(int[] values)
        {
            Reads++;
            return Convert(false, values);
        }

        public int ReadWithGas(int ambientCentiCelsius, int[] values)
        {
            GasReads++;
            LastAmbientCentiCelsius = ambientCentiCelsius;
            return Convert(true, values);
        }

        private int Convert(bool gas, int[] values)
        {
            if (ReadThrows != null)
            {
                throw new System.InvalidOperationException(ReadThrows);
            }

            if (_chip[0xD0] == 0x61)
            {
                _chip.Converted(gas);
            }

            System.Array.Copy(Values, values, Bmxx80Values.Count);
            return gas ? ValidMask : ValidMask & ~(1 << Bmxx80Values.GasResistance);
        }
    }
}
