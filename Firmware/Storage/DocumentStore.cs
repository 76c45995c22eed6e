using Firmware.Ports;

namespace Firmware.Storage
{
    /// <summary>
    /// One document of up to a few kilobytes (the configuration a broker sent, with its certificates), kept
    /// in two copies so that the previous one survives every cut while the next is written, and so that a
    /// document written on trial can be confirmed or rejected without losing the one it replaced.
    ///
    /// Contract:
    /// - <see cref="Mount"/> first; it reads both copies whole and writes nothing.
    /// - <see cref="Write"/> erases one copy and writes the new document into it, then its commit marker; it is
    ///   committed once the flash is synced. It never erases the <see cref="Keeper"/> (the newest document that is
    ///   not a pending trial), so a cut leaves either the old state or the new document.
    /// - A document written on trial is <see cref="IsTrialPending"/> until <see cref="Confirm"/> (it becomes the
    ///   keeper) or <see cref="Reject"/> (it is ignored and the keeper is current again). Both clear bits of a
    ///   status byte outside the checksum: no erase.
    /// - <see cref="Current"/> is the newest valid document that was not rejected; torn or rotten copies are
    ///   ignored.
    ///
    /// Copy layout: header of 32 bytes (magic "DS", format, flags, sequence u32, document version u32, length
    /// u32, CRC-32 of bytes 0-15 at 16, status byte at 20, commit marker at 21, CRC-32 of the data at 24), then
    /// the data.
    /// </summary>
    public sealed class DocumentStore
    {
        public const int HeaderBytes = 32;

        private const byte Magic0 = 0x44;
        private const byte Magic1 = 0x53;
        private const byte Format = 1;
        private const int FlagTrial = 1;
        private const int StatusConfirmed = 1;
        private const int StatusRejected = 2;
        private const int StatusOffset = 20;
        private const int MarkerOffset = 21;
        private const int DataCrcOffset = 24;

        private readonly IFlash _flash;
        private readonly int _copyBytes;
        private readonly int _copySectors;
        private readonly byte[] _header = new byte[HeaderBytes];
        private readonly int _capacity;

        // A copy's data as the last check read it, made at the first copy that has data: a boot without a document
        // never allocates it.
        private byte[] _data;
        private readonly byte[] _one = new byte[1];
        private readonly bool[] _valid = new bool[2];
        private readonly long[] _sequence = new long[2];
        private readonly long[] _version = new long[2];
        private readonly int[] _length = new int[2];
        private readonly int[] _flags = new int[2];
        private readonly int[] _status = new int[2];
        private bool _mounted;

        /// <summary>A store over the whole of <paramref name="flash"/>: an even number of sectors, half per copy.</summary>
        public DocumentStore(IFlash flash)
        {
            FlashLayout.CheckRegion(flash);
            int sectors = flash.Size / flash.SectorSize;
            if (sectors < 2 || sectors % 2 != 0)
            {
                throw new System.ArgumentException("a document store needs an even number of sectors, at least 2, not " + sectors.ToString());
            }

            _flash = flash;
            _copySectors = sectors / 2;
            _copyBytes = _copySectors * flash.SectorSize;
            _capacity = _copyBytes - HeaderBytes;
        }

        /// <summary>The largest document in bytes.</summary>
        public int Capacity
        {
            get { return _capacity; }
        }

        /// <summary>The copy holding the current document (newest valid, not rejected), or -1 when there is none.</summary>
        public int Current
        {
            get
            {
                RequireMounted();
                return Newest(false);
            }
        }

        /// <summary>The newest valid document that is not a pending trial and not rejected, or -1.</summary>
        public int Keeper
        {
            get
            {
                RequireMounted();
                return Newest(true);
            }
        }

        /// <summary>True when the current document was written on trial and is neither confirmed nor rejected.</summary>
        public bool IsTrialPending
        {
            get
            {
                int current = Current;
                return current >= 0 && IsPendingTrial(current);
            }
        }

