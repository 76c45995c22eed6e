using Firmware.Ports;

namespace Firmware.Host.Tests.Uplink.Support
{
    /// <summary>Power for a sweep: the test says why each boot happened and reads what the wake asked for.</summary>
    public sealed class SweepPower : IPower
    {
        public WakeCause WakeCause { get; set; } = WakeCause.PowerOn;

        public long RequestedSleep { get; private set; } = -1;

        public bool Rebooted { get; private set; }

        public bool StopRequested => false;

        public void DeepSleep(long milliseconds) => RequestedSleep = milliseconds;

        public void Reboot() => Rebooted = true;

        public void Reset()
        {
            RequestedSleep = -1;
            Rebooted = false;
        }
    }
}
