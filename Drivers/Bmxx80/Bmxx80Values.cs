namespace Firmware.Drivers.Bmxx80
{
    /// <summary>
    /// Where a binding's read puts its results (<see cref="IBmxx80Binding.Read"/>), as fixed-point integers, and the
    /// bit of each in the mask it returns.
    /// </summary>
    public static class Bmxx80Values
    {
        /// <summary>Hundredths of a degree Celsius.</summary>
        public const int Temperature = 0;

        /// <summary>Pascal.</summary>
        public const int Pressure = 1;

        /// <summary>Hundredths of a percent relative humidity.</summary>
        public const int Humidity = 2;

        /// <summary>Ohm.</summary>
        public const int GasResistance = 3;

        /// <summary>The length of the array a read fills.</summary>
        public const int Count = 4;
    }
}
