using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using Firmware.Host.Boot;
using Firmware.Host.Mqtt;
using Firmware.Storage;

namespace Firmware.Host.Fleet
{
    /// <summary>
    /// Runs a fleet: N devices of the mix on one time line against one broker, the judge beside them; at the end, each
    /// device's ground truth (its flash, its counters) reconciled with what the broker delivered, and what it cost.
    /// </summary>
    public static class FleetRun
    {
        /// <summary>Reading-log sectors of each device: about five weeks of a sensor sampling every 5 minutes, a week of a thermostat's minutes.</summary>
        public const int LogSectors = 52;

        /// <summary>
        /// What mosquitto needs for a fleet: quiet (a line per connection would flood its log); no limit on the queue of a
        /// subscriber (mosquitto drops a QoS 1 message past max_queued_messages, which to the judge would look like a lost
        /// reading); no limit on the QoS 1 messages in flight to a subscriber (the default 20 makes a receiver's rate 20 per
        /// round trip of its acknowledgements, which on busy cores is tens of milliseconds: a few hundred messages a second,
        /// far below what 1,000 devices send); and its $SYS counters every second. With <paramref name="tcpClients"/>, small
        /// packets sent at once (TCP_NODELAY: a session is a chain of small round trips); not for clients on the broker's
        /// Unix domain socket, where the option applies to every connection all the same, fails, and costs a warning in the
        /// log (a line written, and read by the twin) at each of them.
        /// </summary>
        public static string MosquittoConfiguration(bool tcpClients) =>
            "connection_messages false\nlog_type error\nlog_type warning\nmax_queued_messages 0\nmax_inflight_messages 0\nsys_interval 1\n"
            + (tcpClients ? "set_tcp_nodelay true\n" : string.Empty);

        /// <summary>Each device's flash: boot control (2), two 512 KiB slots, state (2) and the log.</summary>
        public static int FlashBytes => (2 + (2 * (Twin.SlotBytes / 4096)) + 2 + LogSectors) * 4096;

        public static FleetReport Run(FleetOptions options, TextWriter output, CancellationToken cancel)
        {
            string problem = options.Mix.Check();
            if (problem != null)
            {
                throw new InvalidDataException("the fleet's mix: " + problem);
            }

            using IDisposable ownBroker = StartBroker(options, output, out string host, out int port, out string socket, out string brokerName);
            FleetMix mix = options.Mix;
            long end = (long)(mix.Days * 86_400_000);
            long worldStart = new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
            FleetScheduler scheduler = new FleetScheduler((long)options.Window.TotalMilliseconds, options.Workers);
            using FleetJudge judge = StartReceiver(() => FleetJudge.Start(host, port, options.TopicPrefix, socket), host, port);
            using Monitoring.FleetMonitor monitor = options.MonitorDirectory != null ? StartReceiver(() => Monitoring.FleetMonitor.Start(host, port, options.TopicPrefix, localSocket: socket), host, port) : null;
            List<DeviceProfile> profiles = DeviceProfile.Draw(mix);

            GC.Collect();
            GC.WaitForPendingFinalizers();
            long heapBefore = GC.GetTotalMemory(true);
            long workingSetBefore = Environment.WorkingSet;
            FleetSetup setup = new FleetSetup
            {
                Scheduler = scheduler,
                WorldStartUnixMilliseconds = worldStart,
                EndMilliseconds = end,
                BrokerHost = host,
                BrokerPort = port,
                BrokerSocket = socket,
                TopicPrefix = options.TopicPrefix,
                FlashBytes = FlashBytes,
                FactoryBundle = HostLoader.FactoryBundle(),
                RootKeys = options.RootKeys,
                Defects = options.Defects,
                Cancel = cancel,
            };
            Stopwatch building = Stopwatch.StartNew();
            List<FleetDevice> devices = profiles.Select(p => new FleetDevice(p, setup)).ToList();
            output.WriteLine($"fleet: {devices.Count} devices built in {building.Elapsed.TotalSeconds:0.0} s; broker {brokerName}; {mix.Days:0.##} days on a time line with {options.Window.TotalMinutes:0.#}-minute windows");
            judge.Publish(FleetTopics.Inventory, JsonSerializer.SerializeToUtf8Bytes(profiles.Select(p => new InventoryEntry
            {
                Id = p.Id,
                Kind = p.Kind.Name,
                Role = p.Kind.Role,
                Board = p.Kind.Board,
                SampleIntervalSeconds = p.Kind.SampleIntervalSeconds,
                RadioIntervalSeconds = p.Kind.IsThermostat ? 0 : p.Kind.RadioIntervalSeconds,
            }).ToList(), new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase }), retain: true);

