namespace Firmware.Storage
{
    /// <summary>
    /// The header at the start of every reading-log sector, written once when the sector is opened and
    /// kept in two copies (a cut or a rotten bit in one leaves the other). Format 2, written by this firmware:
    /// <code>
    ///   0  magic "RL"          2  format version (2)   3  slot size   4  channels   5  value width
    ///   6  reserved (0xFFFF)   8  sector id (u32, +1 per opened sector)
    ///   12 base sequence (u32: the sequence of slot 0)
    ///   16 dropped total (u32: readings the full-log policy dropped, this log's whole life)
    ///   20 released through (u32: every sequence up to it is acknowledged or dropped)
    ///   24 log epoch (u32: chosen at random, never 0, when the log was formatted; 0 for a log formatted by
    ///      earlier firmware; travels in every new header)
    ///   28 CRC-32 of bytes 0..27
    /// </code>
    /// Bytes 64.. hold two copies of the acknowledgement bitmap (one bit per slot; the number of cleared bits is
    /// the number of slots acknowledged from slot 0), then the slots. Format 1 (sectors written by earlier
    /// firmware, still read) has 28-byte copies without the epoch (read as 0) and one bitmap from byte 56. The
    /// totals travel in each new header, so no sector ever needs rewriting to record a drop.
    /// </summary>
    public sealed class LogSectorHeader
    {
        /// <summary>The format this firmware writes.</summary>
        public const int FormatVersion = 2;

        /// <summary>The earlier format, still read: no epoch, one bitmap.</summary>
        public const int LegacyVersion = 1;

        public const int CopySize = 32;
        public const int Size = 2 * CopySize;
        public const int LegacyCopySize = 28;
        public const int LegacySize = 2 * LegacyCopySize;

        private const byte MagicR = 0x52;
        private const byte MagicL = 0x4C;

        /// <summary>The format of the header last decoded (<see cref="FormatVersion"/> or <see cref="LegacyVersion"/>).</summary>
        public int Version { get; private set; }

        public int SlotSize { get; set; }

        public int Channels { get; set; }

        public int Width { get; set; }

        public long Id { get; set; }

        public long BaseSequence { get; set; }

        public long Dropped { get; set; }

        public long ReleasedThrough { get; set; }

        /// <summary>The log's epoch; 0 in a <see cref="LegacyVersion"/> header.</summary>
        public long Epoch { get; set; }

        /// <summary>Bytes before the first bitmap in a sector of the given format.</summary>
        public static int BytesFor(int version)
        {
            return version == LegacyVersion ? LegacySize : Size;
        }

        /// <summary>Copies of the acknowledgement bitmap in a sector of the given format.</summary>
        public static int BitmapCopiesFor(int version)
        {
            return version == LegacyVersion ? 1 : 2;
        }

        /// <summary>Writes one copy, in the current format, into <paramref name="buffer"/> at <paramref name="offset"/>.</summary>
        public void Encode(byte[] buffer, int offset)
        {
            buffer[offset] = MagicR;
            buffer[offset + 1] = MagicL;
            buffer[offset + 2] = FormatVersion;
            buffer[offset + 3] = (byte)SlotSize;
            buffer[offset + 4] = (byte)Channels;
            buffer[offset + 5] = (byte)Width;
            buffer[offset + 6] = 0xFF;
            buffer[offset + 7] = 0xFF;
            LittleEndian.WriteUInt32(buffer, offset + 8, (uint)Id);
            LittleEndian.WriteUInt32(buffer, offset + 12, (uint)BaseSequence);
            LittleEndian.WriteUInt32(buffer, offset + 16, (uint)Dropped);
            LittleEndian.WriteUInt32(buffer, offset + 20, (uint)ReleasedThrough);
            LittleEndian.WriteUInt32(buffer, offset + 24, (uint)Epoch);
            LittleEndian.WriteUInt32(buffer, offset + 28, Crc32.Compute(buffer, offset, 28));
        }

        /// <summary>
        /// Reads the first intact copy of the two at <paramref name="offset"/> (<see cref="Size"/> bytes), in either
        /// format; false when neither is intact.
        /// </summary>
        public bool Decode(byte[] buffer, int offset)
        {
            return DecodeCopy(buffer, offset, FormatVersion) || DecodeCopy(buffer, offset + CopySize, FormatVersion)
                || DecodeCopy(buffer, offset, LegacyVersion) || DecodeCopy(buffer, offset + LegacyCopySize, LegacyVersion);
        }

        private bool DecodeCopy(byte[] buffer, int offset, int version)
        {
            int crcAt = version == LegacyVersion ? 24 : 28;
            if (buffer[offset] != MagicR || buffer[offset + 1] != MagicL || buffer[offset + 2] != version
                || LittleEndian.ReadUInt32(buffer, offset + crcAt) != Crc32.Compute(buffer, offset, crcAt))
            {
                return false;
            }

            int channels = buffer[offset + 4];
            int width = buffer[offset + 5];
            long id = LittleEndian.ReadUInt32(buffer, offset + 8);
            long epoch = version == LegacyVersion ? 0 : LittleEndian.ReadUInt32(buffer, offset + 24);
            if (channels > 32 || !ReadingRecord.IsWidth(width) || buffer[offset + 3] != ReadingRecord.Size(channels, width) || id == 0)
            {
                return false;
            }

            Version = version;
            SlotSize = buffer[offset + 3];
            Channels = channels;
            Width = width;
            Id = id;
            BaseSequence = LittleEndian.ReadUInt32(buffer, offset + 12);
            Dropped = LittleEndian.ReadUInt32(buffer, offset + 16);
            ReleasedThrough = LittleEndian.ReadUInt32(buffer, offset + 20);
            Epoch = epoch;
            return true;
        }
    }
}
