using System;
using System.Diagnostics;
using System.IO;
using System.Text.RegularExpressions;

namespace Firmware.Tools.DeviceBuild
{
    /// <summary>
    /// Runs one NFUnitTest image on the nanoCLR interpreter through the toolchain's run-tests and reads its result lines
    /// ("Test passed,NAME,TICKS", "Test failed,NAME,MESSAGE", "Test skipped,NAME,MESSAGE"). The interpreter exits 0 even
    /// when tests fail, so the lines are what counts; a run that ends without any is a failure of its own.
    /// </summary>
    public static class DeviceTestRunner
    {
        public static DeviceTestResult Run(Toolchain toolchain, string project, string[] images, TimeSpan timeout)
        {
            DeviceTestResult result = new DeviceTestResult(project);
            Stopwatch watch = Stopwatch.StartNew();
            (int exit, string output) = toolchain.RunTests(images, timeout);
            result.Seconds = watch.Elapsed.TotalSeconds;
            result.Output = output;
            foreach (string line in output.Split('\n'))
            {
                string l = line.TrimEnd('\r');
                if (l.StartsWith("Test passed,", StringComparison.Ordinal))
                {
                    result.Passed++;
                }
                else if (l.StartsWith("Test failed,", StringComparison.Ordinal))
                {
                    result.Failed++;
                    result.Failures.Add(l);
                }
                else if (l.StartsWith("Test skipped,", StringComparison.Ordinal))
                {
                    result.Skipped++;
                }
            }

            if (exit == 124)
            {
                result.Failed++;
                result.Failures.Add($"the interpreter timed out after {timeout.TotalSeconds:0} s");
            }
            else if (result.Passed + result.Failed + result.Skipped == 0)
            {
                result.Failed++;
                Match needs = Regex.Match(output, "needs assembly '[^']+' \\([^)]*\\)");
                result.Failures.Add("no test ran (exit " + exit + ")" + (needs.Success ? ": " + needs.Value : ""));
            }
            else if (exit != 0 && exit != 1)
            {
                result.Failed++;
                result.Failures.Add($"the interpreter ended abnormally (run-tests exit {exit})");
            }

            return result;
        }
    }
}
