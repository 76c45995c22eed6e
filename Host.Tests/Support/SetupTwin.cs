using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using Firmware.Host.Mqtt;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Support
{
    /// <summary>
    /// The twin run with --setup on its own thread, as `dotnet run --project nf-targets/host -- --setup` runs it: a board
    /// from erased flash (its own temporary flash file) with its setup button held, serving the setup page on a free
    /// loopback port. <see cref="Stop"/> ends the run as Ctrl+C does and gives its report.
    /// </summary>
    public sealed class SetupTwin : IDisposable
    {
        private readonly StringWriter _output = new StringWriter();
        private readonly TextWriter _synchronized;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly Thread _runner;
        private readonly string _flash;
        private TwinReport _report;
        private Exception _failure;

        private SetupTwin(TwinOptions options, string flash)
        {
            _flash = flash;
            _synchronized = TextWriter.Synchronized(_output);
            Port = options.SetupPort;
            _runner = new Thread(() =>
            {
                try
                {
                    _report = global::Firmware.Host.Twin.Run(options, _synchronized, _stop.Token);
                }
                catch (Exception e)
                {
                    _failure = e;
                }
            })
            { IsBackground = true, Name = "setup twin" };
            _runner.Start();
        }

        /// <summary>The setup page's port.</summary>
        public int Port { get; }

        /// <summary>The setup page.</summary>
        public string Url => $"http://127.0.0.1:{Port}/";

        /// <summary>The twin's console output so far.</summary>
        public string Output
        {
            get
            {
                lock (_synchronized)
                {
                    return _output.ToString();
                }
            }
        }

        /// <summary>Starts the twin with --setup --fresh on its own flash file and a free page port, and the given options.</summary>
        public static SetupTwin Start(params string[] args)
        {
            string flash = Path.Combine(Path.GetTempPath(), "twin-setup-" + Guid.NewGuid().ToString("N") + ".flash");
            string[] all = args.Concat(new[] { "--setup", "--fresh", "--flash", flash, "--setup-port", EmbeddedBroker.FreeLoopbackPort().ToString() }).ToArray();
            TwinOptions options = TwinOptions.Parse(all, out string error);
            Assert.IsNull(error, error);
            return new SetupTwin(options, flash);
        }

        /// <summary>Waits until the output has a line matching <paramref name="pattern"/>; returns the match.</summary>
        public Match WaitFor(string pattern, TimeSpan timeout)
        {
            DateTime deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                Match match = Regex.Match(Output, pattern, RegexOptions.Multiline);
                if (match.Success)
                {
                    return match;
                }

                if (_failure != null)
                {
                    Assert.Fail($"the twin failed while waiting for /{pattern}/: {_failure}\n{Output}");
                }

                if (!_runner.IsAlive)
                {
                    Assert.Fail($"the twin ended before /{pattern}/:\n{Output}");
                }

                if (DateTime.UtcNow > deadline)
                {
                    Assert.Fail($"no /{pattern}/ within {timeout.TotalSeconds} s:\n{Output}");
                }

                Thread.Sleep(20);
            }
        }

        /// <summary>Ends the run (Ctrl+C) and returns its report, printed into <see cref="Output"/>.</summary>
        public TwinReport Stop()
        {
            _stop.Cancel();
            Assert.IsTrue(_runner.Join(TimeSpan.FromSeconds(30)), "the twin did not stop within 30 s of Ctrl+C:\n" + Output);
            if (_failure != null)
            {
                Assert.Fail($"the twin failed: {_failure}\n{Output}");
            }

            _report.Print(_synchronized);
            return _report;
        }

        public void Dispose()
        {
            _stop.Cancel();
            _runner.Join(TimeSpan.FromSeconds(30));
            _stop.Dispose();
            File.Delete(_flash);
        }
    }
}
