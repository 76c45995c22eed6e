// Declarations of nanoFramework.TestFramework's public API (v3), for the nanoFramework API gate only:
// device tests are compiled against these, so a test that uses an assertion the device's test framework
// lacks fails the gate. Bodies are never run.
using System;
using System.Collections;

namespace nanoFramework.TestFramework
{
    /// <summary>Assertions on collections (arrays included), element by element with object.Equals.</summary>
    public sealed class CollectionAssert
    {
        private CollectionAssert()
        {
        }

        public static void Empty(ICollection collection, string message = "")
        {
            throw new NotImplementedException();
        }

        public static void NotEmpty(ICollection collection, string message = "")
        {
            throw new NotImplementedException();
        }

        public static void AreEqual(ICollection expected, ICollection actual, string message = "")
        {
            throw new NotImplementedException();
        }

        public static void AreNotEqual(ICollection notExpected, ICollection actual, string message = "")
        {
            throw new NotImplementedException();
        }
    }
}
