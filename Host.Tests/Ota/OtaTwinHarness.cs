using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using Firmware.Host.Mqtt;
using Firmware.Host.Boot;
using Firmware.Host.Hardware;
using Firmware.Host.Ota;
using Firmware.Host.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Ota
{
    /// <summary>
    /// One host twin with OTA, end to end: mosquitto, a Range HTTP server for images, an operator that publishes
    /// retained announces, an independent judge subscribed to the device's topics, and the twin running on its own
    /// thread with the given factory bundle and root key. The twin drives the updater itself (its firmware's OTA
    /// participant hears the announce topic in its radio sessions and publishes on the events topic). The device is
    /// the battery sensor: every wake is a boot through the loader; it samples every minute and, unless the test
    /// configures otherwise, runs a radio session every fifth wake.
    /// </summary>
    internal sealed class OtaTwinHarness : IDisposable
    {
        public const string DeviceId = "twin-1";
        public const string Root = "sensors/twin-1/";

        private readonly MosquittoBroker _broker;
        private readonly Subscriber _judge;
        private readonly Announcer _operator;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly StringWriter _log = new StringWriter();
        private readonly Thread _runner;
        private Exception _failure;

        /// <param name="factoryBundle">The image the device starts with.</param>
        /// <param name="configuration">Extra keys of the deployed configuration (JSON members without braces), or null.</param>
        public OtaTwinHarness(byte[] factoryBundle, string configuration = null)
        {
            _broker = MosquittoBroker.Start();
            Http = RangeHttpServer.Start();
            _judge = Subscriber.Start(_broker.Port, Root + "#");
            _operator = Announcer.Start(_broker.Port);
            TwinOptions options = new TwinOptions { Speed = 6000, FactoryBundle = factoryBundle };
            options.RootKeys.Add(Key.Public);
            string deployed = $"{{\"deviceId\":\"{DeviceId}\",\"brokerHost\":\"127.0.0.1\",\"brokerPort\":{_broker.Port},\"sampleIntervalSeconds\":60,"
                + (configuration ?? "\"radioIntervalSeconds\":300") + "}";
            VirtualClock clock = new VirtualClock(options.Speed, _stop.Token);
            clock.SetUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            Device = new TwinDevice(options, clock, new SimulatedNorFlash(global::Firmware.Host.Twin.FlashSize), DeviceId, Encoding.UTF8.GetBytes(deployed), TextWriter.Synchronized(_log), _stop.Token);
            _runner = new Thread(() =>
            {
                try
                {
                    Device.Run();
                }
                catch (Exception e)
                {
                    _failure = e;
                }
            })
            { IsBackground = true, Name = "twin" };
            _runner.Start();
        }

        /// <summary>The operator's signing key, a root key of the twin's loader.</summary>
        public static (byte[] Private, byte[] Public) Key { get; } = OtaKeys.FromSeed(42);

        /// <summary>A key the twin does not trust.</summary>
        public static (byte[] Private, byte[] Public) Stranger { get; } = OtaKeys.FromSeed(43);

        public RangeHttpServer Http { get; }

        public TwinDevice Device { get; }

        /// <summary>Signs a manifest for an image served at /<paramref name="name"/>.</summary>
        public byte[] Release(string name, byte[] image, string version, long counter, (byte[] Private, byte[] Public)? key = null, string model = HostLoader.HardwareModel)
        {
            (byte[] privateKey, byte[] publicKey) = key ?? Key;
            BundleWriter.Read(image);
            FirmwareRelease release = new FirmwareRelease
            {
                HardwareModel = model,
                Version = SemanticVersion.Parse(version),
                SecurityCounter = counter,
                RuntimeVersion = HostLoader.RuntimeVersion,
                ChunkSize = 4096,
                ImageUrl = Http.Url(name),
                SigningPublicKey = publicKey,
            }.ForImage(image);
            return ManifestWriter.Firmware(release).Sign(privateKey);
        }

        public void Announce(byte[] manifest) => _operator.PublishRetained(Root + "ota", manifest);

        /// <summary>Every OTA event the judge received, in order.</summary>
        public IReadOnlyList<JsonObject> Events() =>
            _judge.Messages.Where(m => m.Topic == Root + "events").Select(m => JsonNode.Parse(m.Payload) as JsonObject).Where(e => (string)e?["event"] == "ota").ToList();

        /// <summary>
        /// The OTA events that report an outcome (updated, rolled back, rejected, keys updated), in order: without the
        /// answers that an announce was accepted (a download starts), deferred or ignored, and reports of a download's progress.
        /// </summary>
        public IReadOnlyList<JsonObject> Outcomes() =>
            Events().Where(e => (string)e["outcome"] != "accepted" && (string)e["outcome"] != "deferred" && (string)e["outcome"] != "ignored" && (string)e["outcome"] != "downloading").ToList();

        /// <summary>The firmware version in the device's latest status record.</summary>
        public string StatusFirmware() =>
            _judge.Messages.Where(m => m.Topic == Root + "status").Select(m => (string)JsonNode.Parse(m.Payload)?["fw"]).LastOrDefault(v => v != null);

        /// <summary>Waits for an OTA event with this outcome (and version) beyond the first <paramref name="after"/> <see cref="Outcomes"/>.</summary>
        public JsonObject WaitForEvent(int after, string outcome, string version, TimeSpan timeout)
        {
            JsonObject found = null;
            WaitUntil(() => (found = Outcomes().Skip(after).FirstOrDefault(e => (string)e["outcome"] == outcome && (version == null || (string)e["version"] == version))) != null,
                timeout, $"an '{outcome}' event for {version}");
            return found;
        }

        public void WaitUntil(Func<bool> condition, TimeSpan timeout, string what)
        {
            DateTime deadline = DateTime.UtcNow + timeout;
            while (!condition())
            {
                if (_failure != null)
                {
                    Assert.Fail($"the twin failed while waiting for {what}: {_failure}\n{Tail()}");
                }

                if (DateTime.UtcNow > deadline)
                {
                    Assert.Fail($"no {what} within {timeout.TotalSeconds} s; events: {string.Join(" | ", Events().Select(e => e.ToJsonString()))}\n{Tail()}");
                }

                Thread.Sleep(20);
            }
        }

        /// <summary>The twin's console output so far.</summary>
        public string Log => _log.ToString();

        /// <summary>The OTA object of the device's latest status record, or null.</summary>
        public JsonObject StatusOta() =>
            _judge.Messages.Where(m => m.Topic == Root + "status").Select(m => JsonNode.Parse(m.Payload)?["ota"] as JsonObject).LastOrDefault(v => v != null);

        /// <summary>The end of the twin's log, for failure messages.</summary>
        public string Tail()
        {
            string[] lines = _log.ToString().Split('\n');
            return string.Join("\n", lines.Skip(Math.Max(0, lines.Length - 60)));
        }

        public void Dispose()
        {
            _stop.Cancel();
            if (!_runner.Join(TimeSpan.FromSeconds(20)))
            {
                Console.WriteLine("the twin did not stop within 20 s");
            }

            Device.Dispose();
            _operator.Dispose();
            _judge.Dispose();
            Http.Dispose();
            _broker.Dispose();
        }
    }
}
