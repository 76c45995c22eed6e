using Firmware.Storage;
using Firmware.Text;

namespace Firmware.Uplink
{
    /// <summary>
    /// The last error the device met (a failed connection, a refused configuration), reported in the retained
    /// status until something else goes wrong. Kept from <see cref="StateKeys.LastError"/> as UTF-8 of at most
    /// <see cref="MaxBytes"/> bytes (a <see cref="BankedRecord"/> of three records a bank), written only when it
    /// changes, so an outage of many wakes writes it once. Texts come from the firmware and its adapters, which
    /// never put secrets in them.
    /// </summary>
    public sealed class LastErrorRecord
    {
        public const int MaxBytes = 132;
        private const int Version = 1;

        private readonly BankedRecord _banked = new BankedRecord(StateKeys.LastError, StateKeys.LastErrorKeys / 2, Version);
        private readonly byte[] _record = new byte[MaxBytes + 8];

        /// <summary>The last error, or null when there has been none since the state was formatted.</summary>
        public string Text { get; private set; }

        public void Load(StateStore state)
        {
            int length = _banked.Load(state, _record, 0);
            Text = length > 0 ? Utf8.Decode(_record, 0, length) : null;
        }

        /// <summary>Records <paramref name="text"/> (shortened to fit) when it differs from the last; true when it wrote.</summary>
        public bool Set(StateStore state, string text)
        {
            if (text == null)
            {
                return false;
            }

            int chars = text.Length < MaxBytes ? text.Length : MaxBytes;
            int length = Utf8.Encode(text.Substring(0, chars), _record, 0, MaxBytes);
            while (length < 0 && chars > 0)
            {
                chars--;
                length = Utf8.Encode(text.Substring(0, chars), _record, 0, MaxBytes);
            }

            string stored = Utf8.Decode(_record, 0, length);
            if (stored == Text)
            {
                return false;
            }

            _banked.Save(state, _record, 0, length);
            Text = stored;
            return true;
        }
    }
}
