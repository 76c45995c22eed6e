using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using Firmware.Host.Fleet;
using Firmware.Host.Ota;
using Firmware.Host.Ota.Rollout;

namespace Firmware.Host.Tests.Ota.Rollout
{
    /// <summary>What the rollout engine's tests feed it: signed manifests, a registry, and the devices' status and events as the firmware writes them.</summary>
    public static class RolloutFixture
    {
        public const long Hour = 3_600_000;

        public static readonly RolloutRelease Release = Signed("0.3.0");

        public static readonly RolloutRelease Older = Signed("0.2.0");

        public static RolloutRelease Signed(string version)
        {
            (byte[] privateKey, byte[] publicKey) = OtaKeys.FromSeed(11);
            FirmwareRelease release = new FirmwareRelease
            {
                HardwareModel = "host-twin",
                Version = SemanticVersion.Parse(version),
                ImageUrl = $"http://127.0.0.1:8080/fw-{version}.bin",
                SigningPublicKey = publicKey,
            }.ForImage(Encoding.ASCII.GetBytes("image of " + version));
            return RolloutRelease.Of(ManifestWriter.Firmware(release).Sign(privateKey), version);
        }

        public static RolloutPlan Plan(params double[] waves) => new RolloutPlan
        {
            Waves = waves.Length == 0 ? new List<double> { 0.5, 5, 25, 100 } : waves.ToList(),
            SoakMilliseconds = 24 * Hour,
            ConfirmTimeoutMilliseconds = 12 * Hour,
            FailureThreshold = 0.02,
            Seed = 5,
        };

        public static RolloutEngine Engine(RolloutPlan plan) => RolloutEngine.Start(plan, Release, "sensors", "ota-rollout-test", 0);

        /// <summary>The registry of <paramref name="count"/> devices: the first <paramref name="liion"/> on the Li-ion board, the rest on the common one.</summary>
        public static RolloutMessage Inventory(int count, int liion) => new RolloutMessage(FleetTopics.Inventory, JsonSerializer.SerializeToUtf8Bytes(
            Enumerable.Range(1, count).Select(i => new InventoryEntry { Id = Id(i), Kind = i <= liion ? "sensor-liion" : "sensor", Role = "sensor", Board = i <= liion ? "esp32-wroom-liion" : "esp32-wroom-2aa" }).ToList(),
            new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase }), true, 0);

        public static string Id(int i) => $"dev-{i:D5}";

        public static RolloutMessage Status(string id, string fw, long at, bool retained = false, string state = "sleeping", bool trial = false) => new RolloutMessage(
            $"sensors/{id}/status",
            Encoding.UTF8.GetBytes($"{{\"state\":\"{state}\",\"fw\":\"{fw}\",\"mode\":\"battery\",\"ota\":{{\"slot\":0,\"running\":\"{fw}\",\"state\":\"{(trial ? "trial" : "idle")}\",\"minCounter\":0}}}}"),
            retained,
            at);

        public static RolloutMessage Event(string id, string outcome, string version, long at, string reason = null) => new RolloutMessage(
            $"sensors/{id}/events",
            Encoding.UTF8.GetBytes($"{{\"event\":\"ota\",\"outcome\":\"{outcome}\"{(reason != null ? $",\"reason\":\"{reason}\"" : string.Empty)},\"version\":\"{version}\",\"previous\":\"0.2.0\"}}"),
            false,
            at);

        /// <summary>An engine that heard a registry of <paramref name="count"/> devices and a retained status of each of the first <paramref name="heard"/>.</summary>
        public static RolloutEngine Heard(RolloutPlan plan, int count, int liion, int heard)
        {
            RolloutEngine engine = Engine(plan);
            engine.Observe(Inventory(count, liion));
            for (int i = 1; i <= heard; i++)
            {
                engine.Observe(Status(Id(i), "0.2.0", 0, retained: true));
            }

            return engine;
        }

        /// <summary>The devices a list of publishes announced the release to (a manifest on their ota topic).</summary>
        public static List<string> Announced(IEnumerable<RolloutPublication> publications, RolloutRelease release = null) => publications
            .Where(p => p.Topic.EndsWith("/ota", System.StringComparison.Ordinal) && p.Payload.Length > 0 && p.Payload.AsSpan().SequenceEqual((release ?? Release).Manifest))
            .Select(p => p.Topic.Split('/')[1]).ToList();

        /// <summary>The devices whose announce a list of publishes withdrew (an empty retained publish on their ota topic).</summary>
        public static List<string> Withdrawn(IEnumerable<RolloutPublication> publications) => publications
            .Where(p => p.Topic.EndsWith("/ota", System.StringComparison.Ordinal) && p.Payload.Length == 0 && p.Retain)
            .Select(p => p.Topic.Split('/')[1]).ToList();

        /// <summary>Every member of a wave reports its update (a session, then the updated event).</summary>
        public static void UpdateAll(RolloutEngine engine, long at, int wave)
        {
            foreach (DeviceRollout device in engine.State.Devices.Values.Where(d => d.Wave == wave).ToList())
            {
                engine.Observe(Status(device.Id, "0.2.0", at, state: "online"));
                engine.Observe(Event(device.Id, "updated", Release.Version, at));
            }
        }
    }
}
