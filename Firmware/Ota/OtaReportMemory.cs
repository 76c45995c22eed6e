using Firmware.Storage;
using Firmware.Text;

namespace Firmware.Ota
{
    /// <summary>
    /// Which report that would come at every wake was published last (<see cref="OtaEvent.OncePerVersion"/>: a deferral
    /// of an announce, a hindered download, a retained announce ignored), under <see cref="StateKeys.OtaReports"/>
    /// (version 1: the CRC-32 of "reason version", u32). The updater reports them once per boot, and on a battery device
    /// every wake is a boot: without this memory a retained announce put off for a low battery, or ignored as refused
    /// before, would be reported at every radio session. Refusals and outcomes need none: the updater keeps them in
    /// boot control until they are published.
    /// </summary>
    public sealed class OtaReportMemory
    {
        private const int Version = 1;

        private readonly byte[] _record = new byte[4];
        private readonly byte[] _text = new byte[128];
        private uint _last;
        private bool _known;

        /// <summary>Reads the memory; an absent or malformed record remembers nothing.</summary>
        public void Load(StateStore state)
        {
            int version;
            int length = state.Read(StateKeys.OtaReports, _record, 0, out version);
            _known = length == 4 && version == Version;
            _last = _known ? LittleEndian.ReadUInt32(_record, 0) : 0;
        }

        /// <summary>True when this report (reason and version) is the one published last.</summary>
        public bool WasReported(string reason, string version)
        {
            return _known && _last == Hash(reason, version);
        }

        /// <summary>Remembers this report as published (the caller syncs).</summary>
        public void Remember(StateStore state, string reason, string version)
        {
            _last = Hash(reason, version);
            _known = true;
            LittleEndian.WriteUInt32(_record, 0, _last);
            state.Write(StateKeys.OtaReports, Version, _record, 0, 4);
        }

        /// <summary>Forgets the last report (an announce was accepted), so a later one is published again.</summary>
        public void Forget(StateStore state)
        {
            if (_known)
            {
                _known = false;
                _last = 0;
                LittleEndian.WriteUInt32(_record, 0, 0);
                state.Write(StateKeys.OtaReports, Version, _record, 0, 0);
            }
        }

        private uint Hash(string reason, string version)
        {
            string key = (reason ?? string.Empty) + " " + (version ?? string.Empty);
            int n = Utf8.Encode(key, _text, 0, _text.Length);
            return Crc32.Compute(_text, 0, n < 0 ? _text.Length : n);
        }
    }
}