        /// <summary>The version the writer gave the current document, or -1 when there is none.</summary>
        public long CurrentVersion
        {
            get
            {
                int current = Current;
                return current < 0 ? -1 : _version[current];
            }
        }

        /// <summary>The version of the keeper, or -1 when there is none.</summary>
        public long KeeperVersion
        {
            get
            {
                int keeper = Keeper;
                return keeper < 0 ? -1 : _version[keeper];
            }
        }

        /// <summary>Reads both copies and checks them. Writes nothing; medium failures throw <see cref="System.IO.IOException"/>.</summary>
        public void Mount()
        {
            for (int copy = 0; copy < 2; copy++)
            {
                _valid[copy] = Check(copy);
            }

            _mounted = true;
        }

        /// <summary>
        /// Copies the current document into <paramref name="buffer"/> at <paramref name="offset"/> and returns its
        /// length, or -1 when there is none (or it rotted since the mount; it is then forgotten).
        /// </summary>
        public int ReadCurrent(byte[] buffer, int offset)
        {
            int copy = Current;
            while (copy >= 0 && !Check(copy))
            {
                _valid[copy] = false;
                copy = Current;
            }

            return Copy(copy, buffer, offset);
        }

        /// <summary>Like <see cref="ReadCurrent"/>, for the <see cref="Keeper"/> (what a rejected trial falls back to).</summary>
        public int ReadKeeper(byte[] buffer, int offset)
        {
            int copy = Keeper;
            while (copy >= 0 && !Check(copy))
            {
                _valid[copy] = false;
                copy = Keeper;
            }

            return Copy(copy, buffer, offset);
        }

        private int Copy(int copy, byte[] buffer, int offset)
        {
            if (copy < 0)
            {
                return -1;
            }

            int length = _length[copy];
            if (buffer == null || offset < 0 || offset > buffer.Length - length)
            {
                throw new System.ArgumentException("the buffer has no room for the " + length.ToString() + "-byte document");
            }

            System.Array.Copy(_data, 0, buffer, offset, length);
            return length;
        }

        /// <summary>
        /// Writes a new document with the writer's <paramref name="version"/> (0 to 2^32-1), on trial or not.
        /// Committed at the next sync. Throws before writing anything when it does not fit.
        /// </summary>
        public void Write(byte[] document, int offset, int count, long version, bool trial)
        {
            RequireMounted();
            if (document == null || offset < 0 || count < 0 || offset > document.Length - count)
            {
                throw new System.ArgumentOutOfRangeException("count", "outside the document array");
            }

            if (count > _capacity)
            {
                throw new System.ArgumentException("a document holds at most " + _capacity.ToString() + " bytes, not " + count.ToString());
            }

            if (version < 0 || version > 0xFFFFFFFFL)
            {
                throw new System.ArgumentOutOfRangeException("version", "version must be 0 to 4294967295");
            }

            int keeper = Keeper;
            int target = keeper == 0 ? 1 : 0;
            if (keeper < 0)
            {
                // Nothing worth keeping: overwrite the older copy, so a valid one survives a cut if it can.
                int newest = Newest(false);
                target = newest == 0 ? 1 : 0;
            }

            long sequence = 1;
            for (int copy = 0; copy < 2; copy++)
            {
                if (_valid[copy] && _sequence[copy] >= sequence)
                {
                    sequence = _sequence[copy] + 1;
                }
            }

            _valid[target] = false;
            int first = target * _copySectors;
            for (int s = 0; s < _copySectors; s++)
            {
                _flash.Erase(first + s);
            }

            for (int i = 0; i < HeaderBytes; i++)
            {
                _header[i] = 0xFF;
            }

            _header[0] = Magic0;
            _header[1] = Magic1;
            _header[2] = Format;
            _header[3] = (byte)(trial ? FlagTrial : 0);
            LittleEndian.WriteUInt32(_header, 4, (uint)sequence);
            LittleEndian.WriteUInt32(_header, 8, (uint)version);
            LittleEndian.WriteUInt32(_header, 12, (uint)count);
            LittleEndian.WriteUInt32(_header, 16, Crc32.Compute(_header, 0, 16));
            LittleEndian.WriteUInt32(_header, DataCrcOffset, Crc32.Compute(document, offset, count));
            int address = target * _copyBytes;
            if (count > 0)
            {
                _flash.Program(address + HeaderBytes, document, offset, count);
            }

            _flash.Program(address, _header, 0, StatusOffset);
            _flash.Program(address + DataCrcOffset, _header, DataCrcOffset, 4);
            _one[0] = 0x00;
            _flash.Program(address + MarkerOffset, _one, 0, 1);
            _valid[target] = true;
            _sequence[target] = sequence;
            _version[target] = version;
            _length[target] = count;
            _flags[target] = trial ? FlagTrial : 0;
            _status[target] = 0xFF;
        }

