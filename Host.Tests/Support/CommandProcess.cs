using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;

namespace Firmware.Host.Tests.Support
{
    /// <summary>
    /// A command run as a process of its own, its output kept line by line: the twin's program (<see cref="Twin"/>,
    /// the firmware-twin.dll this test run built) or a shell command line. Killed with its children when disposed.
    /// </summary>
    public sealed class CommandProcess : IDisposable
    {
        private readonly Process _process;
        private readonly List<string> _lines = new List<string>();

        private CommandProcess(ProcessStartInfo start, string shown)
        {
            Shown = shown;
            start.RedirectStandardOutput = true;
            start.RedirectStandardError = true;
            start.UseShellExecute = false;
            _process = new Process { StartInfo = start };
            _process.OutputDataReceived += (s, e) => Keep(e.Data);
            _process.ErrorDataReceived += (s, e) => Keep(e.Data);
            _process.Start();
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        /// <summary>The twin's program as this test run built it, from the same sources `dotnet run --project nf-targets/host` builds.</summary>
        public static string TwinProgram => Path.Combine(AppContext.BaseDirectory, "firmware-twin.dll");

        /// <summary>The command as given, for messages.</summary>
        public string Shown { get; }

        /// <summary>Everything it wrote so far (standard output and error, interleaved as they arrived).</summary>
        public string Output
        {
            get
            {
                lock (_lines)
                {
                    return string.Join("\n", _lines);
                }
            }
        }

        public bool HasExited => _process.HasExited;

        /// <summary>Runs the twin's program with these arguments in <paramref name="directory"/>.</summary>
        public static CommandProcess Twin(string directory, params string[] args)
        {
            ProcessStartInfo start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory };
            start.ArgumentList.Add(TwinProgram);
            foreach (string arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            return new CommandProcess(start, "firmware-twin " + string.Join(" ", args));
        }

        /// <summary>
        /// Runs a command line with bash in <paramref name="directory"/> (brace expansion and quoting as a user's shell
        /// does); <paramref name="configure"/> may set its environment.
        /// </summary>
        public static CommandProcess Shell(string directory, string commandLine, Action<ProcessStartInfo> configure = null)
        {
            ProcessStartInfo start = new ProcessStartInfo("bash") { WorkingDirectory = directory };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(commandLine);
            configure?.Invoke(start);
            return new CommandProcess(start, commandLine);
        }

        /// <summary>Waits for the process to end; returns its exit code, or fails after <paramref name="timeout"/>.</summary>
        public int WaitForExit(TimeSpan timeout)
        {
            if (!_process.WaitForExit(timeout))
            {
                throw new TimeoutException($"'{Shown}' did not end within {timeout.TotalSeconds} s:\n{Output}");
            }

            // The last lines arrive after the exit; a child left running (a build server) could hold the pipes for good.
            System.Threading.Tasks.Task.Run(() => _process.WaitForExit()).Wait(TimeSpan.FromSeconds(5));
            return _process.ExitCode;
        }

        /// <summary>Waits until a line contains <paramref name="text"/>; false when the process ended or the time passed first.</summary>
        public bool WaitForLine(string text, TimeSpan timeout)
        {
            DateTime deadline = DateTime.UtcNow + timeout;
            while (DateTime.UtcNow < deadline)
            {
                lock (_lines)
                {
                    if (_lines.Any(l => l.Contains(text, StringComparison.Ordinal)))
                    {
                        return true;
                    }
                }

                if (_process.HasExited)
                {
                    System.Threading.Tasks.Task.Run(() => _process.WaitForExit()).Wait(TimeSpan.FromSeconds(5));
                    lock (_lines)
                    {
                        return _lines.Any(l => l.Contains(text, StringComparison.Ordinal));
                    }
                }

                Thread.Sleep(50);
            }

            return false;
        }

        public void Dispose()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                    _process.WaitForExit(5000);
                }
            }
            catch (InvalidOperationException)
            {
                // It ended meanwhile.
            }

            _process.Dispose();
        }

        private void Keep(string line)
        {
            if (line != null)
            {
                lock (_lines)
                {
                    _lines.Add(line);
                }
            }
        }
    }
}
