namespace Firmware.Device
{
    /// <summary>
    /// One step of a wake (sample, store, decide the radio, run the session, save the state, sleep), run in order
    /// from a table by <see cref="DeviceLoop"/>. A phase reads and writes only the <see cref="WakeContext"/> it is
    /// given and keeps no state of its own, so one table serves every wake. A phase that does not apply to this wake
    /// (no radio due, no thermostat) does nothing. Failures are values in the context (the session's error, the
    /// backoff), never exceptions: the next phase reads them and the wake goes on. A failing flash
    /// (<see cref="System.IO.IOException"/>) that a phase does not handle itself ends the wake's remaining phases; the
    /// loop logs it, in one place, and the wake still ends as planned (a sleep, or the next sample).
    /// </summary>
    public interface IWakePhase
    {
        void Run(WakeContext context);
    }
}
