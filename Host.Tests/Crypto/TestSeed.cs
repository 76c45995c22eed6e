using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
namespace Firmware.Host.Tests.Crypto;

/// <summary>
/// Seeds for the randomized tests: fixed by default so runs are reproducible, overridable with the
/// environment variable CRYPTO_TEST_SEED. Every failure message includes the seed; rerun with it.
/// CRYPTO_TEST_SCALE multiplies the iteration counts (default 1; 10 in the long tier).
/// </summary>
internal static class TestSeed
{
    public static int Value
    {
        get
        {
            string s = Environment.GetEnvironmentVariable("CRYPTO_TEST_SEED");
            return int.TryParse(s, out int v) ? v : 20250607;
        }
    }

    public static int Scale
    {
        get
        {
            string s = Environment.GetEnvironmentVariable("CRYPTO_TEST_SCALE");
            if (int.TryParse(s, out int v) && v > 0)
            {
                return v;
            }

            return Environment.GetEnvironmentVariable("FIRMWARE_TEST_TIER") == "long" ? 10 : 1;
        }
    }

    public static string Describe(int seed) => "(seed " + seed + "; rerun with CRYPTO_TEST_SEED=" + seed + ")";
}