        /// <summary>Confirms a pending trial: it becomes the keeper. False when none is pending.</summary>
        public bool Confirm()
        {
            return Mark(StatusConfirmed);
        }

        /// <summary>Rejects a pending trial: it is ignored from now on. False when none is pending.</summary>
        public bool Reject()
        {
            return Mark(StatusRejected);
        }

        /// <summary>Erases both copies (a factory reset); the store is empty and mounted afterwards.</summary>
        public void Erase()
        {
            int sectors = _copySectors * 2;
            for (int s = 0; s < sectors; s++)
            {
                _flash.Erase(s);
            }

            _valid[0] = false;
            _valid[1] = false;
            _mounted = true;
        }

        private bool Mark(int bit)
        {
            int current = Current;
            if (current < 0 || !IsPendingTrial(current))
            {
                return false;
            }

            int status = _status[current] & ~bit;
            _one[0] = (byte)status;
            _flash.Program((current * _copyBytes) + StatusOffset, _one, 0, 1);
            _status[current] = status;
            return true;
        }

        private bool IsPendingTrial(int copy)
        {
            return (_flags[copy] & FlagTrial) != 0 && (_status[copy] & StatusConfirmed) != 0;
        }

        private bool IsRejected(int copy)
        {
            return (_status[copy] & StatusRejected) == 0;
        }

        private int Newest(bool keeperOnly)
        {
            int best = -1;
            for (int copy = 0; copy < 2; copy++)
            {
                if (!_valid[copy] || IsRejected(copy) || (keeperOnly && IsPendingTrial(copy)))
                {
                    continue;
                }

                if (best < 0 || _sequence[copy] > _sequence[best])
                {
                    best = copy;
                }
            }

            return best;
        }

        /// <summary>Reads a copy's header and data into the scratch buffers; true when it is committed and intact.</summary>
        private bool Check(int copy)
        {
            int address = copy * _copyBytes;
            _flash.Read(address, _header, 0, HeaderBytes);
            if (_header[MarkerOffset] != 0x00 || _header[0] != Magic0 || _header[1] != Magic1 || _header[2] != Format
                || LittleEndian.ReadUInt32(_header, 16) != Crc32.Compute(_header, 0, 16))
            {
                return false;
            }

            long length = LittleEndian.ReadUInt32(_header, 12);
            if (length > _capacity)
            {
                return false;
            }

            int count = (int)length;
            if (_data == null)
            {
                _data = new byte[_capacity];
            }

            if (count > 0)
            {
                _flash.Read(address + HeaderBytes, _data, 0, count);
            }

            if (LittleEndian.ReadUInt32(_header, DataCrcOffset) != Crc32.Compute(_data, 0, count))
            {
                return false;
            }

            _sequence[copy] = LittleEndian.ReadUInt32(_header, 4);
            _version[copy] = LittleEndian.ReadUInt32(_header, 8);
            _length[copy] = count;
            _flags[copy] = _header[3];
            _status[copy] = _header[StatusOffset];
            return true;
        }

        private void RequireMounted()
        {
            if (!_mounted)
            {
                throw new System.InvalidOperationException("mount the document store first");
            }
        }
    }
}
