using System;
using System.Collections.Generic;
using System.IO;

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

        /// <summary>Sequence numbers from 1 to the highest received that never arrived.</summary>
        public int Missing
        {
            get
            {
                HashSet<long> seen = new HashSet<long>(Received);
                long max = 0;
                foreach (long s in seen)
                {
                    max = Math.Max(max, s);
                }

                int missing = 0;
                for (long s = 1; s <= max; s++)
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

        public void Print(TextWriter output)
        {
            output.WriteLine();
            output.WriteLine($"run: {DurationText.Format(DeviceTime)} of device time in {RealTime.TotalSeconds:0.0} s, {Boots} boot(s)");
            output.WriteLine($"readings: {Sampled} sampled, {Distinct} delivered, {Duplicates} duplicated, {Missing} missing (judged by an independent subscriber)");
            output.WriteLine($"radio sessions: {RadioSessions}");
            Thermostat?.Print(output);
            if (Faults != null)
            {
                output.WriteLine($"faults: {Faults}");
            }
        }
    }
}
