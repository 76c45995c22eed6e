using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using MQTTnet;
using MQTTnet.Formatter;

namespace Firmware.Host
{
    /// <summary>
    /// An independent subscriber on the device's telemetry topic: what a receiver really got, for the
    /// run's report (delivered, duplicated, missing). It is not part of the firmware.
    /// </summary>
    public sealed class TelemetryObserver : IDisposable
    {
        private readonly IMqttClient _client;
        private readonly object _gate = new object();
        private readonly List<long> _sequences = new List<long>();
        private int _malformed;

        private TelemetryObserver(IMqttClient client)
        {
            _client = client;
        }

        /// <summary>Subscribes to <paramref name="topic"/> and collects every "seq" value of every SenML pack.</summary>
        public static TelemetryObserver Start(string host, int port, string topic)
        {
            MqttClientFactory factory = new MqttClientFactory();
            IMqttClient client = factory.CreateMqttClient();
            TelemetryObserver observer = new TelemetryObserver(client);
            client.ApplicationMessageReceivedAsync += e =>
            {
                observer.Collect(e.ApplicationMessage.Payload.ToArray());
                return Task.CompletedTask;
            };
            MqttClientOptions options = factory.CreateClientOptionsBuilder()
                .WithTcpServer(host, port)
                .WithProtocolVersion(MqttProtocolVersion.V311)
                .WithClientId("twin-observer-" + Guid.NewGuid().ToString("N").Substring(0, 8))
                .WithCleanSession(true)
                .Build();
            using CancellationTokenSource timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            client.ConnectAsync(options, timeout.Token).GetAwaiter().GetResult();
            client.SubscribeAsync(factory.CreateSubscribeOptionsBuilder().WithTopicFilter(topic, MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce).Build(), timeout.Token)
                .GetAwaiter().GetResult();
            return observer;
        }

        /// <summary>Every sequence number received, in arrival order.</summary>
        public long[] Sequences
        {
            get
            {
                lock (_gate)
                {
                    return _sequences.ToArray();
                }
            }
        }

        public int Malformed => _malformed;

        /// <summary>Distinct sequence numbers received so far.</summary>
        public int Distinct
        {
            get
            {
                lock (_gate)
                {
                    return new HashSet<long>(_sequences).Count;
                }
            }
        }

        /// <summary>Extracts the sequence numbers of a SenML pack; false when it is not one.</summary>
        public static bool TryReadSequences(byte[] payload, List<long> into)
        {
            return TryReadPack(payload, out _, into);
        }

        /// <summary>
        /// Extracts a SenML pack's log epoch (its "epoch" record; -1 when it has none) and its readings' sequence
        /// numbers; false when it is not a pack. A receiver identifies a reading by device, epoch and sequence.
        /// </summary>
        public static bool TryReadPack(byte[] payload, out long epoch, List<long> sequences)
        {
            epoch = -1;
            try
            {
                using JsonDocument document = JsonDocument.Parse(payload);
                if (document.RootElement.ValueKind != JsonValueKind.Array)
                {
                    return false;
                }

                foreach (JsonElement record in document.RootElement.EnumerateArray())
                {
                    if (!record.TryGetProperty("n", out JsonElement name))
                    {
                        continue;
                    }

                    if (name.GetString() == "seq")
                    {
                        sequences.Add(record.GetProperty("v").GetInt64());
                    }
                    else if (name.GetString() == "epoch")
                    {
                        epoch = record.GetProperty("v").GetInt64();
                    }
                }

                return true;
            }
            catch (Exception e) when (e is JsonException || e is InvalidOperationException || e is FormatException || e is KeyNotFoundException)
            {
                return false;
            }
        }

        public void Dispose()
        {
            try
            {
                using CancellationTokenSource timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                _client.DisconnectAsync(new MqttClientDisconnectOptions(), timeout.Token).GetAwaiter().GetResult();
            }
            catch (Exception)
            {
                // Best effort at shutdown: the observer holds nothing that must be saved.
            }

            _client.Dispose();
        }

        private void Collect(byte[] payload)
        {
            List<long> found = new List<long>();
            if (!TryReadSequences(payload, found))
            {
                Interlocked.Increment(ref _malformed);
                return;
            }

            lock (_gate)
            {
                _sequences.AddRange(found);
            }
        }
    }
}
