using System;
using System.IO;
using Firmware.Device;
using Firmware.Host.Hardware;
using Firmware.Ports;

namespace Firmware.Tools.Bench.Uplink
{
    /// <summary>
    /// Bytes the firmware allocates on its own thread (GC.GetAllocatedBytesForCurrentThread), with a link that
    /// allocates nothing: per sample of a mains loop that publishes after every sample, per battery wake without a
    /// radio session and per battery wake with one (once the boot's objects are built: a battery wake is a boot, and
    /// building the loop is the boot's cost, reported apart; the radio's buffers are made at the boot's first session,
    /// so they count in the wake with one); and the same two wakes of a device with OTA slots and the OTA participant
    /// (its updater is built in a radio session, never in a sample wake).
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

            /// <summary>A radio wake of a device whose radio interval is four times as long (four times the readings).</summary>
            public long LongRadioWakeBytes { get; set; }

            public int LongRadioWakeReadings { get; set; }

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
            SteppedBatteryDevice battery = new SteppedBatteryDevice();
            for (int i = 0; i < 30; i++)
            {
                battery.Wake(out _, out _);
            }

            battery.WakeUntil(false, out long sampleRun, out long construction);
            result.BatterySampleWakeBytes = sampleRun;
            result.BootConstructionBytes = construction;
            battery.WakeUntil(true, out long radioRun, out _);
            result.BatteryRadioWakeBytes = radioRun;
            result.RadioWakeReadings = (int)battery.Last.Drain.ReadingsSent;

            SteppedBatteryDevice longer = new SteppedBatteryDevice(config: new DeviceConfig
            {
                DeviceId = "probe",
                PowerMode = PowerModes.Battery,
                RadioIntervalSeconds = 4 * 3600,
            });
            for (int i = 0; i < 60; i++)
            {
                longer.Wake(out _, out _);
            }

            longer.WakeUntil(true, out long longRun, out _);
            result.LongRadioWakeBytes = longRun;
            result.LongRadioWakeReadings = (int)longer.Last.Drain.ReadingsSent;

            SteppedBatteryDevice ota = new SteppedBatteryDevice(withOta: true);
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
            output.WriteLine($"| per sample, mains loop (its readings and state every fifth, its state on a change) | {r.MainsBytesPerSample:0} |");
            output.WriteLine($"| battery wake without radio (sample, store, plan, save state), after the boot's objects are built | {r.BatterySampleWakeBytes:N0} (the wake watchdog's thread) |");
            output.WriteLine($"| battery wake with a radio session ({r.RadioWakeReadings} readings, status, state, sleeping status; the session's buffers made) | {r.BatteryRadioWakeBytes:N0} |");
            output.WriteLine($"| battery wake with a radio session ({r.LongRadioWakeReadings} readings, a four-hour radio interval) | {r.LongRadioWakeBytes:N0} |");
            output.WriteLine($"| building the device loop at boot (storage mounts, what every wake uses; once per battery wake) | {r.BootConstructionBytes:N0} |");
            output.WriteLine($"| with OTA slots and the OTA participant: battery wake without radio | {r.OtaSampleWakeBytes:N0} |");
            output.WriteLine($"| with OTA slots and the OTA participant: battery wake with a radio session (the updater is built, nothing announced) | {r.OtaRadioWakeBytes:N0} |");
        }

        private static long Mains(int samples)
        {
            SteppedClock clock = new SteppedClock(1_764_151_500_000);
            Platform platform = SteppedBatteryDevice.Platform(clock, new SteppedPower(clock, samples * 60_000L), new NullLink());
            DeviceConfig config = new DeviceConfig { DeviceId = "probe", PowerMode = PowerModes.Mains, SampleIntervalSeconds = 60 };
            DeviceLoop loop = new DeviceLoop(platform, config, "probe");
            long before = GC.GetAllocatedBytesForCurrentThread();
            loop.Run();
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
    }
}
