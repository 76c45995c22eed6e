using System;
using System.IO;
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
using Firmware.Storage;
using MQTTnet.Exceptions;

namespace Firmware.Host
{
    /// <summary>
    /// Runs one simulated device: builds the simulated hardware as a board would, then acts as the
    /// host's loader, booting the application again after every deep sleep or reboot it asks for.
    /// </summary>
    public static class Twin
    {
        /// <summary>The simulated flash region: 1 MiB of 4 KiB sectors (two 256 KiB OTA slots, a 496 KiB log).</summary>
        public const int FlashSize = 1024 * 1024;

        public static TwinReport Run(TwinOptions options, TextWriter output, CancellationToken cancel)
        {
            DateTime realStart = DateTime.UtcNow;
            using EmbeddedBroker broker = options.UseEmbeddedBroker ? EmbeddedBroker.Start(options.EmbeddedPort) : null;
            string host = broker != null ? "127.0.0.1" : options.BrokerHost;
            int port = broker != null ? broker.Port : options.BrokerPort;
            VirtualClock clock = new VirtualClock(options.Speed, cancel);

            // With faults the device reaches the broker only through the proxy; the judge connects directly.
            using FaultProxy proxy = options.Faults.IsActive ? FaultProxy.Start(options.Faults, host, port, () => clock.TotalMilliseconds) : null;
            JsonObject configuration = proxy != null
                ? DeployedConfiguration(options, "127.0.0.1", proxy.Port)
                : DeployedConfiguration(options, host, port);
            string prefix = (string)configuration["topicPrefix"] ?? new DeviceConfig().TopicPrefix;
            string deviceId = (string)configuration["deviceId"];
            output.WriteLine(broker != null
                ? $"embedded MQTT broker on mqtt://127.0.0.1:{port}"
                : $"using MQTT broker mqtt://{host}:{port}");
            output.WriteLine($"device {deviceId} ({options.Role}): telemetry on {prefix}/{deviceId}/telemetry, speed x{options.Speed}");
            if (proxy != null)
            {
                output.WriteLine($"fault injection through mqtt://127.0.0.1:{proxy.Port}: {options.Faults.Describe()}");
            }

            string flashPath = options.FlashPathFor(deviceId);
            using SimulatedNorFlash flash = SimulatedNorFlash.OpenFile(flashPath, FlashSize, 4096, options.Fresh);
            output.WriteLine($"flash: {flashPath}{(options.Fresh ? " (erased)" : "")}");
            using TelemetryObserver observer = StartObserver(host, port, $"{prefix}/{deviceId}/telemetry", output);
            clock.SetUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            HostPower power = new HostPower(clock, (long)options.Duration.TotalMilliseconds, cancel);
            HostNetwork network = new HostNetwork();
            using MqttNetLink mqtt = new MqttNetLink();
            SimulatedClimateSensor sensor = new SimulatedClimateSensor(clock, options.Seed);
            ThermostatScenarioOptions room = new ThermostatScenarioOptions { StartUnixTimeMilliseconds = clock.UnixTimeMilliseconds };
            ThermostatRig thermostat = options.IsThermostat ? new ThermostatRig(clock, () => clock.TotalMilliseconds, room) : null;
            BatteryGaugeProfile batteryProfile = new BatteryGaugeProfile(BatteryCurve.TwoAlkalineCellsBoosted(), 1_000_000, 1_000_000);
            Platform platform = new Platform
            {
                HardwareId = deviceId,
                DeployedConfiguration = Encoding.UTF8.GetBytes(configuration.ToJsonString()),
                Clock = clock,
                Flash = flash,
                Sensors = new ISensor[] { thermostat != null ? thermostat.Sensor : sensor },
                Relay = thermostat?.Relay,
                Battery = thermostat == null ? SimulatedBatteryAdc.Gauge(new SimulatedBattery(batteryProfile.Curve, 2500), batteryProfile) : null,
                Network = network,
                Mqtt = mqtt,
                Power = power,
                Random = new SeededRandom(options.Seed),
                Log = new ConsoleLog(clock, output, options.Quiet ? LogLevel.Warning : LogLevel.Info),
            };

            int boots = 0;
            WakeCause cause = WakeCause.PowerOn;
            while (!power.StopRequested)
            {
                boots++;
                power.BeginBoot(cause);
                IApplication application = new Application();
                application.Run(platform);
                if (power.RequestedSleepMilliseconds >= 0)
                {
                    network.Disconnect();
                    mqtt.Dispose();
                    clock.DeepSleepAndBoot(power.RequestedSleepMilliseconds);
                    cause = WakeCause.Timer;
                }
                else if (power.RebootRequested)
                {
                    network.Disconnect();
                    mqtt.Dispose();
                    clock.BeginBoot();
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
            ReadingLog log = new ReadingLog(FlashLayout.Standard(flash).Log);
            log.Mount();
            return new TwinReport
            {
                DeviceTime = TimeSpan.FromMilliseconds(clock.TotalMilliseconds),
                RealTime = DateTime.UtcNow - realStart,
                Boots = boots,
                Sampled = thermostat != null ? thermostat.Samples.Count : sensor.MeasurementCount,
                Received = observer?.Sequences ?? Array.Empty<long>(),
                Observed = observer != null,
                RadioSessions = network.ConnectCount,
                FlashFile = flashPath,
                StoredHeld = log.Held,
                StoredDropped = log.Dropped,
                NextSequence = log.NextSequence,
                Thermostat = thermostat == null ? null : ThermostatReport(thermostat, room, clock, options),
                Faults = proxy?.Summary(),
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
            catch (Exception e) when (e is MqttCommunicationException || e is OperationCanceledException)
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
            return json;
        }
    }
}
