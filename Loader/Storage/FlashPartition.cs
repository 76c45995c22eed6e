using Firmware.Ports;

namespace Firmware.Storage
{
    /// <summary>
    /// A run of whole sectors of a larger <see cref="IFlash"/>, seen as a flash region of its own: address 0
    /// is the first byte of its first sector. Each user of the flash (reading log, state store, OTA slots,
    /// boot control) gets one, so none can touch another's sectors.
    ///
    /// Contract: the same as <see cref="IFlash"/>; every request is checked against the partition's own
    /// bounds before it reaches the parent, and <see cref="Sync"/> commits the whole parent (a flash has one
    /// commit point). Shared with the frozen loader, which reads boot control through it.
    /// </summary>
    public sealed class FlashPartition : IFlash
    {
        private readonly IFlash _parent;
        private readonly int _firstSector;
        private readonly int _sectorCount;
        private readonly int _base;

        /// <summary>Sectors [<paramref name="firstSector"/>, +<paramref name="sectorCount"/>) of <paramref name="parent"/>.</summary>
        public FlashPartition(IFlash parent, int firstSector, int sectorCount)
        {
            if (parent == null)
            {
                throw new System.ArgumentNullException("parent");
            }

            int parentSectors = parent.Size / parent.SectorSize;
            if (firstSector < 0 || sectorCount < 1 || firstSector > parentSectors - sectorCount)
            {
                throw new System.ArgumentOutOfRangeException("sectorCount", "sectors " + firstSector.ToString() + " to "
                    + (firstSector + sectorCount - 1).ToString() + " are not inside a flash of " + parentSectors.ToString() + " sectors");
            }

            _parent = parent;
            _firstSector = firstSector;
            _sectorCount = sectorCount;
            _base = firstSector * parent.SectorSize;
        }

        /// <summary>
        /// The partition of <paramref name="length"/> bytes at byte <paramref name="offset"/> of the parent; both must
        /// be whole sectors, or this throws <see cref="System.ArgumentException"/>.
        /// </summary>
        public static FlashPartition FromBytes(IFlash parent, int offset, int length)
        {
            if (parent == null)
            {
                throw new System.ArgumentNullException("parent");
            }

            int sector = parent.SectorSize;
            if (offset < 0 || length <= 0 || offset % sector != 0 || length % sector != 0)
            {
                throw new System.ArgumentException("a partition must start and end on a " + sector.ToString()
                    + "-byte sector boundary (offset " + offset.ToString() + ", length " + length.ToString() + ")");
            }

            return new FlashPartition(parent, offset / sector, length / sector);
        }

        /// <summary>The parent sector this partition starts at.</summary>
        public int FirstSector
        {
            get { return _firstSector; }
        }

        public int SectorCount
        {
            get { return _sectorCount; }
        }

        public int Size
        {
            get { return _sectorCount * _parent.SectorSize; }
        }

        public int SectorSize
        {
            get { return _parent.SectorSize; }
        }

        public void Read(int address, byte[] buffer, int offset, int count)
        {
            Check(address, buffer, offset, count);
            _parent.Read(_base + address, buffer, offset, count);
        }

        public void Program(int address, byte[] buffer, int offset, int count)
        {
            Check(address, buffer, offset, count);
            _parent.Program(_base + address, buffer, offset, count);
        }

        public void Erase(int sector)
        {
            if (sector < 0 || sector >= _sectorCount)
            {
                throw new System.ArgumentOutOfRangeException("sector", "sector " + sector.ToString() + " is not in a partition of "
                    + _sectorCount.ToString() + " sectors");
            }

            _parent.Erase(_firstSector + sector);
        }

        public void Sync()
        {
            _parent.Sync();
        }

        private void Check(int address, byte[] buffer, int offset, int count)
        {
            FlashBounds.Check(Size, address, buffer, offset, count);
        }
    }
}
