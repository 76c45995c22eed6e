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
            if (milliseconds < 0)
            {
                throw new ArgumentOutOfRangeException("milliseconds", "must not be negative");
            }

            EspNativeError armed = Sleep.EnableWakeupByTimer(TimeSpan.FromTicks(milliseconds * TimeSpan.TicksPerMillisecond));
            if (armed != EspNativeError.OK)
            {
                // Deep sleep without its timer would last until someone presses reset; the loader reports
                // this and restarts the device instead.
                throw new InvalidOperationException("the deep-sleep timer refused " + milliseconds.ToString() + " ms (ESP error " + ((int)armed).ToString() + ")");
            }

            Sleep.StartDeepSleep();
        }

        public void Reboot()
        {
            nanoFramework.Runtime.Native.Power.RebootDevice();
        }
    }
}
