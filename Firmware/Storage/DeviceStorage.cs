using Firmware.Ports;

namespace Firmware.Storage
{
    /// <summary>
    /// The device's storage for one boot: the flash region split by the standard <see cref="FlashLayout"/>,
    /// the reading log and the state store mounted on it, boot counters and the power-on time base.
    /// </summary>
    public sealed class DeviceStorage
    {
        public DeviceStorage(IFlash flash)
        {
            Layout = FlashLayout.Standard(flash);
            Log = new ReadingLog(Layout.Log);
            State = new StateStore(Layout.State);
            Boot = new BootCounters();
            Time = new PowerOnTimeBase();
        }

        public FlashLayout Layout { get; private set; }

        public ReadingLog Log { get; private set; }

        public StateStore State { get; private set; }

        public BootCounters Boot { get; private set; }

        public PowerOnTimeBase Time { get; private set; }

        /// <summary>
        /// Mounts the log and the state store, counts this boot, opens a power-on epoch if needed, and
        /// commits. Medium failures throw <see cref="System.IO.IOException"/>.
        /// </summary>
        public void Open(WakeCause cause, IClock clock)
        {
            Log.Mount();
            State.Mount();
            Boot.CountBoot(State, cause == WakeCause.PowerOn);
            Time.Begin(State, cause, clock, Log.NextSequence);
            State.Sync();
        }

        /// <summary>Notes the wall time of this power-on once the clock is known (committed when it writes).</summary>
        public void ObserveClock(IClock clock)
        {
            if (Time.Observe(State, clock))
            {
                State.Sync();
            }
        }
    }
}
