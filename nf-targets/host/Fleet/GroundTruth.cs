using System;
using System.Collections.Generic;
using System.Linq;
using Firmware.Host.Fleet.Monitoring;

namespace Firmware.Host.Fleet
{
    /// <summary>
    /// The monitor's metrics computed from the simulator's own knowledge, with the same definitions: which devices
    /// reached the broker and when each of their connections began and ended, what they sampled, their batteries. A
    /// monitor that agrees with it measures the fleet right from MQTT alone.
    /// </summary>
    public sealed class GroundTruth
    {
        public int Registered { get; init; }

        public int Activated { get; init; }

        public double ActivationRate => Registered == 0 ? 0 : (double)Activated / Registered;

        public double BatteryUptime { get; init; }

        public double MainsUptime { get; init; }

        public double ConnectivityUptime { get; init; }

        public int MonthlyActiveDevices { get; init; }

        public long ReadingsDelivered { get; init; }

        public long ReadingsCommitted { get; init; }

        public double MeanBatteryPercent { get; init; }

        /// <summary>Activated devices by the firmware they run at the end.</summary>
        public SortedDictionary<string, int> Running { get; init; } = new SortedDictionary<string, int>(StringComparer.Ordinal);

        /// <summary>Devices by every firmware their loader ever booted (an image that crashed on trial included).</summary>
        public SortedDictionary<string, int> Booted { get; init; } = new SortedDictionary<string, int>(StringComparer.Ordinal);

        /// <summary>Update outcomes by version as the devices' boot control recorded them: updated (confirmed) and rolled back.</summary>
        public SortedDictionary<string, SortedDictionary<string, int>> UpdateOutcomes { get; init; } = new SortedDictionary<string, SortedDictionary<string, int>>(StringComparer.Ordinal);

        /// <summary>Refusals, all versions, as the devices' updaters counted them in their records (<see cref="DeviceOutcome.Refusals"/>).</summary>
        public long Refused { get; init; }

        /// <summary>The update success rate (<see cref="UpdateSuccess"/>) over those outcomes and refusals; null when none ended.</summary>
        public double? UpdateSuccessRate { get; init; }

        /// <summary>The figures of a run's devices as of <paramref name="now"/> (time-line ms; <paramref name="worldStart"/> turns it into Unix ms).</summary>
        public static GroundTruth Of(IReadOnlyList<FleetDevice> devices, IReadOnlyList<DeviceOutcome> outcomes, long worldStart, long now)
        {
            long expectedBattery = 0, happenedBattery = 0, expectedMains = 0, happenedMains = 0;
            int monthly = 0;
            for (int i = 0; i < devices.Count; i++)
            {
                FleetDevice device = devices[i];
                IReadOnlyList<(long From, long Until)> connections = device.Link?.Connections ?? Array.Empty<(long, long)>();
                if (connections.Count == 0)
                {
                    continue;
                }

                monthly += connections.Max(c => c.Until) >= now - (30 * 24 * Uptime.Hour) ? 1 : 0;
                if (device.Device.IsMains)
                {
                    (long expected, long happened) = Uptime.Slots(Uptime.HoursConnected(connections), Uptime.Hour, now);
                    expectedMains += expected;
                    happenedMains += happened;
                }
                else
                {
                    (long expected, long happened) = Uptime.Slots(connections.Select(c => c.From), device.Profile.Kind.RadioIntervalSeconds * 1000L, now);
                    expectedBattery += expected;
                    happenedBattery += happened;
                }
            }

            List<DeviceOutcome> battery = outcomes.Where(o => o.BatteryPercent.HasValue && o.Activated).ToList();
            SortedDictionary<string, SortedDictionary<string, int>> updates = new SortedDictionary<string, SortedDictionary<string, int>>(StringComparer.Ordinal);
            foreach ((string outcome, string version) in devices.SelectMany(d => d.UpdateOutcomes))
            {
                if (!updates.TryGetValue(version, out SortedDictionary<string, int> byOutcome))
                {
                    updates[version] = byOutcome = new SortedDictionary<string, int>(StringComparer.Ordinal);
                }

                byOutcome[outcome] = byOutcome.GetValueOrDefault(outcome) + 1;
            }

            long refused = outcomes.Sum(o => o.Refusals);
            IEnumerable<string> endings = devices.SelectMany(d => d.UpdateOutcomes).Select(o => o.Outcome).Concat(Enumerable.Repeat(UpdateSuccess.Refused, (int)refused));
            return new GroundTruth
            {
                Registered = devices.Count,
                Activated = outcomes.Count(o => o.Activated),
                BatteryUptime = Ratio(happenedBattery, expectedBattery),
                MainsUptime = Ratio(happenedMains, expectedMains),
                ConnectivityUptime = Ratio(happenedBattery + happenedMains, expectedBattery + expectedMains),
                MonthlyActiveDevices = monthly,
                ReadingsDelivered = outcomes.Sum(o => o.Delivered),
                ReadingsCommitted = outcomes.Sum(o => o.Committed),
                MeanBatteryPercent = battery.Count == 0 ? 0 : battery.Average(o => o.BatteryPercent.Value),
                Running = new SortedDictionary<string, int>(outcomes.Where(o => o.Activated && o.Firmware != null).GroupBy(o => o.Firmware).ToDictionary(g => g.Key, g => g.Count()), StringComparer.Ordinal),
                Booted = new SortedDictionary<string, int>(outcomes.SelectMany(o => o.FirmwareBooted).GroupBy(v => v).ToDictionary(g => g.Key, g => g.Count()), StringComparer.Ordinal),
                UpdateOutcomes = updates,
                Refused = refused,
                UpdateSuccessRate = UpdateSuccess.Rate(endings),
            };
        }

        private static double Ratio(long part, long whole) => whole == 0 ? 0 : (double)part / whole;
    }
}
