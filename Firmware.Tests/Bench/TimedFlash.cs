using System;
using Firmware.Ports;

namespace Firmware.Tests.Bench
{
    /// <summary>
    /// A flash that adds up the time spent inside another (100 ns ticks): how much of a wake is the flash adapter
    /// (the loader's SectorFileFlash over files in RAM here; littlefs on the ESP32's I: drive, native code there).
    /// </summary>
    public sealed class TimedFlash : IFlash
    {
        private readonly IFlash _flash;

        public TimedFlash(IFlash flash)
        {
            _flash = flash;
        }

        public long Ticks { get; set; }

        public int Size
        {
            get { return _flash.Size; }
        }

        public int SectorSize
        {
            get { return _flash.SectorSize; }
        }

        public void Read(int address, byte[] buffer, int offset, int count)
        {
            long start = DateTime.UtcNow.Ticks;
            _flash.Read(address, buffer, offset, count);
            Ticks += DateTime.UtcNow.Ticks - start;
        }

        public void Program(int address, byte[] buffer, int offset, int count)
        {
            long start = DateTime.UtcNow.Ticks;
            _flash.Program(address, buffer, offset, count);
            Ticks += DateTime.UtcNow.Ticks - start;
        }

        public void Erase(int sector)
        {
            long start = DateTime.UtcNow.Ticks;
            _flash.Erase(sector);
            Ticks += DateTime.UtcNow.Ticks - start;
        }

        public void Sync()
        {
            long start = DateTime.UtcNow.Ticks;
            _flash.Sync();
            Ticks += DateTime.UtcNow.Ticks - start;
        }
    }
}
