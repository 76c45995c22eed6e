using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;
using Firmware.Device;
using Firmware.Drivers.SimulatedClimate;
using Firmware.Host;
using Firmware.Host.Faults;
using Firmware.Host.Hardware;
using Firmware.Host.Mqtt;
using Firmware.Ports;
using Firmware.Power;
using Firmware.Readings;
using Firmware.Storage;

namespace Firmware.Tools.Bench.Uplink
{
    /// <summary>
    /// How long the radio stays on to deliver a large backlog: N readings buffered in the flash log (a long outage),
    /// then one battery wake whose radio session drains them to a real broker (the embedded one) through the fault
    /// proxy adding a round-trip latency, judged by an independent subscriber. Then the same drain against a link
    /// that costs nothing, to isolate the firmware's own work per reading: flash operations, payload bytes, host CPU
    /// time and allocations.
    /// </summary>
    public static class DrainBenchmark
    {
        public sealed class Settings
        {
            public int Readings { get; set; } = 10_000;

            public int LatencyMilliseconds { get; set; } = 50;

            public int PayloadBytes { get; set; } = 2048;

            public int Window { get; set; } = 8;
        }

        public sealed class Result
        {
            public Settings Settings { get; set; }

            public double SessionSeconds { get; set; }

            public double RadioOnSeconds { get; set; }

            public long Delivered { get; set; }

            public int Received { get; set; }

            public long Batches { get; set; }

            public long Bytes { get; set; }

            public double CoreMicrosecondsPerReading { get; set; }

            public double AllocatedBytesPerReading { get; set; }

            public double FlashReadsPerReading { get; set; }

            public double FlashBytesReadPerReading { get; set; }

            public double FlashProgramsPerReading { get; set; }

            public double SyncsPerReading { get; set; }

            public double PayloadBytesPerReading { get; set; }

            public double PublishesPerReading { get; set; }
        }

        public static int Run(string[] args, TextWriter output)
        {
            Settings settings = new Settings();
            for (int i = 0; i + 1 < args.Length; i += 2)
            {
                int value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                switch (args[i])
                {
                    case "--readings": settings.Readings = value; break;
                    case "--latency-ms": settings.LatencyMilliseconds = value; break;
                    case "--payload": settings.PayloadBytes = value; break;
                    case "--window": settings.Window = value; break;
                    default: output.WriteLine("options: --readings N --latency-ms L --payload BYTES --window N"); return 2;
                }
            }

            Print(Measure(settings), output);
            return 0;
        }

        public static Result Measure(Settings settings)
        {
            Result result = new Result { Settings = settings };
            Network(settings, result);
            Core(settings, result);
            return result;
        }

        public static void Print(Result r, TextWriter output)
        {
            Settings s = r.Settings;
            output.WriteLine($"{s.Readings:N0} buffered readings, one radio session, {s.PayloadBytes}-byte batches, {s.Window} in flight, "
                + $"{s.LatencyMilliseconds} ms of added round trip (fault proxy), embedded broker:");
            output.WriteLine();
            output.WriteLine("| | |");
            output.WriteLine("| --- | ---: |");
            output.WriteLine($"| session, connect to goodbye (host, real time) | {r.SessionSeconds:0.00} s |");
            output.WriteLine($"| radio on, as the energy ledger accounted it | {r.RadioOnSeconds:0.00} s |");
            output.WriteLine($"| readings acknowledged / received by the subscriber | {r.Delivered:N0} / {r.Received:N0} |");
            output.WriteLine($"| batches | {r.Batches:N0} |");
            output.WriteLine($"| payload bytes sent | {r.Bytes:N0} ({r.PayloadBytesPerReading:0.0} per reading) |");
            output.WriteLine();
            output.WriteLine("The firmware's own work per reading (the same drain against a link that costs nothing):");
            output.WriteLine();
            output.WriteLine("| per reading | |");
            output.WriteLine("| --- | ---: |");
            output.WriteLine($"| flash reads | {r.FlashReadsPerReading:0.00} ({r.FlashBytesReadPerReading:0.0} bytes) |");
            output.WriteLine($"| flash programs (acknowledgement bits, state) | {r.FlashProgramsPerReading:0.000} |");
            output.WriteLine($"| flash syncs | {r.SyncsPerReading:0.000} |");
            output.WriteLine($"| publishes | {r.PublishesPerReading:0.000} |");
            output.WriteLine($"| host CPU time (read, time-stamp, SenML encode, acknowledge) | {r.CoreMicrosecondsPerReading:0.00} µs |");
            output.WriteLine($"| bytes allocated | {r.AllocatedBytesPerReading:0.000} |");
        }

