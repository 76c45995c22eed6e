namespace Firmware.Host.Hardware
{
    /// <summary>
    /// Power cuts and brown-outs a simulation imposes on a device (<see cref="TwinDevice.PowerSupply"/>): when the next
    /// one comes and how long the power stays off. A cut inside a wake stops the hardware at that moment: the clock
    /// throws <see cref="SimulatedPowerCutException"/> from the sleep that reaches it, and from every later one, and the
    /// flash and the radio answer nothing, until the loader powers the board on again.
    /// </summary>
    public interface IPowerSupply
    {
        /// <summary>True from a cut until <see cref="Restore"/>: the hardware has stopped.</summary>
        bool Failed { get; }

        /// <summary>How long the power stays off after the cut that happened (while <see cref="Failed"/>).</summary>
        long OffMilliseconds { get; }

        /// <summary>True when the next cut falls in (<paramref name="from"/>, <paramref name="until"/>], device time, and when.</summary>
        bool CutBetween(long from, long until, out long at);

        /// <summary>The cut <see cref="CutBetween"/> found happens now: the hardware stops.</summary>
        void Fail();

        /// <summary>Power is back: the next cut is the one after it.</summary>
        void Restore();
    }
}
