using System;
using System.Collections.Generic;
using System.Globalization;

namespace Firmware.Host.Faults
{
    /// <summary>
    /// The faults the twin injects between the device and its broker: windows of virtual time when the
    /// broker is unreachable, a connection cut after a number of the device's packets, and PUBACKs lost
    /// with a probability. Parsed from the twin's command line.
    /// </summary>
    public sealed class FaultPlan
    {
        private readonly List<(long Start, long End)> _downWindows = new List<(long, long)>();

        /// <summary>Windows [start, end) of virtual milliseconds since the twin started when the broker is unreachable.</summary>
        public IReadOnlyList<(long Start, long End)> BrokerDownWindows => _downWindows;

        /// <summary>Cut each connection after the device sent this many MQTT packets (CONNECT included); 0 for never.</summary>
        public int DropAfterPackets { get; set; }

        /// <summary>Probability (0 to 1) that a PUBACK from the broker to the device is lost.</summary>
        public double LosePubackProbability { get; set; }

        /// <summary>Seed of the lost-PUBACK draws, so a run repeats.</summary>
        public int Seed { get; set; } = 1;

        public bool IsActive => _downWindows.Count > 0 || DropAfterPackets > 0 || LosePubackProbability > 0;

        /// <summary>True when the broker is unreachable at virtual time <paramref name="milliseconds"/>.</summary>
        public bool IsBrokerDown(long milliseconds)
        {
            foreach ((long start, long end) in _downWindows)
            {
                if (milliseconds >= start && milliseconds < end)
                {
                    return true;
                }
            }

            return false;
        }

        public void AddBrokerDownWindow(long startMilliseconds, long endMilliseconds)
        {
            if (startMilliseconds < 0 || endMilliseconds <= startMilliseconds)
            {
                throw new ArgumentOutOfRangeException(nameof(endMilliseconds), "a window needs 0 <= start < end");
            }

            _downWindows.Add((startMilliseconds, endMilliseconds));
        }

        /// <summary>Parses windows written like "2h-5h,10h-11h" (or "0-30m"); false with a reason when malformed.</summary>
        public bool TryAddBrokerDownWindows(string text, out string error)
        {
            error = null;
            if (string.IsNullOrWhiteSpace(text))
            {
                error = "expected windows like 2h-5h,10h-11h";
                return false;
            }

            List<(long, long)> parsed = new List<(long, long)>();
            foreach (string part in text.Split(','))
            {
                string[] bounds = part.Trim().Split('-');
                if (bounds.Length != 2)
                {
                    error = $"'{part.Trim()}' is not a window: expected START-END, like 2h-5h";
                    return false;
                }

                if (!TryParseTime(bounds[0], out long start, out error) || !TryParseTime(bounds[1], out long end, out error))
                {
                    error = $"'{part.Trim()}': {error}";
                    return false;
                }

                if (end <= start)
                {
                    error = $"'{part.Trim()}' ends before it starts";
                    return false;
                }

                parsed.Add((start, end));
            }

            foreach ((long start, long end) in parsed)
            {
                AddBrokerDownWindow(start, end);
            }

            return true;
        }

        /// <summary>Parses a probability written as a decimal from 0 to 1 (e.g. 0.25 or 1).</summary>
        public static bool TryParseProbability(string text, out double probability, out string error)
        {
            error = null;
            if (!double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out probability) || probability <= 0 || probability > 1)
            {
                error = $"expected a probability above 0 and at most 1 (like 0.25 or 1), not '{text}'";
                return false;
            }

            return true;
        }

        /// <summary>A one-line description for the twin's output.</summary>
        public string Describe()
        {
            List<string> parts = new List<string>();
            if (_downWindows.Count > 0)
            {
                List<string> windows = new List<string>();
                foreach ((long start, long end) in _downWindows)
                {
                    windows.Add(Format(start) + "-" + Format(end));
                }

                parts.Add("broker down " + string.Join(",", windows));
            }

            if (DropAfterPackets > 0)
            {
                parts.Add($"connections cut after {DropAfterPackets} packet(s)");
            }

            if (LosePubackProbability > 0)
            {
                parts.Add(string.Format(CultureInfo.InvariantCulture, "PUBACKs lost with probability {0} (seed {1})", LosePubackProbability, Seed));
            }

            return string.Join("; ", parts);
        }

        private static string Format(long milliseconds)
        {
            return milliseconds == 0 ? "0" : DurationText.Format(TimeSpan.FromMilliseconds(milliseconds));
        }

        private static bool TryParseTime(string text, out long milliseconds, out string error)
        {
            milliseconds = 0;
            error = null;
            if (text.Trim() == "0")
            {
                return true;
            }

            if (!DurationText.TryParse(text, out TimeSpan time, out error))
            {
                return false;
            }

            milliseconds = (long)time.TotalMilliseconds;
            return true;
        }
    }
}