            Stopwatch real = new Stopwatch();
            long? receivedBefore = judge.BrokerCounter("received");
            long? sentBefore = judge.BrokerCounter("sent");
            TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            long heapPeak = 0;
            long workingSetPeak = 0;
            scheduler.At(0, 3_600_000, at => PublishClock(judge, worldStart, at));
            scheduler.At(6 * 3_600_000, 6 * 3_600_000, at =>
            {
                // The receivers keep up: the time line waits for them every six simulated hours.
                if (!judge.Flush(TimeSpan.FromMinutes(15), monitor))
                {
                    throw new TimeoutException("the receivers did not catch up with the broker within 15 minutes: " + judge.FlushProblem(monitor));
                }
            });
            scheduler.At(0, 6 * 3_600_000, at =>
            {
                heapPeak = Math.Max(heapPeak, GC.GetTotalMemory(false));
                workingSetPeak = Math.Max(workingSetPeak, Environment.WorkingSet);
            });
            long progressEvery = (long)options.ProgressEvery.TotalMilliseconds;
            scheduler.At(progressEvery, progressEvery, at => output.WriteLine(
                $"[{DurationText.Stamp(at)}] {real.Elapsed.TotalSeconds,6:0.0} s real, {devices.Count * (at / 86_400_000.0) / Math.Max(0.001, real.Elapsed.TotalSeconds),6:0.0} device-days/s, "
                + $"{judge.Messages:N0} telemetry messages, {GC.GetTotalMemory(false) / (1024 * 1024):N0} MiB managed"));
            options.Prepare?.Invoke(new FleetContext
            {
                Scheduler = scheduler,
                Judge = judge,
                BrokerHost = host,
                BrokerPort = port,
                BrokerSocket = socket,
                TopicPrefix = options.TopicPrefix,
                WorldStartUnixMilliseconds = worldStart,
                EndMilliseconds = end,
                Devices = devices,
            });

            real.Start();
            foreach (FleetDevice device in devices)
            {
                device.Start();
            }

            scheduler.Start();
            // Longer than a flush may take (15 minutes): a receiver that falls behind is named by the flush, not taken for
            // a device that hangs.
            scheduler.WaitFinished(TimeSpan.FromMinutes(20));
            real.Stop();
            TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            PublishClock(judge, worldStart, end);
            if (!judge.Flush(TimeSpan.FromMinutes(15), monitor))
            {
                output.WriteLine("warning: the receivers did not catch up with the broker within 15 minutes: " + judge.FlushProblem(monitor));
            }

            List<DeviceOutcome> outcomes = devices.Select(d =>
            {
                // With the board's power back, the run's end takes what no boot's end read yet: ledger, boot control.
                ReadingLog log = d.ReadLog();
                d.SettleAfterRun();
                return DeviceOutcome.Of(d, log, judge.ReadingsOf(d.Profile.Id));
            }).ToList();
            Monitoring.FleetMetrics metrics = null;
            if (monitor != null)
            {
                metrics = monitor.Metrics();
                Monitoring.MonitorOutput.Write(metrics, options.MonitorDirectory, $"Fleet of {devices.Count} devices, day {mix.Days:0.##}");
            }

            FleetReport report = new FleetReport
            {
                Mix = mix,
                Broker = brokerName,
                Devices = outcomes,
                Monitor = metrics,
                JudgeMalformed = judge.Malformed,
                JudgeLastMalformed = judge.LastMalformed,
                Truth = GroundTruth.Of(devices, outcomes, worldStart, end),
                Scale = new FleetScale
                {
                    Devices = devices.Count,
                    SimulatedDays = mix.Days,
                    RealSeconds = real.Elapsed.TotalSeconds,
                    CpuSeconds = cpu.TotalSeconds,
                    Cores = Environment.ProcessorCount,
                    ManagedBytesPerDevice = Math.Max(0, heapPeak - heapBefore) / devices.Count,
                    WorkingSetBytesPerDevice = Math.Max(0, workingSetPeak - workingSetBefore) / devices.Count,
                    FlashBytesPerDevice = devices.Sum(d => d.Flash.OwnBytes) / devices.Count,
                    Windows = scheduler.Windows,
                    TelemetryMessagesPerSecond = judge.Messages / Math.Max(0.001, real.Elapsed.TotalSeconds),
                    BrokerMessagesReceivedPerSecond = Rate(judge.BrokerCounter("received"), receivedBefore, real.Elapsed),
                    BrokerMessagesSentPerSecond = Rate(judge.BrokerCounter("sent"), sentBefore, real.Elapsed),
                },
            };
            if (options.ReportFile != null)
            {
                report.Write(options.ReportFile);
            }

