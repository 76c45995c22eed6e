// The host's mapping of nanoFramework.TestFramework's API onto MSTest, so the device tests run on Linux CI
// with the same semantics as on the device's test runner.

using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using MS = Microsoft.VisualStudio.TestTools.UnitTesting;

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
            MS.Assert.AreEqual(expected, actual, message);
        }

        public static void AreEqual(byte expected, byte actual, [CallerArgumentExpression("actual")] string message = "")
        {
            MS.Assert.AreEqual(expected, actual, message);
        }

        public static void AreEqual(char expected, char actual, [CallerArgumentExpression("actual")] string message = "")
        {
            MS.Assert.AreEqual(expected, actual, message);
        }

        public static void AreEqual(DateTime expected, DateTime actual, [CallerArgumentExpression("actual")] string message = "")
        {
            MS.Assert.AreEqual(expected, actual, message);
        }

        public static void AreEqual(double expected, double actual, [CallerArgumentExpression("actual")] string message = "")
        {
            MS.Assert.AreEqual(expected, actual, message);
        }

        public static void AreEqual(float expected, float actual, [CallerArgumentExpression("actual")] string message = "")
        {
            MS.Assert.AreEqual(expected, actual, message);
        }

        public static void AreEqual(int expected, int actual, [CallerArgumentExpression("actual")] string message = "")
        {
            MS.Assert.AreEqual(expected, actual, message);
        }

        public static void AreEqual(long expected, long actual, [CallerArgumentExpression("actual")] string message = "")
        {
            MS.Assert.AreEqual(expected, actual, message);
        }

        public static void AreEqual(object expected, object actual, [CallerArgumentExpression("actual")] string message = "")
        {
            MS.Assert.AreEqual(expected, actual, message);
        }

        public static void AreEqual(sbyte expected, sbyte actual, [CallerArgumentExpression("actual")] string message = "")
        {
            MS.Assert.AreEqual(expected, actual, message);
        }

        public static void AreEqual(short expected, short actual, [CallerArgumentExpression("actual")] string message = "")
        {
            MS.Assert.AreEqual(expected, actual, message);
        }

        public static void AreEqual(string expected, string actual, [CallerArgumentExpression("actual")] string message = "")
        {
            MS.Assert.AreEqual(expected, actual, message);
        }

        public static void AreEqual(uint expected, uint actual, [CallerArgumentExpression("actual")] string message = "")
        {
            MS.Assert.AreEqual(expected, actual, message);
        }

        public static void AreEqual(ulong expected, ulong actual, [CallerArgumentExpression("actual")] string message = "")
        {
            MS.Assert.AreEqual(expected, actual, message);
        }

        public static void AreEqual(ushort expected, ushort actual, [CallerArgumentExpression("actual")] string message = "")
        {
            MS.Assert.AreEqual(expected, actual, message);
        }

        public static void AreNotEqual(bool notExpected, bool actual, [CallerArgumentExpression("actual")] string message = "")
        {
            MS.Assert.AreNotEqual(notExpected, actual, message);
        }

        public static void AreNotEqual(byte notExpected, byte actual, [CallerArgumentExpression("actual")] string message = "")
        {
            MS.Assert.AreNotEqual(notExpected, actual, message);
        }

        public static void AreNotEqual(char notExpected, char actual, [CallerArgumentExpression("actual")] string message = "")
        {
            MS.Assert.AreNotEqual(notExpected, actual, message);
        }

        public static void AreNotEqual(DateTime notExpected, DateTime actual, [CallerArgumentExpression("actual")] string message = "")
        {
            MS.Assert.AreNotEqual(notExpected, actual, message);
        }

        public static void AreNotEqual(double notExpected, double actual, [CallerArgumentExpression("actual")] string message = "")
        {
            MS.Assert.AreNotEqual(notExpected, actual, message);
        }

        public static void AreNotEqual(float notExpected, float actual, [CallerArgumentExpression("actual")] string message = "")
        {
            MS.Assert.AreNotEqual(notExpected, actual, message);
        }

        public static void AreNotEqual(int notExpected, int actual, [CallerArgumentExpression("actual")] string message = "")
        {
            MS.Assert.AreNotEqual(notExpected, actual, message);
        }

        public static void AreNotEqual(long notExpected, long actual, [CallerArgumentExpression("actual")] string message = "")
        {
            MS.Assert.AreNotEqual(notExpected, actual, message);
        }

        public static void AreNotEqual(object notExpected, object actual, [CallerArgumentExpression("actual")] string message = "")
        {
            MS.Assert.AreNotEqual(notExpected, actual, message);
        }

        public static void AreNotEqual(sbyte notExpected, sbyte actual, [CallerArgumentExpression("actual")] string message = "")
        {
            MS.Assert.AreNotEqual(notExpected, actual, message);
        }

        public static void AreNotEqual(short notExpected, short actual, [CallerArgumentExpression("actual")] string message = "")
        {
            MS.Assert.AreNotEqual(notExpected, actual, message);
        }

        public static void AreNotEqual(string notExpected, string actual, [CallerArgumentExpression("actual")] string message = "")
        {
            MS.Assert.AreNotEqual(notExpected, actual, message);
        }

        public static void AreNotEqual(uint notExpected, uint actual, [CallerArgumentExpression("actual")] string message = "")
        {
            MS.Assert.AreNotEqual(notExpected, actual, message);
        }

        public static void AreNotEqual(ulong notExpected, ulong actual, [CallerArgumentExpression("actual")] string message = "")
        {
            MS.Assert.AreNotEqual(notExpected, actual, message);
        }

        public static void AreNotEqual(ushort notExpected, ushort actual, [CallerArgumentExpression("actual")] string message = "")
        {
            MS.Assert.AreNotEqual(notExpected, actual, message);
        }

        public static void AreNotSame(object notExpected, object actual, [CallerArgumentExpression("actual")] string message = "")
        {
            MS.Assert.AreNotSame(notExpected, actual, message);
        }

        public static void AreSame(object expected, object actual, [CallerArgumentExpression("actual")] string message = "")
        {
            MS.Assert.AreSame(expected, actual, message);
        }

        public static void Contains(string expected, string value, [CallerArgumentExpression("value")] string message = "")
        {
            NotNull(expected, value);
            MS.Assert.IsTrue(value.Contains(expected), $"'{value}' does not contain '{expected}'. {message}");
        }

        public static void DoesNotContains(string notExpected, string value, [CallerArgumentExpression("value")] string message = "")
        {
            NotNull(notExpected, value);
            MS.Assert.IsFalse(value.Contains(notExpected), $"'{value}' should not contain '{notExpected}'. {message}");
        }

        public static void EndsWith(string expected, string value, [CallerArgumentExpression("value")] string message = "")
        {
            NotNull(expected, value);
            MS.Assert.IsTrue(value.EndsWith(expected, StringComparison.Ordinal), $"'{value}' does not end with '{expected}'. {message}");
        }

        public static void StartsWith(string expected, string value, [CallerArgumentExpression("value")] string message = "")
        {
            NotNull(expected, value);
            MS.Assert.IsTrue(value.StartsWith(expected, StringComparison.Ordinal), $"'{value}' does not start with '{expected}'. {message}");
        }

        public static void IsFalse(bool condition, [CallerArgumentExpression("condition")] string message = "")
        {
            MS.Assert.IsFalse(condition, message);
        }

        public static void IsTrue(bool condition, [CallerArgumentExpression("condition")] string message = "")
        {
            MS.Assert.IsTrue(condition, message);
        }

        public static void IsInstanceOfType(object value, Type expected, [CallerArgumentExpression("value")] string message = "")
        {
            // The device compares the exact type, not assignability.
            MS.Assert.IsNotNull(expected, "Assert.IsInstanceOfType: expected type is null");
            MS.Assert.IsTrue(value != null && value.GetType() == expected, $"Expected type:<{expected}>. Actual type:<{value?.GetType()}>. {message}");
        }

        public static void IsNotInstanceOfType(object value, Type notExpected, [CallerArgumentExpression("value")] string message = "")
        {
            MS.Assert.IsNotNull(notExpected, "Assert.IsNotInstanceOfType: type is null");
            MS.Assert.IsFalse(value != null && value.GetType() == notExpected, $"Wrong type:<{notExpected}>. {message}");
        }

        public static void IsNotNull([NotNull] object value, [CallerArgumentExpression("value")] string message = "")
        {
            MS.Assert.IsNotNull(value, message);
        }

        public static void IsNull(object value, [CallerArgumentExpression("value")] string message = "")
        {
            MS.Assert.IsNull(value, message);
        }

        [DoesNotReturn]
        public static void SkipTest(string message = null)
        {
            throw new SkipTestException(message);
        }

        public static void ThrowsException(Type exception, Action action, [CallerArgumentExpression("action")] string message = "")
        {
            // The device accepts only the exact exception type, not a subclass.
            MS.Assert.IsNotNull(action, "Assert.ThrowsException: action is null");
            MS.Assert.IsNotNull(exception, "Assert.ThrowsException: exception type is null");
            try
            {
                action();
            }
            catch (Exception e)
            {
                if (e.GetType() == exception)
                {
                    // Thrown by the desktop base library, the type says nothing about the device, whose native
                    // code throws its own (Array.Copy out of range: ArgumentException here, ArgumentOutOfRangeException
                    // there). Only an exception our code throws is the same on both runners.
                    if (e.TargetSite?.Module.Assembly == typeof(object).Assembly)
                    {
                        MS.Assert.Fail($"{exception.Name} was thrown by the desktop base library ({e.TargetSite.DeclaringType}.{e.TargetSite.Name}), not by the code under test; the device's runtime may throw another type. {message}");
                    }

                    return;
                }

                MS.Assert.Fail($"Threw exception {e.GetType().Name}, but exception {exception.Name} was expected. {message}\r\nException Message: {e.Message}");
            }

            MS.Assert.Fail($"No exception thrown. {exception.Name} exception was expected. {message}");
        }
        private static void NotNull(string expected, string value)
        {
            MS.Assert.IsNotNull(expected, "the expected string cannot be null");
            MS.Assert.IsNotNull(value, "the value cannot be null");
        }
    }
}
