// The host's mapping of nanoFramework.TestFramework's API onto MSTest, so the device tests run on Linux CI
// with the same semantics as on the device's test runner.
using System;
using System.Collections;
using MS = Microsoft.VisualStudio.TestTools.UnitTesting;

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
            MS.Assert.IsNotNull(collection, "CollectionAssert.Empty: collection is null");
            MS.Assert.AreEqual(0, collection.Count, $"CollectionAssert.Empty failed. {message}");
        }

        public static void NotEmpty(ICollection collection, string message = "")
        {
            MS.Assert.IsNotNull(collection, "CollectionAssert.NotEmpty: collection is null");
            MS.Assert.AreNotEqual(0, collection.Count, $"CollectionAssert.NotEmpty failed. {message}");
        }

        public static void AreEqual(ICollection expected, ICollection actual, string message = "")
        {
            MS.CollectionAssert.AreEqual(expected, actual, message);
        }

        public static void AreNotEqual(ICollection notExpected, ICollection actual, string message = "")
        {
            MS.CollectionAssert.AreNotEqual(notExpected, actual, message);
        }
    }
}
