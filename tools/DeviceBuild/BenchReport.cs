using System;
using System.Collections.Generic;

namespace Firmware.Tools.DeviceBuild
{
    /// <summary>The benchmark projects' figures.</summary>
    public static class BenchReport
    {
        public static void Print(List<DeviceTestResult> results, DeviceBuilder builder)
        {
            foreach (DeviceTestResult r in results)
            {
                foreach (string line in r.Output.Split('\n'))
                {
                    if (line.StartsWith("bench ", StringComparison.Ordinal))
                    {
                        Console.WriteLine(line.TrimEnd());
                    }
                }
            }
        }
    }
}
