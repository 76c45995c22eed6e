namespace Firmware.Host.Hardware.Bmxx80
{
    /// <summary>A chip's compensation and its inverse, as the simulated chips need it to turn air into raw results.</summary>
    public interface IClimateModel
    {
        /// <summary>Temperature in °C and the fine temperature, from a 20-bit raw value.</summary>
        double Temperature(int raw, out double fine);

        /// <summary>The 20-bit raw temperature nearest to <paramref name="celsius"/> at a resolution.</summary>
        int RawTemperature(double celsius, int resolutionBits);

        /// <summary>The 20-bit raw pressure nearest to <paramref name="pascal"/> at a fine temperature and a resolution.</summary>
        int RawPressure(double pascal, double fine, int resolutionBits);

        /// <summary>The 16-bit raw humidity nearest to <paramref name="percent"/> at a fine temperature.</summary>
        int RawHumidity(double percent, double fine);
    }
}
