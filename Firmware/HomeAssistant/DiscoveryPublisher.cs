using Firmware.Storage;
using Firmware.Text;
using Firmware.Uplink;

namespace Firmware.HomeAssistant
{
    /// <summary>
    /// Keeps the device's Home Assistant discovery right, in a radio session that reached the broker:
    /// <list type="bullet">
    /// <item>a discovery recorded under topics the device no longer has (another discovery prefix or device id), one
    /// that is to go after a factory reset, or any when discovery is turned off, is removed first with an empty retained
    /// message (Home Assistant then deletes the device); after a change of device id or topic prefix the old retained
    /// status and state are cleared too;</item>
    /// <item>the discovery payload is written (<see cref="DiscoveryPayload"/>) and published, retained and with QoS 1,
    /// only when it differs from the one recorded, or when asked to (a mains device at each new connection, which a broker
    /// restart also brings, and any device after a status command), so a battery device that changes nothing publishes
    /// it once;</item>
    /// <item>what was published is recorded (<see cref="DiscoveryRecord"/>) once the broker acknowledged it.</item>
    /// </list>
    /// A failure is a value (<see cref="LastError"/>), never an exception; what it did not finish is done in a later
    /// session. Allocates nothing unless it removes a discovery (it builds the old topics).
    /// </summary>
    public sealed class DiscoveryPublisher
    {
        private readonly DiscoveryRecord _record;
        private readonly byte[] _buffer;
        private readonly JsonWriter _writer = new JsonWriter();

        /// <param name="record">What was published, loaded from the state store.</param>
        /// <param name="buffer">Where the payload is written (the device's publish buffer; at least <see cref="DiscoveryPayload.CapacityFor"/> bytes).</param>
        public DiscoveryPublisher(DiscoveryRecord record, byte[] buffer)
        {
            _record = record;
            _buffer = buffer;
        }

        public DiscoveryRecord Record
        {
            get { return _record; }
        }

        /// <summary>Why the last step failed, or null.</summary>
        public string LastError { get; private set; }

        /// <summary>Bytes of the last discovery payload written (published or found unchanged).</summary>
        public int LastPayloadBytes { get; private set; }

        /// <summary>Discovery messages the broker acknowledged since this publisher was built.</summary>
        public int Publishes { get; private set; }

        /// <summary>Discoveries removed since this publisher was built.</summary>
        public int Removals { get; private set; }

        /// <summary>
        /// Brings the retained discovery in line with <paramref name="device"/> (null when discovery is off). True when
        /// nothing is left to do; false with <see cref="LastError"/> when a publish was not acknowledged.
        /// </summary>
        /// <param name="always">Publish even an unchanged discovery (a mains device at each new connection).</param>
        public bool Update(RadioSessionContext context, DiscoveredDevice device, bool always)
        {
            LastError = null;
            if (_record.Published && (_record.RemovalPending || device == null || !_record.Describes(device.DiscoveryPrefix, device.DeviceId)))
            {
                bool moved = device != null && !_record.RemovalPending && _record.TopicPrefix.Length > 0
                    && (_record.TopicPrefix != device.TopicPrefix || _record.DeviceId != device.DeviceId);
                if (!RemoveRecorded(context, moved))
                {
                    return false;
                }
            }

            if (device == null)
            {
                return true;
            }

            _writer.Reset(_buffer, 0, _buffer.Length);
            DiscoveryPayload.Write(_writer, device);
            if (_writer.Overflowed)
            {
                return Fail("the discovery payload does not fit in " + _buffer.Length.ToString() + " bytes");
            }

            int length = _writer.Length;
            LastPayloadBytes = length;
            uint crc = Crc32.Compute(_buffer, 0, length);
            if (!always && _record.Published && _record.Holds(crc, length))
            {
                return true;
            }

            if (!context.Publish(device.DiscoveryTopic, _buffer, length, true))
            {
                return Fail(context.LastError);
            }

            Publishes++;
            StateStore state = context.Storage.State;
            _record.Remember(state, device, crc, length);
            state.Sync();
            return true;
        }

        /// <summary>
        /// Removes the recorded discovery (a factory reset): an empty retained message on its topic. True when none is
        /// left; false with <see cref="LastError"/> when the broker did not acknowledge.
        /// </summary>
        public bool Remove(RadioSessionContext context)
        {
            LastError = null;
            return !_record.Published || RemoveRecorded(context, false);
        }

        private bool RemoveRecorded(RadioSessionContext context, bool withStateAndStatus)
        {
            if (!Clear(context, DiscoveredDevice.TopicOf(_record.DiscoveryPrefix, _record.DeviceId)))
            {
                return false;
            }

            if (withStateAndStatus)
            {
                string root = _record.TopicPrefix + "/" + _record.DeviceId + "/";
                if (!Clear(context, root + "status") || !Clear(context, root + "state"))
                {
                    return false;
                }
            }

            Removals++;
            StateStore state = context.Storage.State;
            _record.Forget(state);
            state.Sync();
            return true;
        }

        /// <summary>An empty retained message: the broker forgets the retained one on <paramref name="topic"/>.</summary>
        private bool Clear(RadioSessionContext context, string topic)
        {
            return context.Publish(topic, _buffer, 0, true) || Fail(context.LastError);
        }

        private bool Fail(string message)
        {
            LastError = message;
            return false;
        }
    }
}
