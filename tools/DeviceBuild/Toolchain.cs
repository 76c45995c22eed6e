using System;
using System.Diagnostics;
using System.IO;
using System.Text;

namespace Firmware.Tools.DeviceBuild
{
    /// <summary>
    /// A nanoFramework toolchain folder (NANOCLR_HOME): the MetadataProcessor behind <c>to-pe</c>, the nanoCLR interpreter
    /// behind <c>run-tests</c>, the test framework images in <c>tf/</c> and reference assemblies of the pinned packages in
    /// <c>ref/</c>. tools/nanoclr/build.sh builds one from pinned upstream sources.
    /// </summary>
    public sealed class Toolchain
    {
        private Toolchain(string home)
        {
            Home = home;
        }

        public string Home { get; }

        public string ReferenceFolder => Path.Combine(Home, "ref");

        public string TestFramework => Path.Combine(Home, "tf", "nanoFramework.TestFramework.dll");

        /// <summary>nanoFramework's mscorlib as compiled against (CoreLibrary 1.17.11).</summary>
        public string Mscorlib => Path.Combine(Home, "tf", "mscorlib.dll");

        /// <summary>The toolchain at <paramref name="home"/>, or null with <paramref name="why"/> when it is not a complete one.</summary>
        public static Toolchain At(string home, out string why)
        {
            why = null;
            if (string.IsNullOrEmpty(home))
            {
                why = "NANOCLR_HOME is not set";
                return null;
            }

            foreach (string part in new[] { "to-pe", "run-tests", "bin/nanoclr", "tf/mscorlib.pe", "tf/nanoFramework.TestFramework.dll", "ref" })
            {
                if (!File.Exists(Path.Combine(home, part)) && !Directory.Exists(Path.Combine(home, part)))
                {
                    why = $"{home} has no {part}";
                    return null;
                }
            }

            return new Toolchain(Path.GetFullPath(home));
        }

        /// <summary>Converts <paramref name="dll"/> to <paramref name="pe"/>; null on success, else the MetadataProcessor's output.</summary>
        public string ToPe(string pe, string dll, string[] references)
        {
            StringBuilder arguments = new StringBuilder();
            ProcessStartInfo start = new ProcessStartInfo(Path.Combine(Home, "to-pe"));
            start.ArgumentList.Add(pe);
            start.ArgumentList.Add(dll);
            foreach (string reference in references)
            {
                start.ArgumentList.Add(reference);
            }

            (int exit, string output) = Run(start, TimeSpan.FromMinutes(5));
            return exit == 0 && File.Exists(pe) ? null : (output.Trim().Length == 0 ? $"to-pe exited with {exit}" : output.Trim());
        }

        /// <summary>Runs the .pe files (dependencies first, the NFUnitTest image last) on the interpreter; returns its output.</summary>
        public (int Exit, string Output) RunTests(string[] images, TimeSpan timeout)
        {
            ProcessStartInfo start = new ProcessStartInfo(Path.Combine(Home, "run-tests"));
            start.ArgumentList.Add("--timeout");
            start.ArgumentList.Add(((int)timeout.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
            foreach (string image in images)
            {
                start.ArgumentList.Add(image);
            }

            return Run(start, timeout + TimeSpan.FromSeconds(30));
        }

        private static (int Exit, string Output) Run(ProcessStartInfo start, TimeSpan limit)
        {
            start.RedirectStandardOutput = true;
            start.RedirectStandardError = true;
            start.UseShellExecute = false;
            using Process process = Process.Start(start) ?? throw new InvalidOperationException("cannot start " + start.FileName);
            StringBuilder output = new StringBuilder();
            object gate = new object();
            process.OutputDataReceived += (_, e) => { if (e.Data != null) { lock (gate) { output.AppendLine(e.Data); } } };
            process.ErrorDataReceived += (_, e) => { if (e.Data != null) { lock (gate) { output.AppendLine(e.Data); } } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!process.WaitForExit(limit))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                lock (gate)
                {
                    output.AppendLine($"killed after {limit.TotalSeconds:0} s");
                }

                return (124, output.ToString());
            }

            process.WaitForExit();
            lock (gate)
            {
                return (process.ExitCode, output.ToString());
            }
        }
    }
}
