using Firmware.Ports;

namespace Firmware.Device
{
    /// <summary>
    /// Why this boot happened, as reported in the status. The platform's <see cref="WakeCause"/> is refined with
    /// what flash and the clock say: ESP32 reports only sleep wakes, so a boot it calls a power-on is a reboot
    /// when the last wake asked for one, a reset (watchdog, crash, brown-out) when the RTC kept wall time, and a
    /// real power-on only when the RTC lost it.
    /// </summary>
    public static class WakeReason
    {
        public const string PowerOn = "power-on";
        public const string Timer = "timer";
        public const string Pin = "pin";
        public const string Reboot = "reboot";
        public const string Fault = "fault";
        public const string Reset = "reset";

        public static string Resolve(WakeCause cause, bool rebootRequested, bool wallTimeKnown)
        {
            switch (cause)
            {
                case WakeCause.Timer:
                    return Timer;
                case WakeCause.Pin:
                    return Pin;
                case WakeCause.Reboot:
                    return Reboot;
                case WakeCause.Fault:
                    return Fault;
                default:
                    if (rebootRequested)
                    {
                        return Reboot;
                    }

                    return wallTimeKnown ? Reset : PowerOn;
            }
        }
    }
}
