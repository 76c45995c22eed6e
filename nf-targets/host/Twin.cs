using System;
using System.IO;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using Firmware.Device;
using Firmware.Host.Boot;
using Firmware.Host.Mqtt;

namespace Firmware.Host
{
    /// <summary>
    /// Runs one simulated device (<see cref="TwinDevice"/>) against a broker, with an independent subscriber
    /// that judges what was delivered.
    /// </summary>
    public static class Twin
    {
        public static TwinReport Run(TwinOptions options, TextWriter output, CancellationToken cancel)
        {
            DateTime realStart = DateTime.UtcNow;
            using EmbeddedBroker broker = options.UseEmbeddedBroker ? EmbeddedBroker.Start(options.EmbeddedPort) : null;
            string host = broker != null ? "127.0.0.1" : options.BrokerHost;
            int port = broker != null ? broker.Port : options.BrokerPort;
            JsonObject configuration = DeployedConfiguration(options, host, port);
            string prefix = (string)configuration["topicPrefix"] ?? new DeviceConfig().TopicPrefix;
            string deviceId = (string)configuration["deviceId"];
            output.WriteLine(broker != null
                ? $"embedded MQTT broker on mqtt://127.0.0.1:{port}"
                : $"using MQTT broker mqtt://{host}:{port}");
            output.WriteLine($"device {deviceId}: telemetry on {prefix}/{deviceId}/telemetry, speed x{options.Speed}");

            using TelemetryObserver observer = TelemetryObserver.Start(host, port, $"{prefix}/{deviceId}/telemetry");
            using TwinDevice device = new TwinDevice(options, deviceId, Encoding.UTF8.GetBytes(configuration.ToJsonString()), output, cancel);
            output.WriteLine($"OTA: model {HostLoader.HardwareModel}, announces on {prefix}/{deviceId}/ota, {options.RootKeys.Count} trusted root key(s)");
            device.Run();

            // Let the last PUBACKed messages reach the observer before judging.
            Thread.Sleep(200);
            return new TwinReport
            {
                DeviceTime = TimeSpan.FromMilliseconds(device.Clock.TotalMilliseconds),
                RealTime = DateTime.UtcNow - realStart,
                Boots = device.Boots,
                Sampled = device.Sensor.MeasurementCount,
                Received = observer.Sequences,
                RadioSessions = device.Network.ConnectCount,
            };
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
