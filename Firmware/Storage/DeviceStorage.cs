using Firmware.Ports;

namespace Firmware.Storage
{
    /// <summary>
    /// The device's storage for one boot: the flash region split by the standard <see cref="FlashLayout"/>,
    /// the reading log and the state store mounted on it, boot counters and the power-on time base, and the
    /// configuration document. The document store takes the last sectors of the layout's log partition (the
    /// split is the firmware's own, invisible to the frozen loader): 8 KiB per copy where the log can spare it,
    /// one sector per copy on small regions, none when the log has no sector to spare.
    /// </summary>
    public sealed class DeviceStorage
    {
        /// <summary>The document size aimed for: a configuration with a CA, a client certificate and its key.</summary>
        public const int PreferredDocumentBytes = 8192;

        /// <summary>Log sectors kept beside the documents before they are given more than one sector per copy.</summary>
        private const int LogSectorsBesideLargeDocuments = 8;

        /// <summary>Storage on a region split by the board's standard layout (<see cref="FlashLayout.StandardSlotBytes"/>).</summary>
        public DeviceStorage(IFlash flash)
            : this(flash, FlashLayout.StandardSlotBytes)
        {
        }

        /// <param name="flash">The flash region.</param>
        /// <param name="slotBytes">Bytes per OTA slot in the loader's layout (<see cref="Platform.SlotBytes"/>).</param>
        public DeviceStorage(IFlash flash, int slotBytes)
            : this(flash, slotBytes, null)
        {
        }

        /// <param name="flash">The flash region.</param>
        /// <param name="slotBytes">Bytes per OTA slot in the loader's layout (<see cref="Platform.SlotBytes"/>).</param>
        /// <param name="random">Where the reading log's epoch comes from when it formats erased flash (null: the runtime's generator).</param>
        public DeviceStorage(IFlash flash, int slotBytes, IRandom random)
        {
            Layout = FlashLayout.Standard(flash, slotBytes);
            FlashPartition logPartition = Layout.Log;
            int logSectors = logPartition.Size / logPartition.SectorSize;
            int perCopy = DocumentSectorsPerCopy(logPartition.SectorSize, logSectors);
            if (perCopy > 0)
            {
                LogRegion = new FlashPartition(logPartition, 0, logSectors - (2 * perCopy));
                Config = new DocumentStore(new FlashPartition(logPartition, logSectors - (2 * perCopy), 2 * perCopy));
            }
            else
            {
                LogRegion = logPartition;
            }

            Log = new ReadingLog(LogRegion, random);
            State = new StateStore(Layout.State);
            Boot = new BootCounters();
            Time = new PowerOnTimeBase();
        }

        public FlashLayout Layout { get; private set; }

        /// <summary>The sectors of the reading log (the layout's log partition less the document store).</summary>
        public FlashPartition LogRegion { get; private set; }

        public ReadingLog Log { get; private set; }

        public StateStore State { get; private set; }

        /// <summary>The configuration document sent by the broker; null when the region has no room for one.</summary>
        public DocumentStore Config { get; private set; }

        public BootCounters Boot { get; private set; }

        public PowerOnTimeBase Time { get; private set; }

        /// <summary>
        /// Sectors per copy of the document store for a log partition of <paramref name="logSectors"/> sectors: enough
        /// for <see cref="PreferredDocumentBytes"/> when the log keeps at least 8 sectors, else one, else none (the log
        /// needs its minimum).
        /// </summary>
        public static int DocumentSectorsPerCopy(int sectorSize, int logSectors)
        {
            int large = (PreferredDocumentBytes + sectorSize - 1) / sectorSize;
            if (logSectors - (2 * large) >= LogSectorsBesideLargeDocuments)
            {
                return large;
            }

            return logSectors - 2 >= FlashLayout.MinimumLogSectors ? 1 : 0;
        }

        /// <summary>
        /// Mounts the log, the state store and the document store, counts this boot, opens a power-on epoch if
        /// needed, and commits. Medium failures throw <see cref="System.IO.IOException"/>.
        /// </summary>
        public void Open(WakeCause cause, IClock clock)
        {
            Log.Mount();
            State.Mount();
            if (Config != null)
            {
                Config.Mount();
            }

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

        /// <summary>
        /// A factory reset: erases the state store (counters, energy ledger, thermostat settings, command memory,
        /// the time base) and the configuration document with the settings setup stored, asks for setup at the next boot
        /// (<see cref="SetupRequest"/>), and commits. The reading log is kept: unsent readings are delivered once the
        /// device reaches a broker again, with their sequence numbers going on.
        /// </summary>
        public void FactoryReset()
        {
            IFlash state = Layout.State;
            int sectors = state.Size / state.SectorSize;
            for (int s = 0; s < sectors; s++)
            {
                state.Erase(s);
            }

            if (Config != null)
            {
                Config.Erase();
            }

            State.Sync();
            State.Mount();
            SetupRequest setup = new SetupRequest();
            setup.Requested = true;
            setup.Save(State);
            State.Sync();
        }
    }
}
