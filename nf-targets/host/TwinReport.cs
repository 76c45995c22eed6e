using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Firmware.Host
{
    /// <summary>What a twin run did, judged by the independent subscriber rather than the firmware's own word.</summary>
    public sealed class TwinReport
    {
        public TimeSpan DeviceTime { get; set; }

        public TimeSpan RealTime { get; set; }

        public int Boots { get; set; }

        public int Sampled { get; set; }

        /// <summary>Sequence numbers the subscriber received, in arrival order.</summary>
        public long[] Received { get; set; } = Array.Empty<long>();

        public int Distinct => new HashSet<long>(Received).Count;

        public int Duplicates => Received.Length - Distinct;

        /// <summary>Sequence numbers between the lowest and the highest received that never arrived.</summary>
        public int Missing
        {
            get
            {
                HashSet<long> seen = new HashSet<long>(Received);
                if (seen.Count == 0)
                {
                    return 0;
                }

                long min = seen.Min();
                long max = seen.Max();
                int missing = 0;
                for (long s = min; s <= max; s++)
                {
                    if (!seen.Contains(s))
                    {
                        missing++;
                    }
                }

                return missing;
            }
        }

        public int RadioSessions { get; set; }

        /// <summary>For the thermostat role: what the relay and the room did.</summary>
        public Scenarios.ThermostatScenarioResult Thermostat { get; set; }

        /// <summary>What the fault proxy did, or null when no fault was injected.</summary>
        public string Faults { get; set; }

        /// <summary>False when the observer could not reach the broker (nothing was judged).</summary>
        public bool Observed { get; set; } = true;

        public string FlashFile { get; set; }

        /// <summary>Unacknowledged readings left in the flash log at the end.</summary>
        public long StoredHeld { get; set; }

        /// <summary>Readings the full log dropped, over the flash's life.</summary>
        public long StoredDropped { get; set; }

        /// <summary>The sequence number the next reading will get.</summary>
        public long NextSequence { get; set; }

        public void Print(TextWriter output)
        {
            output.WriteLine();
            output.WriteLine($"run: {DurationText.Format(DeviceTime)} of device time in {RealTime.TotalSeconds:0.0} s, {Boots} boot(s)");
            output.WriteLine(Observed
                ? $"readings: {Sampled} sampled, {Distinct} delivered, {Duplicates} duplicated, {Missing} missing (judged by an independent subscriber)"
                : $"readings: {Sampled} sampled (the broker was unreachable: nothing judged)");
            output.WriteLine($"flash log: {StoredHeld} held, {StoredDropped} dropped, next #{NextSequence} ({FlashFile})");
            output.WriteLine($"radio sessions: {RadioSessions}");
            Thermostat?.Print(output);
            if (Faults != null)
            {
                output.WriteLine($"faults: {Faults}");
            }
        }
    }
}