            return report;
        }

        private static double? Rate(long? after, long? before, TimeSpan real) =>
            after.HasValue && before.HasValue ? (after.Value - before.Value) / Math.Max(0.001, real.TotalSeconds) : null;

        private static void PublishClock(FleetJudge judge, long worldStart, long at)
        {
            judge.Publish(FleetTopics.Clock, JsonSerializer.SerializeToUtf8Bytes(new { unixMs = worldStart + at, simMs = at }), retain: true);
        }

        /// <summary>Starts one of the fleet's receivers; a broker it cannot reach or that refuses it stops the run before it begins, with why.</summary>
        internal static T StartReceiver<T>(Func<T> start, string host, int port)
        {
            try
            {
                return start();
            }
            catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException || e is OperationCanceledException)
            {
                // Below MQTT (refused, no route, no such host) in the twin's words; a refused session in the receiver's.
                string why = e is OperationCanceledException ? BrokerFailure.Endpoint(host, port) + " did not answer"
                    : BrokerFailure.Find<System.Net.Sockets.SocketException>(e) != null ? BrokerFailure.Transport(e, host, port)
                    : e.Message;

                throw new FleetBrokerUnreachableException("the fleet's receivers could not open their sessions with the broker: " + why, e);
            }
        }

        /// <summary>
        /// The broker to use: the one given, else mosquitto started for the run when it is installed, else the embedded
        /// broker. The fleet's own mosquitto also listens on a Unix domain socket, which the devices and the receivers use
        /// (<paramref name="socket"/>; null for TCP): a fleet's sessions are many small round trips, and sending them through
        /// the loopback's TCP was a tenth of all the samples in a profile of a fleet (1,000 devices of the default mix: 870 s
        /// for 30 days over TCP, 710 s through the socket).
        /// </summary>
        private static IDisposable StartBroker(FleetOptions options, TextWriter output, out string host, out int port, out string socket, out string name)
        {
            if (options.BrokerHost != null)
            {
                host = options.BrokerHost;
                port = options.BrokerPort;
                socket = options.BrokerSocket;
                name = $"mqtt://{host}:{port}" + (socket != null ? $" (through {socket})" : string.Empty);
                return null;
            }

            host = "127.0.0.1";
            if (MosquittoBroker.IsInstalled)
            {
                MosquittoBroker mosquitto;
                try
                {
                    mosquitto = MosquittoBroker.Start(MosquittoConfiguration(tcpClients: false), persistent: false, userName: null, password: null, localSocket: true);
                }
                catch (InvalidOperationException e)
                {
                    // A mosquitto before 2.0 has no local listener (and says so by exiting at start): TCP then.
                    output.WriteLine("mosquitto did not start with a local socket, so the fleet uses TCP: " + e.Message);
                    mosquitto = null;
                }

                if (mosquitto != null && mosquitto.LocalSocket == null)
                {
                    if (!OperatingSystem.IsWindows())
                    {
                        output.WriteLine($"the fleet uses TCP: the temporary folder's path ({Path.GetTempPath()}) is too long for a socket's address");
                    }

                    mosquitto.Dispose();
                    mosquitto = null;
                }

                mosquitto ??= MosquittoBroker.Start(MosquittoConfiguration(tcpClients: true));
                port = mosquitto.Port;
                socket = mosquitto.LocalSocket;

                name = $"mosquitto on mqtt://{host}:{port}" + (socket != null ? $" (through {socket})" : string.Empty);
                return mosquitto;
            }

            socket = null;

            output.WriteLine("mosquitto is not installed: using the embedded broker (sudo apt-get install -y mosquitto for the real one)");
            EmbeddedBroker embedded = EmbeddedBroker.Start(0);
            port = embedded.Port;
            name = $"the embedded broker on mqtt://{host}:{port}";
            return embedded;
        }
    }
}
