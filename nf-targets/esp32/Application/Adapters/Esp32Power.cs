using System;
using Firmware.Ports;
using nanoFramework.Hardware.Esp32;

namespace Firmware.Esp32.Adapters
{
    /// <summary>
    /// Deep sleep with a timer wake through nanoFramework.Hardware.Esp32. The ESP32 reports only sleep wake
    /// causes; every other start reads as <see cref="WakeCause.PowerOn"/> here, and the firmware tells a
    /// reboot or a fault from a power-on with what it wrote to flash before.
    /// </summary>
    public sealed class Esp32Power : IPower
    {
        private readonly WakeCause _cause;

        public Esp32Power()
        {
            Sleep.WakeupCause cause = Sleep.GetWakeupCause();
            if (cause == Sleep.WakeupCause.Timer)
            {
                _cause = WakeCause.Timer;
            }
            else if (cause == Sleep.WakeupCause.Ext0 || cause == Sleep.WakeupCause.Ext1 || cause == Sleep.WakeupCause.Gpio)
            {
                _cause = WakeCause.Pin;
            }
            else
            {
                _cause = WakeCause.PowerOn;
            }
        }

        public WakeCause WakeCause
        {
            get { return _cause; }
        }

        public bool StopRequested
        {
            get { return false; }
        }

        public void DeepSleep(long milliseconds)
        {
            Sleep.EnableWakeupByTimer(TimeSpan.FromTicks(milliseconds * TimeSpan.TicksPerMillisecond));
            Sleep.StartDeepSleep();
        }

        public void Reboot()
        {
            nanoFramework.Runtime.Native.Power.RebootDevice();
        }
    }
}
