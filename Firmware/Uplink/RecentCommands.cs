using Firmware.Storage;

namespace Firmware.Uplink
{
    /// <summary>
    /// The identifiers of the last one-shot commands run, so a command the broker delivers again (a persistent
    /// session redelivers an unacknowledged QoS 1 message after a cut) runs at most once. Kept under
    /// <see cref="StateKeys.RecentCommands"/> as CRC-32s of the identifiers (version 1: count u8, then u32 each,
    /// newest last); a false match needs two of the last <see cref="Capacity"/> identifiers to share a CRC.
    /// </summary>
    public sealed class RecentCommands
    {
        public const int Capacity = 8;
        private const int Version = 1;

        private readonly uint[] _hashes = new uint[Capacity];
        private readonly byte[] _record = new byte[1 + (Capacity * 4)];
        private readonly byte[] _text = new byte[256];
        private int _count;

        public int Count
        {
            get { return _count; }
        }

        public void Load(StateStore state)
        {
            _count = 0;
            int version;
            int length = state.Read(StateKeys.RecentCommands, _record, 0, out version);
            if (version != Version || length < 1 || _record[0] > Capacity || length != 1 + (_record[0] * 4))
            {
                return;
            }

            _count = _record[0];
            for (int i = 0; i < _count; i++)
            {
                _hashes[i] = LittleEndian.ReadUInt32(_record, 1 + (i * 4));
            }
        }

        /// <summary>True when a command with this identifier has already run.</summary>
        public bool Contains(string id)
        {
            uint hash = Hash(id);
            for (int i = 0; i < _count; i++)
            {
                if (_hashes[i] == hash)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Remembers an identifier (forgetting the oldest beyond <see cref="Capacity"/>) and writes the record; the caller syncs.</summary>
        public void Add(StateStore state, string id)
        {
            if (_count == Capacity)
            {
                for (int i = 1; i < Capacity; i++)
                {
                    _hashes[i - 1] = _hashes[i];
                }

                _count--;
            }

            _hashes[_count++] = Hash(id);
            _record[0] = (byte)_count;
            for (int i = 0; i < _count; i++)
            {
                LittleEndian.WriteUInt32(_record, 1 + (i * 4), _hashes[i]);
            }

            state.Write(StateKeys.RecentCommands, Version, _record, 0, 1 + (_count * 4));
        }

        private uint Hash(string id)
        {
            int n = Firmware.Text.Utf8.Encode(id, _text, 0, _text.Length);
            return Crc32.Compute(_text, 0, n < 0 ? _text.Length : n);
        }
    }
}
