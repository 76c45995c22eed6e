// Declarations of nanoFramework.TestFramework's public API (v3), for the nanoFramework API gate only:
// device tests are compiled against these, so a test that uses an assertion the device's test framework
// lacks fails the gate. Bodies are never run.
using System;

namespace nanoFramework.TestFramework
{
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    public class SetupAttribute : Attribute
    {
    }
}
