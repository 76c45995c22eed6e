using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using Firmware.Boot;
using Firmware.Device;
using Firmware.Drivers.Battery;
using Firmware.Drivers.SimulatedClimate;
using Firmware.Host.Faults;
using Firmware.Host.Hardware;
using Firmware.Host.Mqtt;
using Firmware.Host.Scenarios;
using Firmware.Ports;
using Firmware.Power;
using Firmware.Storage;
using MQTTnet.Exceptions;

namespace Firmware.Host
{
    /// <summary>
    /// Runs one simulated device: builds the simulated hardware as a board would, then acts as the host's
    /// loader, booting the application again after every deep sleep or reboot it asks for (a battery sensor
    /// boots once per sample; a mains thermostat runs on). Between boots it passes the board's boot time and
    /// drains the simulated battery by what the device's own energy ledger accounted.
    /// </summary>
    public static class Twin
    {
        /// <summary>The simulated flash region: 1 MiB of 4 KiB sectors (two 256 KiB OTA slots, a 496 KiB log).</summary>
        public const int FlashSize = 1024 * 1024;

        /// <summary>The simulated battery (2×AA through a boost converter, usable capacity).</summary>
        public const int BatteryMilliampHours = 2500;

        public static TwinReport Run(TwinOptions options, TextWriter output, CancellationToken cancel)
        {
            DateTime realStart = DateTime.UtcNow;
            using EmbeddedBroker broker = options.UseEmbeddedBroker ? EmbeddedBroker.Start(options.EmbeddedPort) : null;
            string host = broker != null ? "127.0.0.1" : options.BrokerHost;
            int port = broker != null ? broker.Port : options.BrokerPort;
            VirtualClock clock = new VirtualClock(options.Speed, cancel);

            // With faults the device reaches the broker only through the proxy; the judge connects directly.
            using FaultProxy proxy = options.Faults.IsProxied ? FaultProxy.Start(options.Faults, host, port, () => clock.TotalMilliseconds) : null;
            JsonObject configuration = proxy != null
                ? DeployedConfiguration(options, "127.0.0.1", proxy.Port)
                : DeployedConfiguration(options, host, port);
            string prefix = (string)configuration["topicPrefix"] ?? new DeviceConfig().TopicPrefix;
            string deviceId = (string)configuration["deviceId"];
            BoardProfile board = BoardProfiles.ByName((string)configuration["boardProfile"] ?? new DeviceConfig().BoardProfile)
                ?? throw new InvalidDataException("boardProfile must be one of " + BoardProfiles.Names);
            output.WriteLine(broker != null
                ? $"embedded MQTT broker on mqtt://127.0.0.1:{port}"
                : $"using MQTT broker mqtt://{host}:{port}");
            output.WriteLine($"device {deviceId} ({options.Role}): telemetry on {prefix}/{deviceId}/telemetry, speed x{options.Speed}");
            if (options.Faults.IsActive)
            {
                output.WriteLine($"fault injection{(proxy != null ? $" through mqtt://127.0.0.1:{proxy.Port}" : string.Empty)}: {options.Faults.Describe()}");
            }

            string flashPath = options.FlashPathFor(deviceId);
            using SimulatedNorFlash flash = SimulatedNorFlash.OpenFile(flashPath, options.FlashSizeBytes, 4096, options.Fresh);
            output.WriteLine($"flash: {flashPath}{(options.Fresh ? " (erased)" : string.Empty)}");
            using TelemetryObserver observer = StartObserver(host, port, $"{prefix}/{deviceId}/telemetry", output);

            // The world's time: the device learns it only from network time at its first radio session.
            long worldStart = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            HostPower power = new HostPower(clock, (long)options.Duration.TotalMilliseconds, cancel);
            HostNetwork network = new HostNetwork(clock, () => worldStart + clock.TotalMilliseconds)
            {
                ConnectMilliseconds = (int)options.WifiConnect.TotalMilliseconds,
                FailureTakesTimeout = true,
                DownAt = () => options.Faults.IsNetworkDown(clock.TotalMilliseconds),
                AcceptedSsid = options.AcceptedSsid,
            };
            using MqttNetLink link = new MqttNetLink();
            IMqttLink mqtt = options.RadioRoundTrip > TimeSpan.Zero ? new RoundTripLink(link, clock, (int)options.RadioRoundTrip.TotalMilliseconds, options.RealReceiveWaitMilliseconds) : link;
            SimulatedClimateSensor sensor = new SimulatedClimateSensor(clock, options.Seed);
            ThermostatScenarioOptions room = new ThermostatScenarioOptions { StartUnixTimeMilliseconds = worldStart };
            ThermostatRig thermostat = options.IsThermostat ? new ThermostatRig(clock, () => clock.TotalMilliseconds, room) : null;
            BatteryGaugeProfile batteryProfile = new BatteryGaugeProfile(BatteryCurve.TwoAlkalineCellsBoosted(), 1_000_000, 1_000_000);
            SimulatedBattery battery = new SimulatedBattery(batteryProfile.Curve, BatteryMilliampHours);
            Platform platform = new Platform
            {
                HardwareId = deviceId,
                DeployedConfiguration = Encoding.UTF8.GetBytes(configuration.ToJsonString()),
                Clock = clock,
                Flash = flash,
                Sensors = new ISensor[] { thermostat != null ? thermostat.Sensor : sensor },
                Relay = thermostat?.Relay,
                Battery = thermostat == null ? SimulatedBatteryAdc.Gauge(battery, batteryProfile) : null,
                Network = network,
                Mqtt = mqtt,
                Power = power,
                Random = new SeededRandom(options.Seed),
                Log = new ConsoleLog(clock, output, options.Quiet ? LogLevel.Warning : LogLevel.Info),
            };

            if (options.FactoryReset)
            {
                Firmware.Application.FactoryReset(platform);
            }

            DeviceStorage before = new DeviceStorage(flash);
            before.Log.Mount();
            long firstSequence = before.Log.NextSequence;
            LedgerReader ledger = new LedgerReader(flash, board);
            TwinProgress progress = new TwinProgress(output, options.Duration, clock, sensor, thermostat, observer, battery);

            int boots = 0;
            WakeCause cause = WakeCause.PowerOn;
            while (!power.StopRequested)
            {
                boots++;
                power.BeginBoot(cause);
                IApplication application = new Application();
                application.Run(platform);
                battery.Draw(ledger.TakeNewCharge());
                progress.Report(ledger);
                if (power.RequestedSleepMilliseconds >= 0)
                {
                    network.Disconnect();
                    link.Dispose();
                    clock.DeepSleepAndBoot(power.RequestedSleepMilliseconds + board.BootMilliseconds);
                    cause = WakeCause.Timer;
                }
                else if (power.RebootRequested)
                {
                    network.Disconnect();
                    link.Dispose();
                    clock.DeepSleepAndBoot(board.BootMilliseconds);
                    cause = WakeCause.Reboot;
                }
                else
                {
                    break;
                }
            }

            // Let the last PUBACKed messages reach the observer before judging.
            Thread.Sleep(200);
            flash.Sync();
            DeviceStorage after = new DeviceStorage(flash);
            after.Log.Mount();
            EnergyLedger accounted = ledger.Latest;
            return new TwinReport
            {
                DeviceTime = TimeSpan.FromMilliseconds(clock.TotalMilliseconds),
                RealTime = DateTime.UtcNow - realStart,
                Boots = boots,
                Sampled = thermostat != null ? thermostat.Samples.Count : sensor.MeasurementCount,
                Received = observer?.Sequences ?? Array.Empty<long>(),
                Observed = observer != null,
                RadioSessions = network.ConnectCount,
                FailedRadioSessions = network.FailedCount,
                FlashFile = flashPath,
                StoredHeld = after.Log.Held,
                StoredOldest = after.Log.OldestSequence,
                StoredDropped = after.Log.Dropped,
                DroppedThisRun = after.Log.Dropped - before.Log.Dropped,
                FirstSequence = firstSequence,
                NextSequence = after.Log.NextSequence,
                Ledger = accounted,
                BatteryMilliampHours = BatteryMilliampHours,
                BatteryLeftPercent = battery.ChargePercent,
                Thermostat = thermostat == null ? null : ThermostatReport(thermostat, room, clock, options),
                Faults = proxy?.Summary(),
                ConnectionsCut = proxy == null ? 0 : proxy.CutByWindow + proxy.CutAfterPackets,
            };
        }

        private static ThermostatScenarioResult ThermostatReport(ThermostatRig rig, ThermostatScenarioOptions room, VirtualClock clock, TwinOptions options)
        {
            room.Duration = TimeSpan.FromMilliseconds(Math.Max(60_000, clock.TotalMilliseconds));
            room.SampleIntervalSeconds = (int)options.SampleInterval.TotalSeconds;
            room.NetworkUp = true;
            return ThermostatScenarioResult.FromRig(rig, room, new Firmware.Control.ThermostatSettings());
        }

        /// <summary>The independent subscriber, or null (with a warning) when the broker cannot be reached now.</summary>
        private static TelemetryObserver StartObserver(string host, int port, string topic, TextWriter output)
        {
            try
            {
                return TelemetryObserver.Start(host, port, topic);
            }
            catch (Exception e) when (e is MqttCommunicationException || e is OperationCanceledException || e is IOException)
            {
                output.WriteLine($"warning: the observer cannot reach the broker ({e.Message}); deliveries are not judged in this run");
                return null;
            }
        }

        /// <summary>The configuration file's JSON with the command line's choices laid over it.</summary>
        private static JsonObject DeployedConfiguration(TwinOptions options, string host, int port)
        {
            JsonObject json = options.ConfigFile != null
                ? JsonNode.Parse(File.ReadAllText(options.ConfigFile)) as JsonObject
                    ?? throw new InvalidDataException($"{options.ConfigFile} must hold a JSON object")
                : new JsonObject();
            if (options.DeviceId != null || json["deviceId"] == null)
            {
                json["deviceId"] = options.DeviceId ?? "twin-1";
            }

            json["brokerHost"] = host;
            json["brokerPort"] = port;
            json["sampleIntervalSeconds"] = (int)options.SampleInterval.TotalSeconds;
            if (options.RadioInterval > TimeSpan.Zero)
            {
                json["radioIntervalSeconds"] = (int)options.RadioInterval.TotalSeconds;
            }

            return json;
        }

        /// <summary>
        /// Reads the device's energy ledger back from the state store in flash after each boot (the device writes it at
        /// the end of every wake), so the simulated battery is drained by exactly what the firmware accounted.
        /// </summary>
        public sealed class LedgerReader
        {
            private readonly SimulatedNorFlash _flash;
            private readonly BoardProfile _board;
            private long _lastNanoampHours;

            public LedgerReader(SimulatedNorFlash flash, BoardProfile board)
            {
                _flash = flash;
                _board = board;
                Latest = new EnergyLedger(board);
            }

            /// <summary>The ledger as the device last saved it.</summary>
            public EnergyLedger Latest { get; private set; }

            /// <summary>Charge accounted since the last call, µAh.</summary>
            public double TakeNewCharge()
            {
                StateStore state = new StateStore(FlashLayout.Standard(_flash).State);
                state.Mount();
                EnergyLedger ledger = new EnergyLedger(_board);
                WakeState wake = new WakeState(ledger, new Backoff(1, 1));
                if (!wake.Load(state))
                {
                    return 0;
                }

                long total = ledger.TotalNanoampHours;
                long delta = total >= _lastNanoampHours ? total - _lastNanoampHours : total;
                _lastNanoampHours = total;
                Latest = ledger;
                return delta / 1000.0;
            }
        }
    }
}
