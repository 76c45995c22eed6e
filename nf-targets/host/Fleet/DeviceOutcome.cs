using System.Collections.Generic;
using Firmware.Storage;

namespace Firmware.Host.Fleet
{
    /// <summary>
    /// One device at the end of a fleet run: the simulator's ground truth (what it sampled and committed, what its log
    /// still holds and counted as dropped, its sessions, cuts and firmware) set against what the judge received.
    /// </summary>
    public sealed class DeviceOutcome
    {
        public string Id { get; init; }

        public string Kind { get; init; }

        public string Board { get; init; }

        public string Wifi { get; init; }

        public bool NeverSetUp { get; init; }

        public bool OfflineForDays { get; init; }

        /// <summary>Samples the sensor took.</summary>
        public long Sampled { get; init; }

        /// <summary>Readings committed to the log (sequence numbers given out).</summary>
        public long Committed { get; init; }

        /// <summary>Readings still in the log, unacknowledged, at the end.</summary>
        public long Held { get; init; }

        /// <summary>Readings the full log dropped, as it counted them.</summary>
        public long Dropped { get; init; }

        /// <summary>Distinct readings of the log's epoch the judge received.</summary>
        public long Delivered { get; init; }

        public long Duplicates { get; init; }

        /// <summary>Sequence numbers below the oldest held that the judge never received: each must be a counted drop.</summary>
        public long Gaps { get; init; }

        /// <summary>Gaps beyond the counted drops: readings lost. Zero when the guarantees hold.</summary>
        public long Lost => Gaps > Dropped ? Gaps - Dropped : 0;

        /// <summary>Readings received under another epoch than the log's (a log formatted again).</summary>
        public long OtherEpochs { get; init; }

        /// <summary>Radio sessions begun, and those that reached the broker.</summary>
        public int Sessions { get; init; }

        public int SessionsReached { get; init; }

        /// <summary>Connections a weak link dropped in a session.</summary>
        public int ConnectionsDropped { get; init; }

        public int Boots { get; init; }

        public int PowerCuts { get; init; }

        /// <summary>Firmware the device runs at the end.</summary>
        public string Firmware { get; init; }

        /// <summary>Every firmware version the loader booted in the run.</summary>
        public IReadOnlyList<string> FirmwareBooted { get; init; }

        /// <summary>
        /// Announces the device's updater refused, as its record in boot control counts them at the end: the last refusal
        /// id, one per refusal, whether its event was published or not.
        /// </summary>
        public long Refusals { get; init; }

        /// <summary>Battery charge at the end, percent (null on mains).</summary>
        public double? BatteryPercent { get; init; }

        /// <summary>True when it reached the broker at least once.</summary>
        public bool Activated => SessionsReached > 0;

        /// <summary>A fault of the simulation that ended the device's life early, or null.</summary>
        public string Failure { get; init; }

        /// <summary>Reconciles a device's log with what the judge received.</summary>
        public static DeviceOutcome Of(FleetDevice device, ReadingLog log, IReadOnlyDictionary<long, SequenceSet> received)
        {
            received.TryGetValue(log.Epoch, out SequenceSet own);
            long oldest = log.Held > 0 ? log.OldestSequence : log.NextSequence;
            long gaps = 0;
            for (long s = 1; s < oldest; s++)
            {
                if (own == null || !own.Contains(s))
                {
                    gaps++;
                }
            }

            long other = 0;
            foreach (KeyValuePair<long, SequenceSet> epoch in received)
            {
                other += epoch.Key == log.Epoch ? 0 : epoch.Value.Distinct;
            }

            TwinDevice twin = device.Device;
            DeviceProfile profile = device.Profile;
            return new DeviceOutcome
            {
                Id = profile.Id,
                Kind = profile.Kind.Name,
                Board = profile.Kind.Board,
                Wifi = profile.Wifi.Name,
                NeverSetUp = profile.NeverSetUp,
                OfflineForDays = profile.OfflineFrom >= 0,
                Sampled = twin.Sampled,
                Committed = log.NextSequence - 1,
                Held = log.Held,
                Dropped = log.Dropped,
                Delivered = own?.Distinct ?? 0,
                Duplicates = own?.Duplicates ?? 0,
                Gaps = gaps,
                OtherEpochs = other,
                Sessions = twin.Radio.Sessions,
                SessionsReached = twin.Radio.Reached,
                ConnectionsDropped = device.Link?.Dropped ?? 0,
                Boots = twin.Boots,
                PowerCuts = twin.PowerCuts,
                Firmware = twin.Loader.RunningVersion,
                FirmwareBooted = device.FirmwareBooted,
                Refusals = device.ReadRefusals(),
                BatteryPercent = twin.IsMains ? null : twin.Battery.ChargePercent,
                Failure = device.Failure?.ToString(),
            };
        }
    }
}
