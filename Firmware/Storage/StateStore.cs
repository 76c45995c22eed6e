using Firmware.Ports;

namespace Firmware.Storage
{
    /// <summary>
    /// Small persistent state (configuration, counters, the power-on time base, later the energy ledger)
    /// as versioned records under numeric keys, in sectors of its own.
    ///
    /// Contract:
    /// - <see cref="Mount"/> first; it reads the store's sectors whole (they are few).
    /// - <see cref="Write"/> appends a record (key, version, sequence number, data, CRC-32, then a commit
    ///   marker programmed on its own); it is committed once <see cref="Sync"/> returns. <see cref="Read"/>
    ///   returns the newest valid record of a key. After a cut anywhere, a key reads either its last
    ///   committed value or a value written after it; never a torn or mixed one.
    /// - Writes go to the active sector until it is full; then the next sector (kept erased) is opened,
    ///   the newest record of every key that lives only in the oldest sector is copied into it, and only
    ///   then is the oldest sector erased. A mount that finds this interrupted finishes it at the next
    ///   write, or starts it over when torn slots left the copy no room. So a sector is erased once per (slots per sector - live keys) writes, never per write.
    /// - Bad input (unknown key range, record too long, too many keys) throws before anything is written.
    ///
    /// Sector: slot 0 is the header (magic "SS", version, slot size, sector id, CRC-32); the other slots
    /// each hold one record: key u16, version u8, length u8, sequence u32, data, CRC-32, marker in the
    /// slot's last byte. Bytes a record does not use stay erased.
    /// </summary>
    public sealed partial class StateStore
    {
        public const int DefaultSlotSize = 64;
        public const int MinimumSlotSize = 32;

        /// <summary>Bytes of a slot that are not data: key, version, length, sequence, CRC-32, marker.</summary>
        public const int Overhead = 13;

        private const int DataOffset = 8;

        private readonly IFlash _flash;
        private readonly int _sectorSize;
        private readonly int _sectorCount;
        private readonly int _slotSize;
        private readonly int _slotsPerSector;
        private readonly int _maxKeys;

        private readonly bool[] _validSector;
        private readonly long[] _sectorId;

        // Newest record per key.
        private readonly int[] _keys;
        private readonly int[] _keyAddress;
        private readonly long[] _keySequence;
        private readonly int[] _keySector;
        private int _keyCount;

        private readonly byte[] _buffer;
        private readonly byte[] _scratch = new byte[256];
        private readonly byte[] _commit = new byte[] { 0x00 };

        private bool _mounted;
        private bool _spareReady;
        private int _active;
        private int _writeSlot;
        private long _nextSequence;

        /// <summary>A store over the whole of <paramref name="flash"/> (at least 2 sectors) with the default slot size.</summary>
        public StateStore(IFlash flash)
            : this(flash, DefaultSlotSize)
        {
        }

        public StateStore(IFlash flash, int slotSize)
        {
            FlashLayout.CheckRegion(flash);
            int sectors = flash.Size / flash.SectorSize;
            if (sectors < 2)
            {
                throw new System.ArgumentException("the state store needs at least 2 sectors, not " + sectors.ToString());
            }

            if (slotSize < MinimumSlotSize || slotSize > 255 || flash.SectorSize / slotSize < 3)
            {
                throw new System.ArgumentOutOfRangeException("slotSize", "slots of " + MinimumSlotSize.ToString()
                    + " to 255 bytes, at least 3 per sector");
            }

            _flash = flash;
            _sectorSize = flash.SectorSize;
            _sectorCount = sectors;
            _slotSize = slotSize;
            _slotsPerSector = flash.SectorSize / slotSize;

            // Half a sector stays free for the copy-forward to land in, with room for slots a cut tore.
            _maxKeys = (_slotsPerSector - 1) / 2;
            _validSector = new bool[sectors];
            _sectorId = new long[sectors];
            _keys = new int[_maxKeys];
            _keyAddress = new int[_maxKeys];
            _keySequence = new long[_maxKeys];
            _keySector = new int[_maxKeys];
            _buffer = new byte[slotSize];
        }

        /// <summary>Largest record data in bytes.</summary>
        public int MaxRecordBytes
        {
            get { return _slotSize - Overhead; }
        }

        /// <summary>Most distinct keys the store holds.</summary>
        public int MaxKeys
        {
            get { return _maxKeys; }
        }

        public int KeyCount
        {
            get { return _keyCount; }
        }

        /// <summary>Records found rotten when read since the mount (their key fell back to nothing).</summary>
        public int CorruptSkipped { get; private set; }

        /// <summary>Commits every write so far.</summary>
        public void Sync()
        {
            _flash.Sync();
        }

        /// <summary>
        /// Copies the newest value of <paramref name="key"/> into <paramref name="buffer"/> and returns its length
        /// and version, or -1 when the key has none.
        /// </summary>
        public int Read(int key, byte[] buffer, int offset, out int version)
        {
            RequireMounted();
            version = 0;
            int index = IndexOf(key);
            if (index < 0)
            {
                return -1;
            }

            _flash.Read(_keyAddress[index], _buffer, 0, _slotSize);
            if (CheckSlot(_buffer) != ReadingRecord.Valid)
            {
                CorruptSkipped++;
                return -1;
            }

            int length = _buffer[3];
            if (buffer == null || offset < 0 || offset > buffer.Length - length)
            {
                throw new System.ArgumentException("the buffer has no room for the " + length.ToString() + "-byte record of key " + key.ToString());
            }

            version = _buffer[2];
            System.Array.Copy(_buffer, DataOffset, buffer, offset, length);
            return length;
        }

        private int IndexOf(int key)
        {
            for (int i = 0; i < _keyCount; i++)
            {
                if (_keys[i] == key)
                {
                    return i;
                }
            }

            return -1;
        }

        private int SlotAddress(int sector, int slot)
        {
            return (sector * _sectorSize) + (slot * _slotSize);
        }

        /// <summary><see cref="ReadingRecord.Erased"/>, Torn, Corrupt or Valid, as for readings.</summary>
        private int CheckSlot(byte[] slot)
        {
            if (slot[_slotSize - 1] == 0xFF)
            {
                return FlashScan.IsErased(slot, 0, _slotSize) ? ReadingRecord.Erased : ReadingRecord.Torn;
            }

            int length = slot[3];
            if (length > _slotSize - Overhead)
            {
                return ReadingRecord.Corrupt;
            }

            int at = DataOffset + length;
            return LittleEndian.ReadUInt32(slot, at) == Crc32.Compute(slot, 0, at) ? ReadingRecord.Valid : ReadingRecord.Corrupt;
        }

        private void RequireMounted()
        {
            if (!_mounted)
            {
                throw new System.InvalidOperationException("mount the state store first");
            }
        }
    }
}
