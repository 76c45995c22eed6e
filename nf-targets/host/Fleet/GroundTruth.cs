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
            };
        }

        private static double Ratio(long part, long whole) => whole == 0 ? 0 : (double)part / whole;
    }
}
