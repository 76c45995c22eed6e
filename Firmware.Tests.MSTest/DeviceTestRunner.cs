using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using nanoFramework.TestFramework;
using MS = Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Tests.MSTest
{
    /// <summary>
    /// Runs the device tests with the nanoFramework test runner's semantics (nanoFramework.UnitTestLauncher):
    /// per [TestClass], its [Setup] method once, then every [TestMethod], then every [DataRow] method once
    /// per row, then its [Cleanup] once; methods are invoked without an instance; a Setup that skips skips
    /// the class, a Setup that fails is reported and the tests still run. Each invocation is one MSTest
    /// result, named as the device runner names it.
    /// </summary>
    [MS.TestClass]
    public sealed class DeviceTestRunner
    {
        private static Type _activeClass;
        private static bool _activeClassSkipped;
        private static string _activeClassSkipReason;

        public static IEnumerable<object[]> Cases()
        {
            return Discover(typeof(DeviceTestRunner).Assembly).Select(c => new object[] { c });
        }

        public static string CaseName(MethodInfo method, object[] data)
        {
            return data[0].ToString();
        }

        /// <summary>Every invocation in the device runner's order, for every [TestClass] of the assembly.</summary>
        public static IReadOnlyList<DeviceTestCase> Discover(Assembly assembly)
        {
            List<DeviceTestCase> cases = new List<DeviceTestCase>();
            foreach (Type type in assembly.GetTypes().Where(t => t.IsClass && t.GetCustomAttributes(false).Any(a => a.GetType() == typeof(TestClassAttribute))).OrderBy(t => t.FullName, StringComparer.Ordinal))
            {
                MethodInfo[] methods = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                    .OrderBy(m => m.MetadataToken)
                    .ToArray();
                foreach (MethodInfo m in methods.Where(m => m.GetCustomAttribute<SetupAttribute>() != null))
                {
                    cases.Add(new DeviceTestCase(DeviceTestKind.Setup, type, m, null, 0));
                }

                // A method with DataRows runs once per row and not as a plain test, as on the device.
                foreach (MethodInfo m in methods.Where(m => m.GetCustomAttribute<TestMethodAttribute>() != null && m.GetCustomAttributes<DataRowAttribute>().Count() == 0))
                {
                    cases.Add(new DeviceTestCase(DeviceTestKind.Test, type, m, null, 0));
                }

                foreach (MethodInfo m in methods)
                {
                    int row = 0;
                    foreach (DataRowAttribute data in m.GetCustomAttributes<DataRowAttribute>())
                    {
                        cases.Add(new DeviceTestCase(DeviceTestKind.Test, type, m, data.MethodParameters, row++));
                    }
                }

                foreach (MethodInfo m in methods.Where(m => m.GetCustomAttribute<CleanupAttribute>() != null))
                {
                    cases.Add(new DeviceTestCase(DeviceTestKind.Cleanup, type, m, null, 0));
                }
            }

            return cases;
        }

        [MS.TestMethod]
        [MS.DynamicData(nameof(Cases), DynamicDataDisplayName = nameof(CaseName))]
        public void Device(DeviceTestCase test)
        {
            RequireNoInstanceState(test.TestClass);
            switch (test.Kind)
            {
                case DeviceTestKind.Setup:
                    Activate(test.TestClass, runSetup: false);
                    RunSetup(test);
                    break;
                case DeviceTestKind.Test:
                    Activate(test.TestClass, runSetup: true);
                    if (_activeClassSkipped)
                    {
                        MS.Assert.Inconclusive("skipped by its class's Setup: " + _activeClassSkipReason);
                    }

                    Invoke(test);
                    break;
                case DeviceTestKind.Cleanup:
                    if (_activeClass == test.TestClass)
                    {
                        _activeClass = null;
                        Invoke(test);
                    }

                    break;
            }
        }

        [MS.ClassCleanup]
        public static void CleanupLastClass()
        {
            if (_activeClass != null)
            {
                Type last = _activeClass;
                _activeClass = null;
                foreach (DeviceTestCase cleanup in Discover(last.Assembly).Where(c => c.TestClass == last && c.Kind == DeviceTestKind.Cleanup))
                {
                    cleanup.Method.Invoke(Target(cleanup.Method), null);
                }
            }
        }

        // The device runner has no instance to give a test (it invokes with a null target), so instance
        // state would be a bug there; refuse it here rather than let it pass on the host only.
        private static void RequireNoInstanceState(Type testClass)
        {
            FieldInfo[] fields = testClass.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                .Where(f => f.GetCustomAttribute<CompilerGeneratedAttribute>() == null || f.Name.Contains("k__BackingField", StringComparison.Ordinal))
                .ToArray();
            if (fields.Length > 0)
            {
                MS.Assert.Fail($"{testClass.FullName} keeps instance state ({string.Join(", ", fields.Select(f => f.Name))}); the device runner invokes tests without an instance: use static fields or locals");
            }
        }

        // Makes testClass the class under test: cleans up the previous one, and runs this one's Setup when a
        // test arrives without its Setup row having run (a filtered run).
        private static void Activate(Type testClass, bool runSetup)
        {
            if (_activeClass == testClass)
            {
                return;
            }

            CleanupLastClass();
            _activeClass = testClass;
            _activeClassSkipped = false;
            _activeClassSkipReason = null;
            if (runSetup)
            {
                foreach (DeviceTestCase setup in Discover(testClass.Assembly).Where(c => c.TestClass == testClass && c.Kind == DeviceTestKind.Setup))
                {
                    try
                    {
                        setup.Method.Invoke(Target(setup.Method), null);
                    }
                    catch (TargetInvocationException e) when (e.InnerException is SkipTestException)
                    {
                        _activeClassSkipped = true;
                        _activeClassSkipReason = e.InnerException.Message;
                    }
                }
            }
        }

        private static void RunSetup(DeviceTestCase test)
        {
            try
            {
                Invoke(test);
            }
            catch (MS.AssertInconclusiveException e)
            {
                _activeClassSkipped = true;
                _activeClassSkipReason = e.Message;
                throw;
            }
        }

        private static void Invoke(DeviceTestCase test)
        {
            RequireDeviceDataRow(test);
            try
            {
                test.Method.Invoke(Target(test.Method), test.Arguments);
            }
            catch (TargetInvocationException e) when (e.InnerException is SkipTestException skip)
            {
                MS.Assert.Inconclusive(skip.Message);
            }
            catch (TargetInvocationException e)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            }
        }

        // The device runner builds a DataRow's values from metadata, which it can do for numbers, bool, char and
        // string only (nanoCLR's attribute parser), and passes them to the method unconverted: the call fails
        // there unless each value is exactly of its parameter's type. Desktop reflection would widen an int to a
        // long or accept a null; refuse what the device refuses.
        private static readonly Type[] DataRowValueTypes =
        {
            typeof(bool), typeof(sbyte), typeof(byte), typeof(char), typeof(short), typeof(ushort), typeof(int),
            typeof(uint), typeof(long), typeof(ulong), typeof(float), typeof(double), typeof(string),
        };

        internal static void RequireDeviceDataRow(DeviceTestCase test)
        {
            if (test.Arguments == null)
            {
                return;
            }

            ParameterInfo[] parameters = test.Method.GetParameters();
            if (parameters.Length != test.Arguments.Length)
            {
                MS.Assert.Fail($"DataRow has {test.Arguments.Length} value(s) for {parameters.Length} parameter(s); the device runner fails the call");
            }

            for (int i = 0; i < parameters.Length; i++)
            {
                object value = test.Arguments[i];
                Type type = value?.GetType();
                if (type == null || Array.IndexOf(DataRowValueTypes, type) < 0)
                {
                    MS.Assert.Fail($"DataRow value {i} is {(type == null ? "null" : type.Name)}; the device runner reads only numbers, bool, char and string from a DataRow");
                }

                Type expected = parameters[i].ParameterType;
                if (expected.IsValueType ? type != expected : !expected.IsAssignableFrom(type))
                {
                    MS.Assert.Fail($"DataRow value {i} is {type.Name} but parameter '{parameters[i].Name}' is {expected.Name}; the device runner does not convert DataRow values");
                }
            }
        }

        // An object whose constructor never ran and whose fields are all zero: the nearest desktop .NET
        // gets to the device's null target, since the class may keep no instance state anyway.
        private static object Target(MethodInfo method)
        {
            return method.IsStatic ? null : RuntimeHelpers.GetUninitializedObject(method.DeclaringType);
        }
    }
}
