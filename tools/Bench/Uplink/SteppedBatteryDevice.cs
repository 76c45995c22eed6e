using System;
using Firmware.Boot;
using Firmware.Device;
using Firmware.Drivers.SimulatedClimate;
using Firmware.Host;
using Firmware.Host.Boot;
using Firmware.Host.Hardware;
using Firmware.Ports;
using Firmware.Storage;

namespace Firmware.Tools.Bench.Uplink
{
    /// <summary>
    /// A battery device and its loader on a stepped clock (awake work takes no time, so every run is exactly repeatable):
    /// each <see cref="Wake"/> boots the firmware, runs the wake and carries out the deep sleep it asked for. With OTA
    /// slots the twin's own build is the factory image and the OTA participant rides on the sessions.
    /// </summary>
    public sealed class SteppedBatteryDevice
    {
        private readonly RecordingPower _power = new RecordingPower();
        private readonly ManagedUpdateSlots _slots;

        /// <param name="linkFor">The MQTT link on the device's clock (default: <see cref="NullLink"/>, which costs nothing).</param>
        public SteppedBatteryDevice(bool withOta = false, DeviceConfig config = null, Func<SteppedClock, IMqttLink> linkFor = null)
        {
            Config = config ?? new DeviceConfig { DeviceId = "probe", PowerMode = PowerModes.Battery };
            Device = Platform(Clock, _power, linkFor != null ? linkFor(Clock) : new NullLink(), withOta ? Twin.FlashSize : 256 * 1024);
            if (withOta)
            {
                // The twin's own build as the factory image in slot 0, as its loader installs it.
                Device.SlotBytes = Twin.SlotBytes;
                _slots = HostLoader.SlotsOf(FlashLayout.Standard(Device.Flash, Twin.SlotBytes), Clock, new byte[0][], HostLoader.HardwareModel);
                new HostLoader(_slots, null, new CountingLog()).Provision(HostLoader.FactoryBundle());
                Device.Slots = _slots;
                Device.Downloader = new NoDownloader();
            }
        }

        public SteppedClock Clock { get; } = new SteppedClock(1_764_151_500_000);

        public Platform Device { get; }

        public DeviceConfig Config { get; }

        /// <summary>What the last wake's phases shared (its ledger among it).</summary>
        public WakeContext Last { get; private set; }

        /// <summary>A platform of the host's simulated parts on <paramref name="clock"/>.</summary>
        public static Platform Platform(IClock clock, IPower power, IMqttLink link, int flashBytes = 256 * 1024)
        {
            return new Platform
            {
                HardwareId = "probe",
                Clock = clock,
                Flash = new SimulatedNorFlash(flashBytes, 4096),
                Sensors = new ISensor[] { new SimulatedClimateSensor(clock, 1) },
                Network = new HostNetwork(clock, () => clock.UnixTimeMilliseconds),
                Mqtt = link,
                Power = power,
                Random = new SeededRandom(1),
                Log = new CountingLog(),
            };
        }

        /// <summary>One boot and wake, then its sleep; true when it ran a radio session. Reports what the firmware allocated.</summary>
        public bool Wake(out long run, out long construction)
        {
            _power.Reset();
            _slots?.BeginBoot(_power.Cause);
            long start = GC.GetAllocatedBytesForCurrentThread();
            DeviceLoop loop = new DeviceLoop(Device, Config, "probe");
            Firmware.Ota.OtaParticipant updater = Firmware.Device.Application.StartUpdater(Device, loop.Context.Config);
            if (updater != null)
            {
                loop.AddParticipant(updater);
            }

            long built = GC.GetAllocatedBytesForCurrentThread();
            loop.Run();
            run = GC.GetAllocatedBytesForCurrentThread() - built;
            construction = built - start;
            Last = loop.Context;
            Clock.Advance(_power.RequestedSleep);
            _power.Cause = WakeCause.Timer;
            return loop.Context.RadioReason != null;
        }

        public void WakeUntil(bool radio, out long run, out long construction)
        {
            for (int i = 0; i < 100; i++)
            {
                if (Wake(out run, out construction) == radio)
                {
                    return;
                }
            }

            throw new InvalidOperationException("no wake of the kind asked for");
        }

        /// <summary>A downloader that is never asked (nothing is announced).</summary>
        private sealed class NoDownloader : IDownloader
        {
            public string LastError => "no image server in the bench";

            public int ReadRange(string url, int position, byte[] buffer, int offset, int count, int timeoutMilliseconds) => -1;
        }

        private sealed class RecordingPower : IPower
        {
            public WakeCause Cause { get; set; } = WakeCause.PowerOn;

            public long RequestedSleep { get; private set; }

            public WakeCause WakeCause => Cause;

            public bool StopRequested => false;

            public void DeepSleep(long milliseconds) => RequestedSleep = milliseconds;

            public void Reboot() => throw new InvalidOperationException("the bench does not reboot");

            public void Reset() => RequestedSleep = 0;
        }
    }
}
