using Firmware.Ports;

namespace Firmware.Tests.Fakes
{
    /// <summary>
    /// A flash that has a geometry and no bytes, for code that only divides a region (layouts): a device
    /// test then needs no megabyte of heap for it. Any read or write is a test bug and throws.
    /// </summary>
    public sealed class SizeOnlyFlash : IFlash
    {
        public SizeOnlyFlash(int sectorSize, int sectorCount)
        {
            SectorSize = sectorSize;
            Size = sectorSize * sectorCount;
        }

        public int Size { get; private set; }

        public int SectorSize { get; private set; }

        public void Read(int address, byte[] buffer, int offset, int count)
        {
            throw new System.InvalidOperationException("SizeOnlyFlash holds no data");
        }

        public void Program(int address, byte[] buffer, int offset, int count)
        {
            throw new System.InvalidOperationException("SizeOnlyFlash holds no data");
        }

        public void Erase(int sector)
        {
            throw new System.InvalidOperationException("SizeOnlyFlash holds no data");
        }

        public void Sync()
        {
        }
    }
}
