using Firmware.Ports;
using Firmware.Storage;

namespace Firmware.Boot
{
    /// <summary>
    /// One small record kept in two flash sectors, as ESP-IDF keeps its otadata: each copy carries a
    /// sequence number and a CRC, the valid copy with the higher sequence is the record, and a write always
    /// replaces the other copy (erase, program, sync). A power cut during a write therefore leaves the
    /// previous record intact: readers see either the old or the new record, never a torn one.
    /// <para>
    /// A copy, from the start of its sector: magic (4), sequence (4), payload length (2), reserved (2),
    /// payload, CRC-32 of everything before it (4). Little-endian.
    /// </para>
    /// </summary>
    public sealed class MirroredRecord
    {
        private const int HeaderSize = 12;
        private const int CrcSize = 4;

        private readonly IFlash _flash;
        private readonly int _firstSector;
        private readonly uint _magic;
        private readonly int _maxPayload;
        private readonly byte[] _frame;
        private int _currentCopy = -1;
        private uint _sequence;
        private bool _located;

        /// <param name="flash">The flash holding both copies.</param>
        /// <param name="firstSector">The first of the two sectors (0-based, in <paramref name="flash"/>).</param>
        /// <param name="magic">Tells this record from any other data; differs per record kind.</param>
        /// <param name="maxPayload">Largest payload written; the frame must fit in a sector.</param>
        public MirroredRecord(IFlash flash, int firstSector, uint magic, int maxPayload)
        {
            if (flash == null)
            {
                throw new System.ArgumentNullException("flash");
            }

            if (firstSector < 0 || (firstSector + 2) * flash.SectorSize > flash.Size)
            {
                throw new System.ArgumentOutOfRangeException("firstSector", "two sectors from here must lie in the flash");
            }

            if (maxPayload < 1 || maxPayload > 65535 || HeaderSize + maxPayload + CrcSize > flash.SectorSize)
            {
                throw new System.ArgumentOutOfRangeException("maxPayload", "the record must fit in one sector");
            }

            _flash = flash;
            _firstSector = firstSector;
            _magic = magic;
            _maxPayload = maxPayload;
            _frame = new byte[HeaderSize + maxPayload + CrcSize];
        }

        /// <summary>Largest payload this record holds.</summary>
        public int MaxPayload
        {
            get { return _maxPayload; }
        }

        /// <summary>Sequence number of the record last read or written (0 when there is none).</summary>
        public uint Sequence
        {
            get { return _sequence; }
        }

        /// <summary>
        /// Reads the current record's payload into <paramref name="payload"/> from <paramref name="offset"/>
        /// (room for <see cref="MaxPayload"/> bytes needed). Returns its length, or -1 when neither copy is valid.
        /// </summary>
        public int Read(byte[] payload, int offset)
        {
            int length = Locate();
            if (length > 0)
            {
                System.Array.Copy(_frame, HeaderSize, payload, offset, length);
            }

            return length;
        }

        /// <summary>
        /// Replaces the record: writes the payload with the next sequence number into the copy that does not
        /// hold the current record, and syncs. Throws <see cref="System.IO.IOException"/> when the flash fails.
        /// </summary>
        public void Write(byte[] payload, int offset, int count)
        {
            if (count < 0 || count > _maxPayload)
            {
                throw new System.ArgumentOutOfRangeException("count", "larger than the record's payload");
            }

            if (!_located)
            {
                // Not read yet in this boot: find the current copy first, so the write never replaces it.
                Locate();
            }

            int target = _currentCopy == 0 ? 1 : 0;
            uint sequence = _sequence + 1;
            LittleEndian.WriteUInt32(_frame, 0, _magic);
            LittleEndian.WriteUInt32(_frame, 4, sequence);
            LittleEndian.WriteUInt16(_frame, 8, count);
            LittleEndian.WriteUInt16(_frame, 10, 0);
            System.Array.Copy(payload, offset, _frame, HeaderSize, count);
            LittleEndian.WriteUInt32(_frame, HeaderSize + count, Crc32.Compute(_frame, 0, HeaderSize + count));

            _flash.Erase(_firstSector + target);
            _flash.Program((_firstSector + target) * _flash.SectorSize, _frame, 0, HeaderSize + count + CrcSize);
            _flash.Sync();
            _currentCopy = target;
            _sequence = sequence;
            _located = true;
        }

        /// <summary>
        /// Finds the current copy and leaves it in the frame buffer; returns its payload length, or -1 when
        /// neither copy is valid.
        /// </summary>
        private int Locate()
        {
            uint sequence0;
            uint sequence1;
            int length0 = ReadCopy(0, out sequence0);
            int length1 = ReadCopy(1, out sequence1);
            _located = true;
            if (length0 < 0 && length1 < 0)
            {
                _currentCopy = -1;
                _sequence = 0;
                return -1;
            }

            int copy = length1 < 0 || (length0 >= 0 && sequence0 >= sequence1) ? 0 : 1;
            uint sequence;
            int length = copy == 1 ? length1 : ReadCopy(0, out sequence);
            _currentCopy = copy;
            _sequence = copy == 1 ? sequence1 : sequence0;
            return length;
        }

        /// <summary>Reads copy 0 or 1 into the frame buffer; returns its payload length, or -1 when it is not valid.</summary>
        private int ReadCopy(int copy, out uint sequence)
        {
            sequence = 0;
            int address = (_firstSector + copy) * _flash.SectorSize;
            _flash.Read(address, _frame, 0, HeaderSize);
            if (LittleEndian.ReadUInt32(_frame, 0) != _magic)
            {
                return -1;
            }

            int length = LittleEndian.ReadUInt16(_frame, 8);
            if (length > _maxPayload)
            {
                return -1;
            }

            _flash.Read(address + HeaderSize, _frame, HeaderSize, length + CrcSize);
            if (LittleEndian.ReadUInt32(_frame, HeaderSize + length) != Crc32.Compute(_frame, 0, HeaderSize + length))
            {
                return -1;
            }

            sequence = LittleEndian.ReadUInt32(_frame, 4);
            return length;
        }
    }
}
