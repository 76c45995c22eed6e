using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Firmware.Host.Tests.Support
{
    /// <summary>
    /// What an independent subscriber received on a device's topics, read the way a receiver reads it: the sequence
    /// numbers of every telemetry pack in arrival order, the retained status records and the events.
    /// </summary>
    public sealed class DeliveryJudge
    {
        private readonly List<long[]> _packs = new List<long[]>();

        public DeliveryJudge(Subscriber subscriber, string prefix)
        {
            foreach (var message in subscriber.Messages)
            {
                string topic = message.Topic;
                if (topic == prefix + "/telemetry")
                {
                    List<long> sequences = new List<long>();
                    if (!TelemetryObserver.TryReadSequences(message.Payload, sequences))
                    {
                        throw new InvalidOperationException("not SenML: " + Encoding.UTF8.GetString(message.Payload));
                    }

                    _packs.Add(sequences.ToArray());
                }
                else if (topic == prefix + "/events")
                {
                    Events.Add(Encoding.UTF8.GetString(message.Payload));
                }
                else if (topic == prefix + "/status")
                {
                    Statuses.Add(Encoding.UTF8.GetString(message.Payload));
                }
            }
        }

        /// <summary>Sequence numbers per telemetry pack, in arrival order.</summary>
        public IReadOnlyList<long[]> Packs => _packs;

        public List<string> Events { get; } = new List<string>();

        public List<string> Statuses { get; } = new List<string>();

        public long[] Received => _packs.SelectMany(p => p).ToArray();

        public HashSet<long> Distinct => new HashSet<long>(Received);

        /// <summary>Sequence numbers received more than once.</summary>
        public long[] Duplicated => Received.GroupBy(s => s).Where(g => g.Count() > 1).Select(g => g.Key).OrderBy(s => s).ToArray();

        /// <summary>Numbers from 1 to <paramref name="last"/> never received.</summary>
        public long[] MissingUpTo(long last)
        {
            HashSet<long> seen = Distinct;
            return Enumerable.Range(1, (int)last).Select(i => (long)i).Where(s => !seen.Contains(s)).ToArray();
        }

        public static string Show(IEnumerable<long> sequences) => string.Join(",", sequences);
    }
}
