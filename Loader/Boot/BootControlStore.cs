using Firmware.Ports;

namespace Firmware.Boot
{
    /// <summary>
    /// Boot control in flash: the <see cref="BootControlRecord"/> fields followed by the updater's own record, kept as
    /// one <see cref="MirroredRecord"/> in the first two sectors of the region, so both are written as one atomic
    /// record. Read once per boot (again only while none is found); the <see cref="BootState"/> it is given always
    /// holds a copy of the fields as of now.
    /// </summary>
    public sealed class BootControlStore
    {
        private const uint Magic = 0x544F4F42;  // "BOOT"

        // What the mirrored record's frame adds to its payload in a sector: header (12) and CRC-32 (4).
        private const int FrameOverhead = 16;

        private readonly MirroredRecord _copies;
        private readonly BootControlRecord _record = new BootControlRecord();
        private readonly BootState _state;
        private readonly byte[] _buffer;
        private readonly byte[] _updater;
        private int _updaterLength = -1;
        private bool _loaded;

        /// <param name="region">The boot-control region; its first two sectors hold the copies.</param>
        /// <param name="maxUpdaterState">Largest updater record kept, when a sector has room for it.</param>
        /// <param name="state">Receives a copy of the fields at every read and write.</param>
        public BootControlStore(IFlash region, int maxUpdaterState, BootState state)
        {
            int room = region.SectorSize - FrameOverhead - BootControlRecord.EncodedSize;
            _updater = new byte[room < maxUpdaterState ? room : maxUpdaterState];
            _buffer = new byte[BootControlRecord.EncodedSize + _updater.Length];
            _copies = new MirroredRecord(region, 0, Magic, _buffer.Length);
            _state = state;
        }

        /// <summary>The fields as read or last written; change them, then <see cref="Write"/>.</summary>
        public BootControlRecord Record
        {
            get { return _record; }
        }

        /// <summary>Largest updater record (bytes).</summary>
        public int UpdaterCapacity
        {
            get { return _updater.Length; }
        }

        /// <summary>Reads boot control unless a record was read already; true when there is one.</summary>
        public bool Load()
        {
            if (!_loaded)
            {
                int length = _copies.Read(_buffer, 0);
                _loaded = length >= BootControlRecord.EncodedSize && _record.Decode(_buffer, 0, BootControlRecord.EncodedSize);
                if (_loaded)
                {
                    _updaterLength = length - BootControlRecord.EncodedSize;
                    System.Array.Copy(_buffer, BootControlRecord.EncodedSize, _updater, 0, _updaterLength);
                    _state.Record.CopyFrom(_record);
                }
            }

            return _loaded;
        }

        /// <summary>Reads boot control from flash again, as a new boot does; true when there is a record.</summary>
        public bool Reload()
        {
            _loaded = false;
            return Load();
        }

        /// <summary>Reads boot control from flash into <paramref name="record"/>, leaving this store as it is; false when there is none.</summary>
        public bool ReadInto(BootControlRecord record)
        {
            int length = _copies.Read(_buffer, 0);
            return length >= BootControlRecord.EncodedSize && record.Decode(_buffer, 0, BootControlRecord.EncodedSize);
        }

        /// <summary>Writes the fields and the updater's record as one record (into the other copy).</summary>
        public void Write()
        {
            _record.Encode(_buffer, 0);
            int updater = _updaterLength > 0 ? _updaterLength : 0;
            System.Array.Copy(_updater, 0, _buffer, BootControlRecord.EncodedSize, updater);
            _copies.Write(_buffer, 0, BootControlRecord.EncodedSize + updater);
            _loaded = true;
            _state.Record.CopyFrom(_record);
        }

        /// <summary>Copies the updater's record; -1 when there is none.</summary>
        public int ReadUpdater(byte[] buffer, int offset)
        {
            if (!Load() || _updaterLength <= 0)
            {
                return -1;
            }

            System.Array.Copy(_updater, 0, buffer, offset, _updaterLength);
            return _updaterLength;
        }

        /// <summary>Replaces the updater's record and writes boot control. Only once an image is installed.</summary>
        public void WriteUpdater(byte[] buffer, int offset, int count)
        {
            if (count < 0 || count > _updater.Length)
            {
                throw new System.ArgumentOutOfRangeException("count", "the updater's record holds at most " + _updater.Length.ToString() + " bytes");
            }

            if (!Load())
            {
                throw new System.InvalidOperationException("no image is installed yet");
            }

            System.Array.Copy(buffer, offset, _updater, 0, count);
            _updaterLength = count;
            Write();
        }

        /// <summary>Empties the updater's record (at provisioning); the next <see cref="Write"/> stores none.</summary>
        public void ClearUpdater()
        {
            _updaterLength = 0;
        }
    }
}
