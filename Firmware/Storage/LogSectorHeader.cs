namespace Firmware.Storage
{
    /// <summary>
    /// The header at the start of every reading-log sector, written once when the sector is opened and
    /// kept in two copies (a cut or a rotten bit in one leaves the other):
    /// <code>
    ///   0  magic "RL"          2  format version (1)   3  slot size   4  channels   5  value width
    ///   6  reserved (0xFFFF)   8  sector id (u32, +1 per opened sector)
    ///   12 base sequence (u32: the sequence of slot 0)
    ///   16 dropped total (u32: readings the full-log policy dropped, this log's whole life)
    ///   20 released through (u32: every sequence up to it is acknowledged or dropped)
    ///   24 CRC-32 of bytes 0..23
    /// </code>
    /// Bytes 56.. hold the acknowledgement bitmap (one bit per slot; the number of cleared bits is the
    /// number of slots acknowledged from slot 0), then the slots. The totals travel in each new header, so no sector ever needs
    /// rewriting to record a drop.
    /// </summary>
    public sealed class LogSectorHeader
    {
        public const int CopySize = 28;
        public const int Size = 2 * CopySize;
        public const int FormatVersion = 1;
        private const byte MagicR = 0x52;
        private const byte MagicL = 0x4C;

        public int SlotSize { get; set; }

        public int Channels { get; set; }

        public int Width { get; set; }

        public long Id { get; set; }

        public long BaseSequence { get; set; }

        public long Dropped { get; set; }

        public long ReleasedThrough { get; set; }

        /// <summary>Writes one copy into <paramref name="buffer"/> at <paramref name="offset"/>.</summary>
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
            LittleEndian.WriteUInt32(buffer, offset + 24, Crc32.Compute(buffer, offset, 24));
        }

        /// <summary>Reads the first intact copy of the two at <paramref name="offset"/>; false when neither is.</summary>
        public bool Decode(byte[] buffer, int offset)
        {
            return DecodeCopy(buffer, offset) || DecodeCopy(buffer, offset + CopySize);
        }

        private bool DecodeCopy(byte[] buffer, int offset)
        {
            if (buffer[offset] != MagicR || buffer[offset + 1] != MagicL || buffer[offset + 2] != FormatVersion
                || LittleEndian.ReadUInt32(buffer, offset + 24) != Crc32.Compute(buffer, offset, 24))
            {
                return false;
            }

            int channels = buffer[offset + 4];
            int width = buffer[offset + 5];
            long id = LittleEndian.ReadUInt32(buffer, offset + 8);
            if (channels > 32 || !ReadingRecord.IsWidth(width) || buffer[offset + 3] != ReadingRecord.Size(channels, width) || id == 0)
            {
                return false;
            }

            SlotSize = buffer[offset + 3];
            Channels = channels;
            Width = width;
            Id = id;
            BaseSequence = LittleEndian.ReadUInt32(buffer, offset + 12);
            Dropped = LittleEndian.ReadUInt32(buffer, offset + 16);
            ReleasedThrough = LittleEndian.ReadUInt32(buffer, offset + 20);
            return true;
        }
    }
}
