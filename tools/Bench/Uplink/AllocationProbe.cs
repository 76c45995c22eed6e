using System;
using System.IO;
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
    /// Bytes the firmware allocates on its own thread (GC.GetAllocatedBytesForCurrentThread), with a link that
    /// allocates nothing: per sample of a mains loop that publishes after every sample, per battery wake without a
    /// radio session and per battery wake with one (once the boot's objects are built: a battery wake is a boot, and
    /// building the loop is the boot's cost, reported apart); and the same two wakes of a device with OTA slots and the
    /// OTA participant (its updater is built in a radio session, never in a sample wake).
    /// </summary>
    public static class AllocationProbe
    {
        public sealed class Result
        {
            public double MainsBytesPerSample { get; set; }

            public long BatterySampleWakeBytes { get; set; }

            public long BatteryRadioWakeBytes { get; set; }

            public long BootConstructionBytes { get; set; }

            public int RadioWakeReadings { get; set; }

            public long OtaSampleWakeBytes { get; set; }

            public long OtaRadioWakeBytes { get; set; }
        }

        public static Result Measure()
        {
            Result result = new Result();
            Mains(50);
            long small = Mains(50);
            long large = Mains(550);
            result.MainsBytesPerSample = Math.Max(0, (large - small) / 500.0);

            // Battery: a device that has run a while (state saved, ledger populated), then one measured wake of each kind.
            Battery battery = new Battery();
            for (int i = 0; i < 30; i++)
            {
                battery.Wake(out _, out _);
            }

            battery.WakeUntil(false, out long sampleRun, out long construction);
            result.BatterySampleWakeBytes = sampleRun;
            result.BootConstructionBytes = construction;
            battery.WakeUntil(true, out long radioRun, out _);
            result.BatteryRadioWakeBytes = radioRun;
            result.RadioWakeReadings = 12;

            Battery ota = new Battery(withOta: true);
            for (int i = 0; i < 30; i++)
            {
                ota.Wake(out _, out _);
            }

            ota.WakeUntil(false, out long otaSample, out _);
            ota.WakeUntil(true, out long otaRadio, out _);
            result.OtaSampleWakeBytes = otaSample;
            result.OtaRadioWakeBytes = otaRadio;
            return result;
        }

        public static void Print(Result r, TextWriter output)
        {
            output.WriteLine("| what | bytes allocated by the firmware (host) |");
            output.WriteLine("| --- | ---: |");
            output.WriteLine($"| per sample, mains loop publishing after every sample | {r.MainsBytesPerSample:0} |");
            output.WriteLine($"| battery wake without radio (sample, store, plan, save state), after the boot's objects are built | {r.BatterySampleWakeBytes:N0} (the wake watchdog's thread) |");
            output.WriteLine($"| battery wake with a radio session ({r.RadioWakeReadings} readings, status, state, sleeping status) | {r.BatteryRadioWakeBytes:N0} |");
            output.WriteLine($"| building the device loop at boot (storage mounts, buffers, once per battery wake) | {r.BootConstructionBytes:N0} |");
            output.WriteLine($"| with OTA slots and the OTA participant: battery wake without radio | {r.OtaSampleWakeBytes:N0} |");
            output.WriteLine($"| with OTA slots and the OTA participant: battery wake with a radio session (the updater is built, nothing announced) | {r.OtaRadioWakeBytes:N0} |");
        }

        private static long Mains(int samples)
        {
            SteppedClock clock = new SteppedClock(1_764_151_500_000);
            Platform platform = Platform(clock, new SteppedPower(clock, samples * 60_000L));
            DeviceConfig config = new DeviceConfig { DeviceId = "probe", PowerMode = PowerModes.Mains, SampleIntervalSeconds = 60 };
            DeviceLoop loop = new DeviceLoop(platform, config, "probe");
            long before = GC.GetAllocatedBytesForCurrentThread();
            loop.Run();
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        private static Platform Platform(IClock clock, IPower power, int flashBytes = 256 * 1024)
        {
            return new Platform
            {
                HardwareId = "probe",
                Clock = clock,
                Flash = new SimulatedNorFlash(flashBytes, 4096),
                Sensors = new ISensor[] { new SimulatedClimateSensor(clock, 1) },
                Network = new HostNetwork(clock, () => clock.UnixTimeMilliseconds),
                Mqtt = new NullLink(),
                Power = power,
                Random = new SeededRandom(1),
                Log = new CountingLog(),
            };
        }

        /// <summary>A battery device and its loader on a stepped clock.</summary>
        private sealed class Battery
        {
            private readonly SteppedClock _clock = new SteppedClock(1_764_151_500_000);
            private readonly RecordingPower _power = new RecordingPower();
            private readonly Platform _platform;
            private readonly DeviceConfig _config = new DeviceConfig { DeviceId = "probe", PowerMode = PowerModes.Battery };
            private readonly ManagedUpdateSlots _slots;

            public Battery(bool withOta = false)
            {
                _platform = AllocationProbe.Platform(_clock, _power, withOta ? Twin.FlashSize : 256 * 1024);
                if (withOta)
                {
                    // The twin's own build as the factory image in slot 0, as its loader installs it.
                    _platform.SlotBytes = Twin.SlotBytes;
                    _slots = HostLoader.SlotsOf(FlashLayout.Standard(_platform.Flash, Twin.SlotBytes), _clock, new byte[0][], HostLoader.HardwareModel);
                    new HostLoader(_slots, null, new CountingLog()).Provision(HostLoader.FactoryBundle());
                    _platform.Slots = _slots;
                    _platform.Downloader = new NoDownloader();
                }
            }

            public bool Wake(out long run, out long construction)
            {
                _power.Reset();
                _slots?.BeginBoot(_power.Cause);
                long start = GC.GetAllocatedBytesForCurrentThread();
                DeviceLoop loop = new DeviceLoop(_platform, _config, "probe");
                Firmware.Ota.OtaParticipant updater = Firmware.Device.Application.StartUpdater(_platform, loop.Context.Config);
                if (updater != null)
                {
                    loop.AddParticipant(updater);
                }

                long built = GC.GetAllocatedBytesForCurrentThread();
                loop.Run();
                run = GC.GetAllocatedBytesForCurrentThread() - built;
                construction = built - start;
                _clock.Advance(_power.RequestedSleep);
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
        }

        /// <summary>A downloader that is never asked (nothing is announced).</summary>
        private sealed class NoDownloader : IDownloader
        {
            public string LastError => "no image server in the probe";

            public int ReadRange(string url, int position, byte[] buffer, int offset, int count, int timeoutMilliseconds) => -1;
        }

        private sealed class RecordingPower : IPower
        {
            public WakeCause Cause { get; set; } = WakeCause.PowerOn;

            public long RequestedSleep { get; private set; }

            public WakeCause WakeCause => Cause;

            public bool StopRequested => false;

            public void DeepSleep(long milliseconds) => RequestedSleep = milliseconds;

            public void Reboot() => throw new InvalidOperationException("the probe does not reboot");

            public void Reset() => RequestedSleep = 0;
        }
    }
}
