using System.Threading;
using Firmware.Ports;

namespace Firmware.Host.Hardware
{
    /// <summary>
    /// A simulated device's clock as its board and loader see it: the firmware's <see cref="IClock"/>, plus what the
    /// loader does with time (a deep sleep and the boot after it, a power-on, the reset of a hung application). The
    /// interactive twin's is <see cref="VirtualClock"/> (sleeps compressed against real time); a fleet's devices each
    /// have one on a shared simulated time line (<see cref="Fleet.FleetClock"/>).
    /// </summary>
    public interface ITwinClock : IClock
    {
        /// <summary>Device milliseconds since the run started, across boots.</summary>
        long TotalMilliseconds { get; }

        /// <summary>Deep sleep and the boot after it: time passes, uptime starts again from zero.</summary>
        void DeepSleepAndBoot(long milliseconds);

        /// <summary>A power-on after a cut: the RTC forgets wall time, uptime starts again.</summary>
        void PowerOn();

        /// <summary>Uptime starts again from zero (a boot without a sleep before it).</summary>
        void BeginBoot();

        /// <summary>The loader reset the device under a hung application: from now on every sleep of that thread throws.</summary>
        void Halt(Thread thread);

        /// <summary>
        /// A sleep of up to <paramref name="milliseconds"/> that <paramref name="signal"/> ends early (a link's wait for a
        /// message that may come at any time); true when the signal was set. Like <see cref="IClock.Sleep"/> otherwise.
        /// </summary>
        bool SleepUnlessSet(ManualResetEventSlim signal, int milliseconds);

        /// <summary>
        /// As <see cref="SleepUnlessSet"/>, for a condition that is looked at rather than signalled (a socket with bytes to
        /// read): <paramref name="arrived"/> is asked when the sleep begins and whenever the clock would otherwise go on
        /// sleeping after a pause; true when it answered true.
        /// </summary>
        bool SleepUnless(System.Func<bool> arrived, int milliseconds);
    }
}
