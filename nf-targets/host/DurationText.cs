using System;
using System.Globalization;

namespace Firmware.Host
{
    /// <summary>
    /// Parses and prints durations: a number and a unit (90s, 45m, 6h, 2d, 1.5h, 1500ms), or several whole parts from
    /// the largest unit down (1h30m, 2d12h, 1h30m15s).
    /// </summary>
    public static class DurationText
    {
        private const string Examples = "like 90s, 45m, 6h, 2d or 1h30m";

        private static readonly string[] Units = { "d", "h", "m", "s", "ms" };

        private static readonly double[] UnitMilliseconds = { 86_400_000, 3_600_000, 60_000, 1000, 1 };

        public static bool TryParse(string text, out TimeSpan duration, out string error)
        {
            duration = TimeSpan.Zero;
            error = null;
            if (string.IsNullOrWhiteSpace(text))
            {
                error = "a duration is required, " + Examples;
                return false;
            }

            text = text.Trim();
            double milliseconds = 0;
            int position = 0;
            int lastUnit = -1;
            int parts = 0;
            bool fraction = false;
            while (position < text.Length)
            {
                int start = position;
                while (position < text.Length && (char.IsAsciiDigit(text[position]) || text[position] == '.'))
                {
                    position++;
                }

                string number = text.Substring(start, position - start);
                int unitStart = position;
                while (position < text.Length && char.IsAsciiLetter(text[position]))
                {
                    position++;
                }

                string unit = text.Substring(unitStart, position - unitStart);
                if (number.Length == 0 || !double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value)
                    || (position < text.Length && unit.Length == 0))
                {
                    error = $"'{text}' is not a duration: expected a positive number and a unit, {Examples}";
                    return false;
                }

                int index = Array.IndexOf(Units, unit);
                if (index < 0)
                {
                    error = unit.Length == 0
                        ? $"'{text}' has no known unit after {number}: use ms, s, m, h or d, {Examples}"
                        : $"'{text}' has no known unit ('{unit}'): use ms, s, m, h or d, {Examples}";
                    return false;
                }

                if (index <= lastUnit)
                {
                    error = $"'{text}' is not a duration: its parts must go from the largest unit down, each unit once, like 1d2h, 1h30m or 1m30s";
                    return false;
                }

                parts++;
                fraction |= number.Contains('.');
                if (parts > 1 && fraction)
                {
                    error = $"'{text}' is not a duration: a duration of several parts takes whole numbers, like 1h30m (or one part with a fraction, like 1.5h)";
                    return false;
                }

                lastUnit = index;
                milliseconds += value * UnitMilliseconds[index];
            }

            if (milliseconds <= 0)
            {
                error = $"'{text}' is not a duration: expected a positive number and a unit, {Examples}";
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

        /// <summary>A point of device time as the device's log stamps it: 0d 01:30:00.</summary>
        public static string Stamp(long milliseconds)
        {
            TimeSpan t = TimeSpan.FromMilliseconds(milliseconds);
            return $"{(int)t.TotalDays}d {t:hh\\:mm\\:ss}";
        }
    }
}
