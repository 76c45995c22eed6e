using System;
using Firmware.Ports;

namespace Firmware.Host.Hardware
{
    /// <summary>
    /// A run of whole sectors of a host flash seen as a flash of its own (address 0 is its first sector), so the
    /// OTA slots and boot control can each get their own region of one simulated chip and a power cut counts every
    /// operation of the chip. (The loader core's storage layout gives the device the same partitions.)
    /// </summary>
    public sealed class FlashWindow : IFlash
    {
        private readonly IFlash _parent;
        private readonly int _base;

        public FlashWindow(IFlash parent, int firstSector, int sectorCount)
        {
            int parentSectors = parent.Size / parent.SectorSize;
            if (firstSector < 0 || sectorCount < 1 || firstSector > parentSectors - sectorCount)
            {
                throw new ArgumentOutOfRangeException(nameof(sectorCount), $"sectors {firstSector}+{sectorCount} are not inside {parentSectors}");
            }

            _parent = parent;
            FirstSector = firstSector;
            _base = firstSector * parent.SectorSize;
            Size = sectorCount * parent.SectorSize;
        }

        public int FirstSector { get; }

        public int Size { get; }

        public int SectorSize => _parent.SectorSize;

        public void Read(int address, byte[] buffer, int offset, int count)
        {
            Check(address, count);
            _parent.Read(_base + address, buffer, offset, count);
        }

        public void Program(int address, byte[] buffer, int offset, int count)
        {
            Check(address, count);
            _parent.Program(_base + address, buffer, offset, count);
        }

        public void Erase(int sector)
        {
            if (sector < 0 || sector >= Size / SectorSize)
            {
                throw new ArgumentOutOfRangeException(nameof(sector));
            }

            _parent.Erase(FirstSector + sector);
        }

        public void Sync() => _parent.Sync();

        private void Check(int address, int count)
        {
            if (address < 0 || count < 0 || (long)address + count > Size)
            {
                throw new ArgumentOutOfRangeException(nameof(address), $"0x{address:x}+{count} is outside the {Size}-byte window");
            }
        }
    }
}
