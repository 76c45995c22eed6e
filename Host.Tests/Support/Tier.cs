using System;

namespace Firmware.Host.Tests.Support
{
    /// <summary>The test tier (FIRMWARE_TEST_TIER): "ci" by default, "long" for more seeds and longer runs.</summary>
    public static class Tier
    {
        public static bool IsLong => string.Equals(Environment.GetEnvironmentVariable("FIRMWARE_TEST_TIER"), "long", StringComparison.OrdinalIgnoreCase);

        public static T Choose<T>(T ci, T longTier) => IsLong ? longTier : ci;
    }
}
