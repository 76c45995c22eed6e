// Declarations of nanoFramework.TestFramework's public API (v3), for the nanoFramework API gate only:
// device tests are compiled against these, so a test that uses an assertion the device's test framework
// lacks fails the gate. Bodies are never run.

using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace nanoFramework.TestFramework
{
    /// <summary>Assertions of nanoFramework.TestFramework.</summary>
    public sealed class Assert
    {
        private Assert()
        {
        }

        public static void AreEqual(bool expected, bool actual, [CallerArgumentExpression("actual")] string message = "")
        {
            throw new NotImplementedException();
        }

        public static void AreEqual(byte expected, byte actual, [CallerArgumentExpression("actual")] string message = "")
        {
            throw new NotImplementedException();
        }

        public static void AreEqual(char expected, char actual, [CallerArgumentExpression("actual")] string message = "")
        {
            throw new NotImplementedException();
        }

        public static void AreEqual(DateTime expected, DateTime actual, [CallerArgumentExpression("actual")] string message = "")
        {
            throw new NotImplementedException();
        }

        public static void AreEqual(double expected, double actual, [CallerArgumentExpression("actual")] string message = "")
        {
            throw new NotImplementedException();
        }

        public static void AreEqual(float expected, float actual, [CallerArgumentExpression("actual")] string message = "")
        {
            throw new NotImplementedException();
        }

        public static void AreEqual(int expected, int actual, [CallerArgumentExpression("actual")] string message = "")
        {
            throw new NotImplementedException();
        }

        public static void AreEqual(long expected, long actual, [CallerArgumentExpression("actual")] string message = "")
        {
            throw new NotImplementedException();
        }

        public static void AreEqual(object expected, object actual, [CallerArgumentExpression("actual")] string message = "")
        {
            throw new NotImplementedException();
        }

        public static void AreEqual(sbyte expected, sbyte actual, [CallerArgumentExpression("actual")] string message = "")
        {
            throw new NotImplementedException();
        }

        public static void AreEqual(short expected, short actual, [CallerArgumentExpression("actual")] string message = "")
        {
            throw new NotImplementedException();
        }

        public static void AreEqual(string expected, string actual, [CallerArgumentExpression("actual")] string message = "")
        {
            throw new NotImplementedException();
        }

        public static void AreEqual(uint expected, uint actual, [CallerArgumentExpression("actual")] string message = "")
        {
            throw new NotImplementedException();
        }

        public static void AreEqual(ulong expected, ulong actual, [CallerArgumentExpression("actual")] string message = "")
        {
            throw new NotImplementedException();
        }

        public static void AreEqual(ushort expected, ushort actual, [CallerArgumentExpression("actual")] string message = "")
        {
            throw new NotImplementedException();
        }

        public static void AreNotEqual(bool notExpected, bool actual, [CallerArgumentExpression("actual")] string message = "")
        {
            throw new NotImplementedException();
        }

        public static void AreNotEqual(byte notExpected, byte actual, [CallerArgumentExpression("actual")] string message = "")
        {
            throw new NotImplementedException();
        }

        public static void AreNotEqual(char notExpected, char actual, [CallerArgumentExpression("actual")] string message = "")
        {
            throw new NotImplementedException();
        }

        public static void AreNotEqual(DateTime notExpected, DateTime actual, [CallerArgumentExpression("actual")] string message = "")
        {
            throw new NotImplementedException();
        }

        public static void AreNotEqual(double notExpected, double actual, [CallerArgumentExpression("actual")] string message = "")
        {
            throw new NotImplementedException();
        }

        public static void AreNotEqual(float notExpected, float actual, [CallerArgumentExpression("actual")] string message = "")
        {
            throw new NotImplementedException();
        }

        public static void AreNotEqual(int notExpected, int actual, [CallerArgumentExpression("actual")] string message = "")
        {
            throw new NotImplementedException();
        }

        public static void AreNotEqual(long notExpected, long actual, [CallerArgumentExpression("actual")] string message = "")
        {
            throw new NotImplementedException();
        }

        public static void AreNotEqual(object notExpected, object actual, [CallerArgumentExpression("actual")] string message = "")
        {
            throw new NotImplementedException();
        }

        public static void AreNotEqual(sbyte notExpected, sbyte actual, [CallerArgumentExpression("actual")] string message = "")
        {
            throw new NotImplementedException();
        }

        public static void AreNotEqual(short notExpected, short actual, [CallerArgumentExpression("actual")] string message = "")
        {
            throw new NotImplementedException();
        }

        public static void AreNotEqual(string notExpected, string actual, [CallerArgumentExpression("actual")] string message = "")
        {
            throw new NotImplementedException();
        }

        public static void AreNotEqual(uint notExpected, uint actual, [CallerArgumentExpression("actual")] string message = "")
        {
            throw new NotImplementedException();
        }

        public static void AreNotEqual(ulong notExpected, ulong actual, [CallerArgumentExpression("actual")] string message = "")
        {
            throw new NotImplementedException();
        }

        public static void AreNotEqual(ushort notExpected, ushort actual, [CallerArgumentExpression("actual")] string message = "")
        {
            throw new NotImplementedException();
        }

        public static void AreNotSame(object notExpected, object actual, [CallerArgumentExpression("actual")] string message = "")
        {
            throw new NotImplementedException();
        }

        public static void AreSame(object expected, object actual, [CallerArgumentExpression("actual")] string message = "")
        {
            throw new NotImplementedException();
        }

        public static void Contains(string expected, string value, [CallerArgumentExpression("value")] string message = "")
        {
            throw new NotImplementedException();
        }

        public static void DoesNotContains(string notExpected, string value, [CallerArgumentExpression("value")] string message = "")
        {
            throw new NotImplementedException();
        }

        public static void EndsWith(string expected, string value, [CallerArgumentExpression("value")] string message = "")
        {
            throw new NotImplementedException();
        }

        public static void StartsWith(string expected, string value, [CallerArgumentExpression("value")] string message = "")
        {
            throw new NotImplementedException();
        }

        public static void IsFalse(bool condition, [CallerArgumentExpression("condition")] string message = "")
        {
            throw new NotImplementedException();
        }

        public static void IsTrue(bool condition, [CallerArgumentExpression("condition")] string message = "")
        {
            throw new NotImplementedException();
        }

        public static void IsInstanceOfType(object value, Type expected, [CallerArgumentExpression("value")] string message = "")
        {
            throw new NotImplementedException();
        }

        public static void IsNotInstanceOfType(object value, Type notExpected, [CallerArgumentExpression("value")] string message = "")
        {
            throw new NotImplementedException();
        }

        public static void IsNotNull([NotNull] object value, [CallerArgumentExpression("value")] string message = "")
        {
            throw new NotImplementedException();
        }

        public static void IsNull(object value, [CallerArgumentExpression("value")] string message = "")
        {
            throw new NotImplementedException();
        }

        [DoesNotReturn]
        public static void SkipTest(string message = null)
        {
            throw new NotImplementedException();
        }

        public static void ThrowsException(Type exception, Action action, [CallerArgumentExpression("action")] string message = "")
        {
            throw new NotImplementedException();
        }
    }
}
