using System;
using System.Reflection;
using MS = Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Tests.MSTest
{
    /// <summary>The host runner refuses the DataRows the device runner cannot pass, although desktop reflection could.</summary>
    [MS.TestClass]
    public sealed class DataRowStrictnessTests
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

        private static void Refused(string method, params object[] values)
        {
            MS.Assert.ThrowsExactly<MS.AssertFailedException>(() => DeviceTestRunner.RequireDeviceDataRow(Case(method, values)), method + " accepted a row the device refuses");
        }

        private static DeviceTestCase Case(string method, params object[] values)
        {
            MethodInfo m = typeof(DataRowStrictnessTests).GetMethod(method);
            return new DeviceTestCase(DeviceTestKind.Test, typeof(DataRowStrictnessTests), m, values, 0);
        }
    }
}
