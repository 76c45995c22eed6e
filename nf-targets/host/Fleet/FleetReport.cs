using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Firmware.Host.Fleet
{
    /// <summary>A fleet run's ground truth, reconciled with what the broker delivered, and its cost.</summary>
    public sealed class FleetReport
    {
        private static readonly JsonSerializerOptions Json = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            WriteIndented = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };

        public FleetMix Mix { get; init; }

        public string Broker { get; init; }

        public FleetScale Scale { get; init; }

        public IReadOnlyList<DeviceOutcome> Devices { get; init; }

        /// <summary>The monitor's metrics with the simulator's, computed the same way (null when no monitor ran).</summary>
        public Monitoring.FleetMetrics Monitor { get; init; }

        public GroundTruth Truth { get; init; }

        public long Sampled => Devices.Sum(d => d.Sampled);

        public long Committed => Devices.Sum(d => d.Committed);

        public long Delivered => Devices.Sum(d => d.Delivered);

        public long Held => Devices.Sum(d => d.Held);

        public long Dropped => Devices.Sum(d => d.Dropped);

        public long Duplicates => Devices.Sum(d => d.Duplicates);

        public long Gaps => Devices.Sum(d => d.Gaps);

        /// <summary>Readings lost fleet-wide: gaps that are not counted drops. Zero when the guarantees hold.</summary>
        public long Lost => Devices.Sum(d => d.Lost);

        public int Activated => Devices.Count(d => d.Activated);

        public int PowerCuts => Devices.Sum(d => d.PowerCuts);

        /// <summary>Devices whose simulation failed (a fault of the simulator, not of a device).</summary>
        public IReadOnlyList<string> Failures => Devices.Where(d => d.Failure != null).Select(d => d.Id + ": " + d.Failure).ToList();

        /// <summary>Telemetry messages the judge could not take, and the last one's reason.</summary>
        public long JudgeMalformed { get; init; }

        public string JudgeLastMalformed { get; init; }

        public string ToJson() => JsonSerializer.Serialize(this, Json);

        public void Write(string path) => File.WriteAllText(path, ToJson());

        public void Print(TextWriter output)
        {
            output.WriteLine();
            output.WriteLine($"fleet: {Devices.Count} devices, {Scale.SimulatedDays:0.##} days, broker {Broker}");
            foreach (IGrouping<string, DeviceOutcome> kind in Devices.GroupBy(d => d.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                output.WriteLine($"  {kind.Key,-14} {kind.Count(),6} devices, {kind.Count(d => d.Activated),6} reached the broker, {kind.Sum(d => d.Delivered),10:N0} readings delivered");
            }

            output.WriteLine($"readings: {Sampled:N0} sampled, {Committed:N0} committed, {Delivered:N0} delivered, {Held:N0} held, {Dropped:N0} dropped (counted), {Duplicates:N0} duplicated");
            output.WriteLine($"          gaps {Gaps:N0}, every one a counted drop: {(Lost == 0 ? "yes" : "NO")}; lost {Lost:N0}");
            if (JudgeMalformed > 0)
            {
                output.WriteLine($"          the judge could not take {JudgeMalformed} telemetry message(s), the last: {JudgeLastMalformed}");
            }

            output.WriteLine($"devices: {Activated} of {Devices.Count} reached the broker; {PowerCuts} power cuts and brown-outs; {Devices.Sum(d => d.ConnectionsDropped):N0} connections dropped by weak links");
            output.WriteLine($"cost: {Scale.RealSeconds:0.0} s real, {Scale.DeviceDaysPerSecond:0.0} device-days/s, {Scale.CpuSeconds:0} CPU s on {Scale.Cores} cores, "
                + $"{Scale.ManagedBytesPerDevice / 1024.0:0} KiB managed and {Scale.WorkingSetBytesPerDevice / 1024.0:0} KiB working set per device, "
                + $"{Scale.FlashBytesPerDevice / 1024.0:0} KiB of own flash per device, {Scale.Windows:N0} windows");
            output.WriteLine($"broker: {Scale.TelemetryMessagesPerSecond:0} telemetry messages/s to the judge"
                + (Scale.BrokerMessagesReceivedPerSecond.HasValue ? $", {Scale.BrokerMessagesReceivedPerSecond:0} messages/s in and {Scale.BrokerMessagesSentPerSecond:0}/s out ($SYS)" : string.Empty));
            if (Monitor != null)
            {
                output.WriteLine("monitor (MQTT alone) against the simulator's ground truth:");
                output.WriteLine($"  activation rate      {100 * Monitor.ActivationRate,6:0.0} %   {100 * Truth.ActivationRate,6:0.0} %");
                output.WriteLine($"  uptime, battery      {100 * Monitor.BatteryUptime,6:0.0} %   {100 * Truth.BatteryUptime,6:0.0} %");
                output.WriteLine($"  uptime, mains        {100 * Monitor.MainsUptime,6:0.0} %   {100 * Truth.MainsUptime,6:0.0} %");
                output.WriteLine($"  monthly active       {Monitor.MonthlyActiveDevices,6}     {Truth.MonthlyActiveDevices,6}");
                output.WriteLine($"  readings delivered   {Monitor.ReadingsDelivered,10:N0} {Truth.ReadingsDelivered,10:N0}");
                output.WriteLine($"  mean battery         {Monitor.MeanBatteryPercent,6:0.0} %   {Truth.MeanBatteryPercent,6:0.0} %");
                output.WriteLine($"  health score         {Monitor.HealthScore,6:0.0}");
                output.WriteLine($"  monitor: {Monitor.Messages:N0} messages, {Monitor.CpuMicrosecondsPerMessage:0.0} us of CPU each"
                    + (Monitor.Malformed > 0 ? $"; {Monitor.Malformed} unreadable ({Monitor.LastMalformed})" : string.Empty)
                    + (Monitor.LastDisconnect != null ? $"; its connection was lost: {Monitor.LastDisconnect}" : string.Empty));
            }

            foreach (string failure in Failures.Take(5))
            {
                output.WriteLine("simulation failure: " + failure);
            }
        }
    }
}
