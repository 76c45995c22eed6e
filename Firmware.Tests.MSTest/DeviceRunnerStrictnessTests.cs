using System;
using System.Reflection;
using MS = Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Tests.MSTest
{
    /// <summary>
    /// The host mapping refuses what passes on desktop .NET but not on the device: DataRows the device runner
    /// cannot pass, and an expected exception that only the desktop base library threw.
    /// </summary>
    [MS.TestClass]
    public sealed class DeviceRunnerStrictnessTests
    {
        public static void TakesLong(long value)
        {
        }

        public static void TakesString(string value)
        {
        }

        [MS.TestMethod]
        public void RefusesWhatTheDeviceRunnerCannotPass()
        {
            Refused(nameof(TakesLong), 1);
            Refused(nameof(TakesLong), 1L, 2L);
            Refused(nameof(TakesString), new object[] { null });
            Refused(nameof(TakesString), typeof(int));
            Refused(nameof(TakesString), DayOfWeek.Monday);
            Refused(nameof(TakesString), 'c');
        }

        [MS.TestMethod]
        public void AcceptsValuesOfTheExactParameterType()
        {
            DeviceTestRunner.RequireDeviceDataRow(Case(nameof(TakesLong), 1L));
            DeviceTestRunner.RequireDeviceDataRow(Case(nameof(TakesString), "x"));
        }

        [MS.TestMethod]
        public void ExpectedExceptionsMustComeFromTheCodeUnderTest()
        {
            // Desktop's Array.Copy throws ArgumentException here; nanoCLR throws ArgumentOutOfRangeException.
            MS.Assert.ThrowsExactly<MS.AssertFailedException>(() => nanoFramework.TestFramework.Assert.ThrowsException(
                typeof(ArgumentException), () => Array.Copy(new byte[1], 0, new byte[1], 0, 2)));
            nanoFramework.TestFramework.Assert.ThrowsException(typeof(InvalidOperationException), ThrowOurs);
        }

        private static void ThrowOurs()
        {
            throw new InvalidOperationException("ours");
        }

        private static void Refused(string method, params object[] values)
        {
            MS.Assert.ThrowsExactly<MS.AssertFailedException>(() => DeviceTestRunner.RequireDeviceDataRow(Case(method, values)), method + " accepted a row the device refuses");
        }

        private static DeviceTestCase Case(string method, params object[] values)
        {
            MethodInfo m = typeof(DeviceRunnerStrictnessTests).GetMethod(method);
            return new DeviceTestCase(DeviceTestKind.Test, typeof(DeviceRunnerStrictnessTests), m, values, 0);
        }
    }
}
