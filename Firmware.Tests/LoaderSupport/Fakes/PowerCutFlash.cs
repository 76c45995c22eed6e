using Firmware.Ports;

namespace Firmware.Tests.Fakes
{
    /// <summary>
    /// A flash that loses power before a chosen Program or Erase: that operation changes nothing and throws
    /// <see cref="System.IO.IOException"/>, and so does every later operation until <see cref="PowerOn"/>. The
    /// bytes and the NOR rules are those of the flash it wraps.
    /// </summary>
    public sealed class PowerCutFlash : IFlash
    {
        private readonly IFlash _flash;
        private bool _dead;

        public PowerCutFlash(IFlash flash)
        {
            _flash = flash;
            FailAt = -1;
        }

        public int Size
        {
            get { return _flash.Size; }
        }

        public int SectorSize
        {
            get { return _flash.SectorSize; }
        }

        /// <summary>Program and Erase calls so far.</summary>
        public int Operations { get; private set; }

        /// <summary>When positive, power is lost at the Program or Erase with this number (counting from 1).</summary>
        public int FailAt { get; set; }

        /// <summary>Power returns: operations work again.</summary>
        public void PowerOn()
        {
            _dead = false;
            FailAt = -1;
        }

        public void Read(int address, byte[] buffer, int offset, int count)
        {
            RequirePower();
            _flash.Read(address, buffer, offset, count);
        }

        public void Program(int address, byte[] buffer, int offset, int count)
        {
            Count();
            _flash.Program(address, buffer, offset, count);
        }

        public void Erase(int sector)
        {
            Count();
            _flash.Erase(sector);
        }

        public void Sync()
        {
            RequirePower();
            _flash.Sync();
        }

        private void Count()
        {
            RequirePower();
            if (FailAt > 0 && Operations + 1 >= FailAt)
            {
                _dead = true;
                throw new System.IO.IOException("no power");
            }

            Operations++;
        }

        private void RequirePower()
        {
            if (_dead)
            {
                throw new System.IO.IOException("no power");
            }
        }
    }
}
