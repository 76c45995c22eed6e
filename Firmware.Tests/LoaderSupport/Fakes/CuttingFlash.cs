using Firmware.Ports;

namespace Firmware.Tests.Fakes
{
    /// <summary>A flash that loses power (throws <see cref="System.IO.IOException"/>) at its N-th program or erase; the operation does not happen.</summary>
    public sealed class CuttingFlash : IFlash
    {
        private readonly IFlash _inner;
        private int _left;

        /// <param name="operations">Programs and erases that succeed before the cut.</param>
        public CuttingFlash(IFlash inner, int operations)
        {
            _inner = inner;
            _left = operations;
        }

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
            _inner.Read(address, buffer, offset, count);
        }

        public void Program(int address, byte[] buffer, int offset, int count)
        {
            Spend();
            _inner.Program(address, buffer, offset, count);
        }

        public void Erase(int sector)
        {
            Spend();
            _inner.Erase(sector);
        }

        public void Sync()
        {
            _inner.Sync();
        }

        private void Spend()
        {
            if (_left <= 0)
            {
                throw new System.IO.IOException("power cut");
            }

            _left--;
        }
    }
}
