// The host's mapping of nanoFramework.TestFramework's API onto MSTest, so the device tests run on Linux CI
// with the same semantics as on the device's test runner.
using System;

namespace nanoFramework.TestFramework
{
    /// <summary>Thrown by Assert.SkipTest; the runner reports the test as skipped (inconclusive in MSTest).</summary>
    public class SkipTestException : Exception
    {
        public SkipTestException(string message = null, Exception innerException = null)
            : base(message, innerException)
        {
        }
    }
}
