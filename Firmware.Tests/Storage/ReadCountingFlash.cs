using Firmware.Ports;

namespace Firmware.Tests.Storage
{
    /// <summary>A flash that counts the reads made through it: a file-backed flash on a board pays for each one.</summary>
    public sealed class ReadCountingFlash : IFlash
    {
        private readonly IFlash _inner;

        public ReadCountingFlash(IFlash inner)
        {
            _inner = inner;
        }

        public int Reads { get; set; }

        public int Size
        {
            get { return _inner.Size; }
        }

        public int SectorSize
        {
            get { return _inner.SectorSize; }
        }

        public void Read(int address, byte[] buffer, int offset, int count)
        {
            Reads++;
            _inner.Read(address, buffer, offset, count);
        }

        public void Program(int address, byte[] buffer, int offset, int count)
        {
            _inner.Program(address, buffer, offset, count);
        }

        public void Erase(int sector)
        {
            _inner.Erase(sector);
        }

        public void Sync()
        {
            _inner.Sync();
        }
    }
}
