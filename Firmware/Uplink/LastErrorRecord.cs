using Firmware.Storage;
using Firmware.Text;

namespace Firmware.Uplink
{
    /// <summary>
    /// The last error the device met (a failed connection, a refused configuration), reported in the retained status
    /// with when it happened and whether it is still current: it stops being current when a later radio session
    /// reaches the broker (and says since when), so a device that recovered does not look broken. Kept from
    /// <see cref="StateKeys.LastError"/> as a <see cref="BankedRecord"/> of three records a bank: a marker byte 0xFE
    /// (never the first byte of UTF-8 text: earlier firmware stored the text alone, read as current at an unknown
    /// time), flags (bit 0: recovered), the time it happened and the time it stopped (Unix seconds, u32, 0 when the
    /// clock was unknown), then the text as UTF-8 of at most <see cref="MaxBytes"/> bytes. Written only when it
    /// changes, so an outage of many wakes writes it once and the recovery once. Texts come from the firmware and its
    /// adapters, which never put secrets in them.
    /// </summary>
    public sealed class LastErrorRecord
    {
        public const int MaxBytes = 125;
        private const int Version = 1;
        private const int Header = 10;
        private const byte Marker = 0xFE;
        private const byte RecoveredFlag = 0x01;

        private readonly BankedRecord _banked = new BankedRecord(StateKeys.LastError, StateKeys.LastErrorKeys / 2, Version);
        private readonly byte[] _record = new byte[Header + MaxBytes + 16];

        /// <summary>The last error, or null when there has been none since the state was formatted.</summary>
        public string Text { get; private set; }

        /// <summary>When it happened, Unix seconds; 0 when the clock was unknown then.</summary>
        public long AtUnixSeconds { get; private set; }

        /// <summary>True until a later radio session reached the broker.</summary>
        public bool Current { get; private set; }

        /// <summary>When it stopped being current, Unix seconds; 0 while current or when the clock was unknown then.</summary>
        public long RecoveredAtUnixSeconds { get; private set; }

        public void Load(StateStore state)
        {
            int length = _banked.Load(state, _record, 0);
            Text = null;
            AtUnixSeconds = 0;
            RecoveredAtUnixSeconds = 0;
            Current = false;
            if (length <= 0)
            {
                return;
            }

            if (_record[0] != Marker || length < Header)
            {
                Text = Utf8.Decode(_record, 0, length);
                Current = true;
                return;
            }

            Current = (_record[1] & RecoveredFlag) == 0;
            AtUnixSeconds = LittleEndian.ReadUInt32(_record, 2);
            RecoveredAtUnixSeconds = LittleEndian.ReadUInt32(_record, 6);
            Text = Utf8.Decode(_record, Header, length - Header);
        }

        /// <summary>
        /// Records <paramref name="text"/> (shortened to fit), current, as of <paramref name="nowUnixSeconds"/> (0 when
        /// unknown), unless the same error is already current; true when it wrote.
        /// </summary>
        public bool Set(StateStore state, string text, long nowUnixSeconds)
        {
            if (text == null)
            {
                return false;
            }

            int chars = text.Length < MaxBytes ? text.Length : MaxBytes;
            int length = Utf8.Encode(text.Substring(0, chars), _record, Header, Header + MaxBytes);
            while (length < 0 && chars > 0)
            {
                chars--;
                length = Utf8.Encode(text.Substring(0, chars), _record, Header, Header + MaxBytes);
            }

            string stored = Utf8.Decode(_record, Header, length - Header);
            if (Current && stored == Text)
            {
                return false;
            }

            Text = stored;
            AtUnixSeconds = Seconds(nowUnixSeconds);
            RecoveredAtUnixSeconds = 0;
            Current = true;
            Save(state, length);
            return true;
        }

        /// <summary>
        /// A radio session reached the broker: the error, if current, stops being current as of
        /// <paramref name="nowUnixSeconds"/> (0 when unknown); true when it wrote.
        /// </summary>
        public bool Recovered(StateStore state, long nowUnixSeconds)
        {
            if (Text == null || !Current)
            {
                return false;
            }

            int length = Utf8.Encode(Text, _record, Header, Header + MaxBytes);
            if (length < 0)
            {
                return false;
            }

            Current = false;
            RecoveredAtUnixSeconds = Seconds(nowUnixSeconds);
            Save(state, length);
            return true;
        }

        private void Save(StateStore state, int length)
        {
            _record[0] = Marker;
            _record[1] = Current ? (byte)0 : RecoveredFlag;
            LittleEndian.WriteUInt32(_record, 2, (uint)AtUnixSeconds);
            LittleEndian.WriteUInt32(_record, 6, (uint)RecoveredAtUnixSeconds);
            _banked.Save(state, _record, 0, length);
        }

        private static long Seconds(long unixSeconds)
        {
            return unixSeconds > 0 && unixSeconds <= 0xFFFFFFFFL ? unixSeconds : 0;
        }
    }
}
