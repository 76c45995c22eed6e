using System;
using System.Globalization;

namespace Firmware.Host
{
    /// <summary>Parses and prints durations written like 90s, 45m, 6h, 2d (or 1500ms).</summary>
    public static class DurationText
    {
        public static bool TryParse(string text, out TimeSpan duration, out string error)
        {
            duration = TimeSpan.Zero;
            error = null;
            if (string.IsNullOrWhiteSpace(text))
            {
                error = "a duration is required, like 90s, 45m, 6h or 2d";
                return false;
            }

            text = text.Trim();
            int split = 0;
            while (split < text.Length && (char.IsDigit(text[split]) || text[split] == '.'))
            {
                split++;
            }

            string number = text.Substring(0, split);
            string unit = text.Substring(split);
            if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value) || value <= 0)
            {
                error = $"'{text}' is not a duration: expected a positive number and a unit, like 90s, 45m, 6h or 2d";
                return false;
            }

            double milliseconds;
            switch (unit)
            {
                case "ms": milliseconds = value; break;
                case "s": milliseconds = value * 1000; break;
                case "m": milliseconds = value * 60000; break;
                case "h": milliseconds = value * 3600000; break;
                case "d": milliseconds = value * 86400000; break;
                default:
                    error = $"'{text}' has no known unit: use ms, s, m, h or d";
                    return false;
            }

            if (milliseconds > TimeSpan.FromDays(36500).TotalMilliseconds)
            {
                error = $"'{text}' is longer than 100 years";
                return false;
            }

            if (Math.Round(milliseconds) < 1)
            {
                // A zero duration means "no limit" to the twin: a tiny one must not turn into that.
                error = $"'{text}' is shorter than 1 ms";
                return false;
            }

            duration = TimeSpan.FromMilliseconds(Math.Round(milliseconds));
            return true;
        }

        public static string Format(TimeSpan duration)
        {
            if (duration.TotalDays >= 1)
            {
                return $"{duration.TotalDays:0.##}d";
            }

            if (duration.TotalHours >= 1)
            {
                return $"{duration.TotalHours:0.##}h";
            }

            if (duration.TotalMinutes >= 1)
            {
                return $"{duration.TotalMinutes:0.##}m";
            }

            return $"{duration.TotalSeconds:0.##}s";
        }
    }
}
