using System.Collections.Generic;

namespace Firmware.Tools.DeviceBuild
{
    /// <summary>What one device test project reported on the interpreter.</summary>
    public sealed class DeviceTestResult
    {
        public DeviceTestResult(string project)
        {
            Project = project;
        }

        /// <summary>The test project's folder, relative to the repository.</summary>
        public string Project { get; }

        public int Passed { get; set; }

        public int Failed { get; set; }

        public int Skipped { get; set; }

        /// <summary>Seconds the interpreter ran.</summary>
        public double Seconds { get; set; }

        /// <summary>The "Test failed,..." lines, and any reason the run itself failed (a crash, a timeout, a load error).</summary>
        public List<string> Failures { get; } = new List<string>();

        /// <summary>The interpreter's whole output.</summary>
        public string Output { get; set; }
    }
}
