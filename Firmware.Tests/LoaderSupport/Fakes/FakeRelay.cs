using Firmware.Ports;

namespace Firmware.Tests.Fakes
{
    /// <summary>A relay with no minimum times of its own, counting what it was asked.</summary>
    public sealed class FakeRelay : IRelay
    {
        public string Name
        {
            get { return "heater"; }
        }

        public bool IsOn { get; private set; }

        public int SwitchOns { get; private set; }

        public int SafetyOffs { get; private set; }

        public bool Switch(bool on)
        {
            if (on && !IsOn)
            {
                SwitchOns++;
            }

            IsOn = on;
            return true;
        }

        public void SwitchOffNow()
        {
            if (IsOn)
            {
                SafetyOffs++;
            }

            IsOn = false;
        }
    }
}
