using Firmware.Drivers.Bus;

namespace Firmware.Tests.Fakes
{
    /// <summary>A GPIO output that remembers its level and how often it was written.</summary>
    public sealed class FakeDigitalOutput : IDigitalOutput
    {
        public bool High { get; private set; }

        public int Writes { get; private set; }

        public void Write(bool high)
        {
            High = high;
            Writes++;
        }
    }
}
