using Firmware.Readings;

namespace Firmware.Storage
{
    /// <summary>
    /// The stored form of one reading, in a fixed-size slot of a log sector (the sector header gives the
    /// channel count and value width, so every slot of a sector has the same size):
    /// <code>
    ///   0        flags: bits 0-1 time kind (0 unknown, 1 Unix seconds, 2 seconds since power-on)
    ///   1..4     time, u32 seconds
    ///   5..      validity mask, one bit per channel (ceil(channels/8) bytes)
    ///   ..       values, fixed-point, 3 bytes each (signed 24-bit) or 4 in a wide sector
    ///   size-3   CRC-16 of everything before it
    ///   size-1   commit marker: 0xFF until the rest is written, then programmed to 0x00 on its own
    /// </code>
    /// The sequence number is not stored: it is the sector's base sequence plus the slot index.
    /// Three channels take 15 bytes of reading and 18 with the framing. A slot whose marker is still 0xFF
    /// was never committed (erased if every byte is 0xFF, torn otherwise); a committed slot whose CRC fails
    /// has rotted. Times are kept to the second.
    /// </summary>
    public static class ReadingRecord
    {
        public const int Erased = 0;
        public const int Torn = 1;
        public const int Corrupt = 2;
        public const int Valid = 3;

        public const int TimeUnknown = 0;
        public const int TimeUnix = 1;
        public const int TimeSincePowerOn = 2;

        /// <summary>Bytes of framing around the reading: CRC and commit marker.</summary>
        public const int Framing = 3;

        /// <summary>The largest slot: 32 channels of 4 bytes.</summary>
        public const int MaxSize = 5 + 4 + (32 * 4) + Framing;

        private const int Narrow = 3;
        private const int Wide = 4;
        private const int NarrowMin = -(1 << 23);
        private const int NarrowMax = (1 << 23) - 1;

        /// <summary>Slot size for a reading of <paramref name="channels"/> values of <paramref name="width"/> bytes.</summary>
        public static int Size(int channels, int width)
        {
            return 5 + MaskBytes(channels) + (channels * width) + Framing;
        }

        public static int MaskBytes(int channels)
        {
            return (channels + 7) / 8;
        }

        /// <summary>3 when every valid value fits in a signed 24-bit integer, else 4.</summary>
        public static int WidthFor(Reading reading)
        {
            int[] values = reading.Values;
            for (int i = 0; i < values.Length; i++)
            {
                if (reading.IsValid(i) && (values[i] < NarrowMin || values[i] > NarrowMax))
                {
                    return Wide;
                }
            }

            return Narrow;
        }

        public static bool IsWidth(int width)
        {
            return width == Narrow || width == Wide;
        }

        /// <summary>Writes every byte of the slot but the commit marker (size - 1 bytes).</summary>
        public static void Encode(Reading reading, int width, byte[] slot)
        {
            int channels = reading.Values.Length;
            int kind = TimeUnknown;
            long seconds = 0;
            if (reading.TimeKnown && reading.UnixTimeMilliseconds >= 0 && reading.UnixTimeMilliseconds / 1000 <= 0xFFFFFFFFL)
            {
                kind = TimeUnix;
                seconds = reading.UnixTimeMilliseconds / 1000;
            }
            else if (!reading.TimeKnown && reading.SincePowerOnMilliseconds >= 0 && reading.SincePowerOnMilliseconds / 1000 <= 0xFFFFFFFFL)
            {
                kind = TimeSincePowerOn;
                seconds = reading.SincePowerOnMilliseconds / 1000;
            }

            slot[0] = (byte)kind;
            LittleEndian.WriteUInt32(slot, 1, (uint)seconds);
            int at = 5;
            int maskBytes = MaskBytes(channels);
            int mask = reading.ValidMask;
            for (int b = 0; b < maskBytes; b++)
            {
                slot[at++] = (byte)(mask >> (8 * b));
            }

            for (int i = 0; i < channels; i++)
            {
                int value = reading.IsValid(i) ? reading.Values[i] : 0;
                if (width == Narrow)
                {
                    LittleEndian.WriteInt24(slot, at, value);
                }
                else
                {
                    LittleEndian.WriteInt32(slot, at, value);
                }

                at += width;
            }

            LittleEndian.WriteUInt16(slot, at, Crc16.Compute(slot, 0, at));
        }

        /// <summary><see cref="Erased"/>, <see cref="Torn"/>, <see cref="Corrupt"/> or <see cref="Valid"/>.</summary>
        public static int Check(byte[] slot, int size)
        {
            if (slot[size - 1] == 0xFF)
            {
                return FlashScan.IsErased(slot, 0, size) ? Erased : Torn;
            }

            int at = size - Framing;
            return LittleEndian.ReadUInt16(slot, at) == Crc16.Compute(slot, 0, at) ? Valid : Corrupt;
        }

        /// <summary>
        /// Fills <paramref name="into"/> from a valid slot (the sequence is the caller's). Channels beyond the
        /// reading's own count are not kept; channels the slot lacks are invalid.
        /// </summary>
        public static void Decode(byte[] slot, int channels, int width, Reading into)
        {
            int kind = slot[0] & 0x03;
            long seconds = LittleEndian.ReadUInt32(slot, 1);
            into.TimeKnown = kind == TimeUnix;
            into.UnixTimeMilliseconds = kind == TimeUnix ? seconds * 1000 : 0;
            into.SincePowerOnMilliseconds = kind == TimeSincePowerOn ? seconds * 1000 : -1;
            int at = 5;
            int maskBytes = MaskBytes(channels);
            int mask = 0;
            for (int b = 0; b < maskBytes; b++)
            {
                mask |= slot[at++] << (8 * b);
            }

            int[] values = into.Values;
            int kept = channels < values.Length ? channels : values.Length;
            for (int i = 0; i < kept; i++)
            {
                values[i] = width == Narrow ? LittleEndian.ReadInt24(slot, at) : LittleEndian.ReadInt32(slot, at);
                at += width;
            }

            for (int i = kept; i < values.Length; i++)
            {
                values[i] = 0;
            }

            int keptMask = kept == 32 ? -1 : (1 << kept) - 1;
            into.ValidMask = mask & keptMask;
        }
    }
}
