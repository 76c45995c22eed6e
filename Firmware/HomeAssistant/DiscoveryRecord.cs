using Firmware.Storage;
using Firmware.Text;

namespace Firmware.HomeAssistant
{
    /// <summary>
    /// What the device last left retained for Home Assistant, kept in the state store from
    /// <see cref="StateKeys.HomeAssistantDiscovery"/> as a <see cref="BankedRecord"/> of up to three records a bank (one
    /// for short topics): flags (bit 0: a discovery is published, bit 1: it must be removed, after a factory reset), the
    /// CRC-32 and the length of the payload, then the discovery prefix, the topic prefix and the device id it was
    /// published under (a length byte and UTF-8 each). With it the device
    /// publishes its discovery only when the payload changed, and clears the one it published under a prefix or an id
    /// it no longer has, so no ghost device stays in Home Assistant. Written only when it changes.
    /// </summary>
    public sealed class DiscoveryRecord
    {
        private const int Version = 1;
        private const int Header = 7;
        private const byte PublishedFlag = 0x01;
        private const byte RemovalFlag = 0x02;

        private readonly BankedRecord _banked = new BankedRecord(StateKeys.HomeAssistantDiscovery, StateKeys.HomeAssistantDiscoveryKeys / 2, Version);
        private readonly byte[] _record = new byte[256];

        public DiscoveryRecord()
        {
            Clear();
        }

        /// <summary>True while a discovery message is retained on the broker under the recorded topics.</summary>
        public bool Published { get; private set; }

        /// <summary>True after a factory reset: the recorded discovery is removed before anything is published again.</summary>
        public bool RemovalPending { get; private set; }

        public uint PayloadCrc { get; private set; }

        public int PayloadLength { get; private set; }

        public string DiscoveryPrefix { get; private set; }

        /// <summary>The topic prefix the device's state and status were under; empty when it was too long to keep.</summary>
        public string TopicPrefix { get; private set; }

        public string DeviceId { get; private set; }

        public void Load(StateStore state)
        {
            Clear();
            int length = _banked.Load(state, _record, 0);
            if (length < Header + 3)
            {
                return;
            }

            int at = Header;
            string discoveryPrefix = ReadText(length, ref at);
            string topicPrefix = ReadText(length, ref at);
            string deviceId = ReadText(length, ref at);
            if (discoveryPrefix == null || topicPrefix == null || deviceId == null || discoveryPrefix.Length == 0 || deviceId.Length == 0)
            {
                return;
            }

            Published = (_record[0] & PublishedFlag) != 0;
            RemovalPending = Published && (_record[0] & RemovalFlag) != 0;
            PayloadCrc = LittleEndian.ReadUInt32(_record, 1);
            PayloadLength = LittleEndian.ReadUInt16(_record, 5);
            DiscoveryPrefix = discoveryPrefix;
            TopicPrefix = topicPrefix;
            DeviceId = deviceId;
        }

        /// <summary>True when the recorded discovery is the one of these topics.</summary>
        public bool Describes(string discoveryPrefix, string deviceId)
        {
            return Published && DiscoveryPrefix == discoveryPrefix && DeviceId == deviceId;
        }

        /// <summary>True when the recorded discovery's payload is this one.</summary>
        public bool Holds(uint crc, int length)
        {
            return PayloadCrc == crc && PayloadLength == length;
        }

        /// <summary>A discovery was published (acknowledged): remembers its topics and payload (written, committed at the next sync).</summary>
        public void Remember(StateStore state, DiscoveredDevice device, uint crc, int length)
        {
            Published = true;
            RemovalPending = false;
            PayloadCrc = crc;
            PayloadLength = length;
            DiscoveryPrefix = device.DiscoveryPrefix;
            TopicPrefix = device.TopicPrefix;
            DeviceId = device.DeviceId;
            Save(state);
        }

        /// <summary>The recorded discovery was removed (an empty retained message acknowledged): nothing is published any more.</summary>
        public void Forget(StateStore state)
        {
            if (!Published)
            {
                return;
            }

            Published = false;
            RemovalPending = false;
            Save(state);
        }

        /// <summary>
        /// After a factory reset erased the state store: writes the record back, marked for removal, so the device's next
        /// session that reaches a broker removes the discovery it published before (nothing is written when none is).
        /// </summary>
        public void KeepForRemoval(StateStore state)
        {
            if (!Published)
            {
                return;
            }

            RemovalPending = true;
            Save(state);
        }

        private void Save(StateStore state)
        {
            _record[0] = (byte)((Published ? PublishedFlag : 0) | (RemovalPending ? RemovalFlag : 0));
            LittleEndian.WriteUInt32(_record, 1, PayloadCrc);
            LittleEndian.WriteUInt16(_record, 5, PayloadLength);
            // The discovery prefix (printable ASCII) and the device id always fit: the configuration limits them to 64 and 32.
            int limit = _banked.CapacityIn(state);
            int at = WriteText(DiscoveryPrefix, Header, limit);
            // The topic prefix may be too long to keep as UTF-8: then the old state and status are not cleared on a change of id.
            int end = WriteText(TopicPrefix, at, limit - 1 - Utf8.GetByteCount(DeviceId));
            at = end < 0 ? WriteText(string.Empty, at, limit) : end;
            at = WriteText(DeviceId, at, limit);
            _banked.Save(state, _record, 0, at);
        }

        private int WriteText(string text, int at, int limit)
        {
            int end = Utf8.Encode(text, _record, at + 1, limit);
            if (end < 0 || end - at - 1 > 255)
            {
                return -1;
            }

            _record[at] = (byte)(end - at - 1);
            return end;
        }

        private string ReadText(int length, ref int at)
        {
            if (at >= length || at + 1 + _record[at] > length)
            {
                return null;
            }

            int count = _record[at];
            string text = Utf8.Decode(_record, at + 1, count);
            at += 1 + count;
            return text;
        }

        private void Clear()
        {
            Published = false;
            RemovalPending = false;
            PayloadCrc = 0;
            PayloadLength = 0;
            DiscoveryPrefix = string.Empty;
            TopicPrefix = string.Empty;
            DeviceId = string.Empty;
        }
    }
}
