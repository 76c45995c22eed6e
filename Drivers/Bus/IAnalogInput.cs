namespace Firmware.Drivers.Bus
{
    /// <summary>One analog input channel (an ADC pin), as raw conversions.</summary>
    public interface IAnalogInput
    {
        /// <summary>The highest raw value, reached at <see cref="FullScaleMillivolts"/> (4095 for 12 bits).</summary>
        int MaxValue { get; }

        /// <summary>The input voltage that reads as <see cref="MaxValue"/>, in millivolts (board calibration).</summary>
        int FullScaleMillivolts { get; }

        /// <summary>Takes one conversion. False, with the reason in <see cref="LastError"/>, when none could be taken.</summary>
        bool TryRead(out int raw);

        /// <summary>Why the last <see cref="TryRead"/> failed, or null.</summary>
        string LastError { get; }
    }
}
