using System;
using System.Globalization;

namespace Firmware.Host.Ota
{
    /// <summary>major.minor.patch, each 0 to 65535 (what the manifest and the bundle store).</summary>
    public readonly struct SemanticVersion : IEquatable<SemanticVersion>
    {
        public SemanticVersion(int major, int minor, int patch)
        {
            if (major < 0 || major > ushort.MaxValue || minor < 0 || minor > ushort.MaxValue || patch < 0 || patch > ushort.MaxValue)
            {
                throw new ArgumentOutOfRangeException(nameof(major), "each number is 0 to 65535");
            }

            Major = major;
            Minor = minor;
            Patch = patch;
        }

        public int Major { get; }

        public int Minor { get; }

        public int Patch { get; }

        public static bool TryParse(string text, out SemanticVersion version)
        {
            version = default;
            string[] parts = (text ?? "").Split('.');
            if (parts.Length != 3)
            {
                return false;
            }

            int[] numbers = new int[3];
            for (int i = 0; i < 3; i++)
            {
                if (parts[i].Length == 0 || parts[i].Length > 5 || (parts[i].Length > 1 && parts[i][0] == '0')
                    || !int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]) || numbers[i] > ushort.MaxValue)
                {
                    return false;
                }
            }

            version = new SemanticVersion(numbers[0], numbers[1], numbers[2]);
            return true;
        }

        public static SemanticVersion Parse(string text) =>
            TryParse(text, out SemanticVersion v) ? v : throw new FormatException($"a version looks like 1.2.3 (numbers 0 to 65535, no leading zeros), not '{text}'");

        public bool Equals(SemanticVersion other) => Major == other.Major && Minor == other.Minor && Patch == other.Patch;

        public override bool Equals(object obj) => obj is SemanticVersion other && Equals(other);

        public override int GetHashCode() => HashCode.Combine(Major, Minor, Patch);

        public override string ToString() => $"{Major}.{Minor}.{Patch}";
    }
}
