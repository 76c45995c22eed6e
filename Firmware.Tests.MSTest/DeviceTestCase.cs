using System;
using System.Reflection;

namespace Firmware.Tests.MSTest
{
    /// <summary>One invocation the nanoFramework runner would make: a Setup, a test (per DataRow), or a Cleanup.</summary>
    public sealed class DeviceTestCase
    {
        public DeviceTestCase(DeviceTestKind kind, Type testClass, MethodInfo method, object[] arguments, int row)
        {
            Kind = kind;
            TestClass = testClass;
            Method = method;
            Arguments = arguments;
            Row = row;
        }

        public DeviceTestKind Kind { get; }

        public Type TestClass { get; }

        public MethodInfo Method { get; }

        /// <summary>The DataRow's values, or null.</summary>
        public object[] Arguments { get; }

        /// <summary>The attribute's index, as the device runner numbers results (Class.Method.N).</summary>
        public int Row { get; }

        public override string ToString()
        {
            string name = $"{TestClass.FullName}.{Method.Name}";
            return Kind switch
            {
                DeviceTestKind.Setup => name + " [Setup]",
                DeviceTestKind.Cleanup => name + " [Cleanup]",
                _ => Arguments == null ? name : $"{name}({string.Join(", ", Array.ConvertAll(Arguments, a => a?.ToString() ?? "null"))})",
            };
        }
    }
}
