using Firmware.Ports;

namespace Firmware.Boot
{
    /// <summary>
    /// The entry point of the updatable application, as the frozen loader sees it. The loader finds the
    /// type that implements it in the active slot's bundle, creates it with its public parameterless
    /// constructor and calls <see cref="Run"/> once per boot. This interface never changes: a loader in
    /// the field must be able to start every future application.
    /// </summary>
    public interface IApplication
    {
        /// <summary>
        /// Runs the firmware for this boot. Returns after the application asked <see cref="IPower"/> to
        /// sleep or reboot (on a simulated target, where those calls return), or when it ends on error.
        /// </summary>
        void Run(Platform platform);
    }
}
