using System;

namespace Firmware.Host.Tests.Storage.Support
{
    /// <summary>FIRMWARE_TEST_TIER: "ci" (default) or "long"; sweeps and random runs size themselves by it.</summary>
    public static class TestTier
    {
        public static bool IsLong => string.Equals(Environment.GetEnvironmentVariable("FIRMWARE_TEST_TIER"), "long", StringComparison.OrdinalIgnoreCase);

        public static int Pick(int ci, int longTier) => IsLong ? longTier : ci;
    }
}