        private static void Network(Settings settings, Result result)
        {
            using EmbeddedBroker broker = EmbeddedBroker.Start(0);
            FaultPlan plan = new FaultPlan { LatencyMilliseconds = settings.LatencyMilliseconds };
            VirtualClock clock = new VirtualClock(1e6, CancellationToken.None);
            clock.SetUnixTimeMilliseconds(1_764_151_500_000);
            using FaultProxy proxy = FaultProxy.Start(plan, "127.0.0.1", broker.Port, () => clock.TotalMilliseconds);
            using TelemetryObserver observer = TelemetryObserver.Start("127.0.0.1", broker.Port, "sensors/drain/telemetry");
            using MqttNetLink link = new MqttNetLink();
            Platform platform = Platform(clock, link, new HostNetwork(clock, () => clock.UnixTimeMilliseconds));
            Fill(platform.Flash, clock, settings.Readings);
            DeviceLoop loop = new DeviceLoop(platform, Config(settings, "127.0.0.1", proxy.Port), "bench");
            Stopwatch session = Stopwatch.StartNew();
            loop.Run();
            result.SessionSeconds = session.Elapsed.TotalSeconds;
            EnergyLedger ledger = loop.Context.Ledger;
            result.RadioOnSeconds = (ledger.Microseconds(PowerPhase.WifiConnect) + ledger.Microseconds(PowerPhase.RadioReceive)
                + ledger.Microseconds(PowerPhase.RadioTransmit)) / 1e6;
            result.Delivered = loop.Context.Drain.Delivered;
            result.Batches = loop.Context.Drain.BatchesSent;
            result.Bytes = loop.Context.Drain.BytesSent;
            Thread.Sleep(500);
            result.Received = observer.Distinct;
        }

        private static void Core(Settings settings, Result result)
        {
            SteppedClock clock = new SteppedClock(1_764_151_500_000);
            NullLink link = new NullLink();
            Platform platform = Platform(clock, link, new HostNetwork(clock, () => clock.UnixTimeMilliseconds));
            Fill(platform.Flash, clock, settings.Readings);
            DeviceLoop loop = new DeviceLoop(platform, Config(settings, "127.0.0.1", 1883), "bench");
            MeteredFlash flash = loop.Context.Flash;
            long reads = flash.Reads;
            long bytesRead = flash.BytesRead;
            long programs = flash.PagePrograms;
            long syncs = flash.Syncs;
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            Stopwatch time = Stopwatch.StartNew();
            loop.Run();
            time.Stop();
            double n = loop.Context.Drain.Delivered;
            result.AllocatedBytesPerReading = (GC.GetAllocatedBytesForCurrentThread() - allocated - 200) / n;
            result.CoreMicrosecondsPerReading = time.Elapsed.TotalMilliseconds * 1000 / n;
            result.FlashReadsPerReading = (flash.Reads - reads) / n;
            result.FlashBytesReadPerReading = (flash.BytesRead - bytesRead) / n;
            result.FlashProgramsPerReading = (flash.PagePrograms - programs) / n;
            result.SyncsPerReading = (flash.Syncs - syncs) / n;
            result.PayloadBytesPerReading = loop.Context.Drain.BytesSent / n;
            result.PublishesPerReading = loop.Context.Drain.BatchesSent / n;
        }

        private static DeviceConfig Config(Settings settings, string host, int port)
        {
            return new DeviceConfig
            {
                DeviceId = "drain",
                BrokerHost = host,
                BrokerPort = port,
                PowerMode = PowerModes.Battery,
                MaxPayloadBytes = settings.PayloadBytes,
                BatchesInFlight = settings.Window,
                SessionBudgetSeconds = 600,
                WakeCapSeconds = 900,
                CommandWaitMilliseconds = 0,
            };
        }

        private static Platform Platform(IClock clock, IMqttLink link, INetwork network)
        {
            return new Platform
            {
                HardwareId = "drain",
                Clock = clock,
                Flash = new SimulatedNorFlash(Twin.FlashSize, 4096),
                Sensors = new ISensor[] { new SimulatedClimateSensor(clock, 1) },
                Network = network,
                Mqtt = link,
                Power = new BenchPower(),
                Random = new SeededRandom(1),
                Log = new CountingLog(),
            };
        }

        /// <summary>The backlog: readings appended as a week of 1-minute samples would have left them.</summary>
        private static void Fill(IFlash flash, IClock clock, int readings)
        {
            DeviceStorage storage = new DeviceStorage(flash);
            storage.Open(WakeCause.PowerOn, clock);
            SimulatedClimateSensor sensor = new SimulatedClimateSensor(clock, 2);
            Reading reading = new Reading(sensor.ChannelCount);
            long start = clock.IsWallTimeKnown ? clock.UnixTimeMilliseconds - (readings * 60_000L) : 0;
            for (int i = 0; i < readings; i++)
            {
                reading.ValidMask = sensor.Measure(reading.Values, 0);
                reading.TimeKnown = true;
                reading.UnixTimeMilliseconds = start + (i * 60_000L);
                reading.SincePowerOnMilliseconds = -1;
                storage.Log.Append(reading);
            }

            storage.Log.Sync();
        }

        /// <summary>Power for one wake: it never stops on its own, and the sleep asked for is only recorded.</summary>
        private sealed class BenchPower : IPower
        {
            public WakeCause WakeCause => WakeCause.Timer;

            public bool StopRequested => false;

            public void DeepSleep(long milliseconds)
            {
            }

            public void Reboot()
            {
            }
        }
    }
}
