using Firmware.Ports;

namespace Firmware.Storage
{
    /// <summary>
    /// The store-and-forward log: every reading is appended to flash and stays until the broker has
    /// acknowledged it or the full-log policy drops it (counted). A ring of sectors in the spirit of
    /// Zephyr's FCB, on the strict NOR model of <see cref="IFlash"/>.
    ///
    /// Contract:
    /// - <see cref="Mount"/> first (after every boot or cut); it reads every sector header and the records
    ///   of the newest sector only, so its cost grows with the number of sectors, not of readings.
    /// - <see cref="Append"/> gives the reading the next sequence number and writes it; it is committed
    ///   once <see cref="Sync"/> returns. A committed reading survives every later cut until acknowledged
    ///   or dropped.
    /// - Sequence numbers grow by one per append, across reboots, drops and wrap-around; a number whose
    ///   append a cut interrupted may be skipped, never reused for another committed reading.
    /// - <see cref="ReadFrom"/> returns unacknowledged readings in sequence order, skipping slots that were
    ///   torn by a cut (never committed) or have rotted (counted in <see cref="CorruptSkipped"/>).
    /// - <see cref="Acknowledge"/> releases every reading up to a sequence number by clearing bits of the
    ///   two copies of a bitmap beside the sector header (the count of cleared bits is the count of acknowledged
    ///   slots; the smaller count of the two copies counts): no record is rewritten and a whole batch costs a
    ///   byte or two per copy. A cut during it leaves some prefix of the batch acknowledged. A bit that flips in
    ///   a bitmap, either way, at worst sends one reading again; it never loses one.
    /// - <see cref="Epoch"/> names this log: chosen at random when the log is formatted (the first sector
    ///   opened on erased flash) and kept for its life, so a receiver tells an erased and restarted log (whose
    ///   sequence numbers start again at 1) from the one it knew.
    /// - When the ring is full, opening a new sector retires the oldest one: its unacknowledged readings
    ///   are dropped and counted in <see cref="Dropped"/>, which is persistent.
    ///
    /// Layout per sector: header (<see cref="LogSectorHeader"/>, 64 bytes), two copies of the acknowledgement
    /// bitmap, then fixed-size slots (<see cref="ReadingRecord"/>); sectors of the earlier format (56-byte header,
    /// one bitmap) are still read. One sector is always kept free ahead of the head,
    /// so the log holds between N-2 and N-1 sectors of readings.
    /// Not thread-safe. Nothing on the append, read or acknowledge paths allocates.
    /// </summary>
    public sealed partial class ReadingLog
    {
        /// <summary>Sequence numbers are stored in 32 bits.</summary>
        public const long MaxSequence = 0xFFFFFFFEL;

        private readonly IFlash _flash;
        private readonly int _sectorSize;
        private readonly int _sectorCount;

        // What the mount learned about each physical sector.
        private readonly bool[] _valid;
        private readonly long[] _id;
        private readonly long[] _base;
        private readonly int[] _slotSize;
        private readonly int[] _channels;
        private readonly int[] _width;
        private readonly int[] _capacity;
        private readonly int[] _acked;
        private readonly int[] _version;

        // Live sectors, oldest first; the last is the head.
        private readonly int[] _order;
        private int _live;

        private readonly LogSectorHeader _header = new LogSectorHeader();
        private readonly byte[] _scratch = new byte[256];
        private readonly byte[] _slot = new byte[ReadingRecord.MaxSize];
        private readonly byte[] _commit = new byte[] { 0x00 };

        private bool _mounted;
        private int _head;
        private int _nextSlot;
        private long _nextSequence;
        private long _acknowledged;
        private long _released;
        private long _dropped;
        private long _corrupt;
        private long _corruptCountedThrough;
        private bool _wide;
        private long _epoch;
        private IRandom _epochSource;

        /// <summary>A log over the whole of <paramref name="flash"/> (give it a partition of its own).</summary>
        public ReadingLog(IFlash flash)
        {
            Firmware.Storage.FlashLayout.CheckRegion(flash);
            int sectors = flash.Size / flash.SectorSize;
            if (sectors < FlashLayout.MinimumLogSectors)
            {
                throw new System.ArgumentException("the reading log needs at least " + FlashLayout.MinimumLogSectors.ToString()
                    + " sectors, not " + sectors.ToString());
            }

            _flash = flash;
            _sectorSize = flash.SectorSize;
            _sectorCount = sectors;
            _valid = new bool[sectors];
            _id = new long[sectors];
            _base = new long[sectors];
            _slotSize = new int[sectors];
            _channels = new int[sectors];
            _width = new int[sectors];
            _capacity = new int[sectors];
            _acked = new int[sectors];
            _version = new int[sectors];
            _order = new int[sectors];
        }

        /// <summary>
        /// A log over the whole of <paramref name="flash"/> whose epoch, when it formats erased flash, comes from
        /// <paramref name="random"/> (null: the runtime's own generator).
        /// </summary>
        public ReadingLog(IFlash flash, IRandom random)
            : this(flash)
        {
            _epochSource = random;
        }

        /// <summary>
        /// The log's epoch: a number chosen at random (never 0) when the log was formatted, the same for every reading
        /// it holds; 0 before the first append on erased flash, and for a log that earlier firmware formatted (it
        /// keeps 0 until the flash is erased).
        /// </summary>
        public long Epoch
        {
            get { return _epoch; }
        }

