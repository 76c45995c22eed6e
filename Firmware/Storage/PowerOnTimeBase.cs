using Firmware.Readings;
using Firmware.Ports;

namespace Firmware.Storage
{
    /// <summary>
    /// Gives wall time to readings taken before the clock was set. After a power-on the RTC counts from
    /// zero and wall time is unknown; such readings are stored with their time since power-on. Each
    /// power-on opens an epoch: the first sequence number it stored, and, once the clock is set before
    /// power is lost again, the wall time at which power came on. A reading of an epoch whose wall time is
    /// known is then stamped; any other stays time-unknown and is published as such, never with a guess.
    /// The last <see cref="MaxEpochs"/> epochs are kept under <see cref="StateKeys.PowerOnTime"/>
    /// (version 1: count u8, then per epoch first sequence u32 and wall time at power-on i64 ms, -1 unknown).
    /// </summary>
    public sealed class PowerOnTimeBase
    {
        public const int MaxEpochs = 4;
        private const int Version = 1;
        private const int EntryBytes = 12;

        private readonly long[] _firstSequence = new long[MaxEpochs];
        private readonly long[] _wallAtPowerOn = new long[MaxEpochs];
        private readonly byte[] _record = new byte[1 + (MaxEpochs * EntryBytes)];
        private int _count;
        private bool _hasReference;
        private long _referenceSincePowerOn;
        private long _referenceUptime;

        /// <summary>Epochs known (oldest first).</summary>
        public int Count
        {
            get { return _count; }
        }

        /// <summary>Wall time at power-on of the current epoch, or -1 while unknown.</summary>
        public long CurrentWallAtPowerOn
        {
            get { return _count > 0 ? _wallAtPowerOn[_count - 1] : -1; }
        }

        /// <summary>
        /// At boot: loads the epochs and opens a new one when wall time is unknown after a power-on or a fault
        /// reset, or after any boot that finds it unknown though this epoch had learnt it (the RTC lost it, so
        /// power was lost).
        /// Returns true when it wrote the state store (the caller syncs).
        /// </summary>
        public bool Begin(StateStore state, WakeCause cause, IClock clock, long nextSequence)
        {
            Load(state);
            _hasReference = false;
            if (clock.IsWallTimeKnown)
            {
                return false;
            }

            _hasReference = true;
            _referenceSincePowerOn = clock.SincePowerOnMilliseconds;
            _referenceUptime = clock.UptimeMilliseconds;
            // A fault reset (a brown-out among them) may have restarted the RTC without a power-on cause, and
            // nothing tells its count from one that ran on: a new epoch leaves the readings before it
            // time-unknown rather than stamped from this power-on.
            bool newEpoch = _count == 0 || cause == WakeCause.PowerOn || cause == WakeCause.Fault || _wallAtPowerOn[_count - 1] >= 0;
            if (!newEpoch)
            {
                return false;
            }

            if (_count == MaxEpochs)
            {
                System.Array.Copy(_firstSequence, 1, _firstSequence, 0, MaxEpochs - 1);
                System.Array.Copy(_wallAtPowerOn, 1, _wallAtPowerOn, 0, MaxEpochs - 1);
                _count--;
            }

            _firstSequence[_count] = nextSequence;
            _wallAtPowerOn[_count] = -1;
            _count++;
            Save(state);
            return true;
        }

        /// <summary>
        /// Once the clock is known, records this epoch's wall time at power-on from the time since power-on
        /// noted at boot (on ESP32 setting the clock overwrites that count). Returns true when it wrote.
        /// </summary>
        public bool Observe(StateStore state, IClock clock)
        {
            if (!clock.IsWallTimeKnown || !_hasReference || _count == 0 || _wallAtPowerOn[_count - 1] >= 0)
            {
                return false;
            }

            long sincePowerOn = _referenceSincePowerOn + (clock.UptimeMilliseconds - _referenceUptime);
            _wallAtPowerOn[_count - 1] = clock.UnixTimeMilliseconds - sincePowerOn;
            Save(state);
            return true;
        }

        /// <summary>Stamps a time-unknown reading whose epoch's wall time is known; true when it did.</summary>
        public bool Resolve(Reading reading)
        {
            if (reading.TimeKnown || reading.SincePowerOnMilliseconds < 0)
            {
                return false;
            }

            for (int e = _count - 1; e >= 0; e--)
            {
                if (reading.Sequence < _firstSequence[e])
                {
                    continue;
                }

                if (_wallAtPowerOn[e] < 0)
                {
                    return false;
                }

                reading.UnixTimeMilliseconds = _wallAtPowerOn[e] + reading.SincePowerOnMilliseconds;
                reading.TimeKnown = true;
                return true;
            }

            return false;
        }

        private void Load(StateStore state)
        {
            _count = 0;
            int version;
            int length = state.Read(StateKeys.PowerOnTime, _record, 0, out version);
            if (length < 1 || version != Version || _record[0] > MaxEpochs || length != 1 + (_record[0] * EntryBytes))
            {
                return;
            }

            _count = _record[0];
            for (int e = 0; e < _count; e++)
            {
                _firstSequence[e] = LittleEndian.ReadUInt32(_record, 1 + (e * EntryBytes));
                _wallAtPowerOn[e] = LittleEndian.ReadInt64(_record, 5 + (e * EntryBytes));
            }
        }

        private void Save(StateStore state)
        {
            _record[0] = (byte)_count;
            for (int e = 0; e < _count; e++)
            {
                LittleEndian.WriteUInt32(_record, 1 + (e * EntryBytes), (uint)_firstSequence[e]);
                LittleEndian.WriteInt64(_record, 5 + (e * EntryBytes), _wallAtPowerOn[e]);
            }

            state.Write(StateKeys.PowerOnTime, Version, _record, 0, 1 + (_count * EntryBytes));
        }
    }
}
