// Declarations of nanoFramework.TestFramework's public API (v3), for the nanoFramework API gate only:
// device tests are compiled against these, so a test that uses an assertion the device's test framework
// lacks fails the gate. Bodies are never run.
using System;

namespace TestFrameworkShared
{
    public class AssertFailedException : Exception
    {
        public AssertFailedException()
        {
        }

        public AssertFailedException(string msg)
            : base(msg)
        {
        }

        public AssertFailedException(string msg, Exception ex)
            : base(msg, ex)
        {
        }
    }
}
