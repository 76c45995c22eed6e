// The host's mapping of nanoFramework.TestFramework's API onto MSTest, so the device tests run on Linux CI
// with the same semantics as on the device's test runner.
using System;

namespace nanoFramework.TestFramework
{
    /// <summary>Test output; the device runner prints to the console, and so does this.</summary>
    public static class OutputHelper
    {
        public static void Write(string message)
        {
            Console.Write(message);
        }

        public static void WriteLine(string message)
        {
            Console.WriteLine(message);
        }
    }
}