        /// <summary>The sequence number the next appended reading will get.</summary>
        public long NextSequence
        {
            get { return _nextSequence; }
        }

        /// <summary>The newest sequence number appended (0 when none ever was).</summary>
        public long NewestSequence
        {
            get { return _nextSequence - 1; }
        }

        /// <summary>Every reading up to this sequence number is acknowledged or dropped.</summary>
        public long AcknowledgedThrough
        {
            get { return Floor(); }
        }

        /// <summary>The first sequence number still held unacknowledged; 0 when none is.</summary>
        public long OldestSequence
        {
            get { return Held > 0 ? Floor() + 1 : 0; }
        }

        /// <summary>
        /// Unacknowledged readings held: the span of sequence numbers from <see cref="OldestSequence"/> to
        /// <see cref="NewestSequence"/> (a slot torn by a cut or rotten inside it is skipped when read).
        /// </summary>
        public long Held
        {
            get { return _nextSequence - 1 - Floor(); }
        }

        /// <summary>Readings the full-log policy dropped unacknowledged, over the log's whole life.</summary>
        public long Dropped
        {
            get { return _dropped; }
        }

        /// <summary>Committed readings found rotten (CRC mismatch) and skipped since the mount.</summary>
        public long CorruptSkipped
        {
            get { return _corrupt; }
        }

        /// <summary>Slot bytes that can still be appended before a reading has to be dropped.</summary>
        public long BytesFree
        {
            get
            {
                if (_head < 0)
                {
                    return (long)(_sectorCount - 2) * _sectorSize;
                }

                int free = 0;
                for (int d = 1; d < _sectorCount; d++)
                {
                    int i = (_head + d) % _sectorCount;
                    if (OrderIndexOf(i) >= 0)
                    {
                        break;
                    }

                    free++;
                }

                long head = (long)(_capacity[_head] - _nextSlot) * _slotSize[_head];
                long sectors = free > 1 ? (long)(free - 1) * _capacity[_head] * _slotSize[_head] : 0;
                return head + sectors;
            }
        }

        /// <summary>Sectors in the ring.</summary>
        public int SectorCount
        {
            get { return _sectorCount; }
        }

        /// <summary>Commits every append and acknowledgement made so far.</summary>
        public void Sync()
        {
            _flash.Sync();
        }

        /// <summary>Everything below this is gone: acknowledged, dropped, or older than the oldest live sector.</summary>
        private long Floor()
        {
            long floor = _acknowledged > _released ? _acknowledged : _released;
            if (_live > 0 && _base[_order[0]] - 1 > floor)
            {
                floor = _base[_order[0]] - 1;
            }

            return floor;
        }

        /// <summary>One past the last sequence number sector <c>_order[k]</c> can hold.</summary>
        private long End(int k)
        {
            int i = _order[k];
            if (k == _live - 1)
            {
                return _nextSequence;
            }

            long full = _base[i] + _capacity[i];
            long next = _base[_order[k + 1]];
            return next < full ? next : full;
        }

        private int OrderIndexOf(int sector)
        {
            for (int k = 0; k < _live; k++)
            {
                if (_order[k] == sector)
                {
                    return k;
                }
            }

            return -1;
        }

        private int SectorAddress(int sector)
        {
            return sector * _sectorSize;
        }

        private int SlotAddress(int sector, int slot)
        {
            int version = _version[sector];
            return SectorAddress(sector) + LogSectorHeader.BytesFor(version)
                + (LogSectorHeader.BitmapCopiesFor(version) * BitmapBytes(_capacity[sector])) + (slot * _slotSize[sector]);
        }

        /// <summary>Where copy <paramref name="copy"/> of the sector's acknowledgement bitmap starts.</summary>
        private int BitmapAddress(int sector, int copy)
        {
            return SectorAddress(sector) + LogSectorHeader.BytesFor(_version[sector]) + (copy * BitmapBytes(_capacity[sector]));
        }

        private static int BitmapBytes(int capacity)
        {
            return (capacity + 7) / 8;
        }

        /// <summary>How many slots of <paramref name="slotSize"/> bytes fit in a sector of the format beside its header and bitmaps.</summary>
        private int CapacityFor(int slotSize, int version)
        {
            int copies = LogSectorHeader.BitmapCopiesFor(version);
            int room = _sectorSize - LogSectorHeader.BytesFor(version);
            int capacity = (room * 8) / ((8 * slotSize) + copies);
            while (capacity > 0 && (copies * BitmapBytes(capacity)) + (capacity * slotSize) > room)
            {
                capacity--;
            }

            return capacity;
        }

        /// <summary>A new epoch for a log being formatted: 32 random bits, never 0.</summary>
        private long NewEpoch()
        {
            if (_epochSource == null)
            {
                _epochSource = new RuntimeRandom();
            }

            long epoch = ((long)_epochSource.Next(0x10000) << 16) | (long)_epochSource.Next(0x10000);
            return epoch == 0 ? 1 : epoch;
        }

        private void RequireMounted()
        {
            if (!_mounted)
            {
                throw new System.InvalidOperationException("mount the reading log first");
            }
        }
    }
}
