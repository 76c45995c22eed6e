using System;
using System.Diagnostics;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using Firmware.Host.Mqtt;

namespace Firmware.Host.Tests.Support
{
    /// <summary>
    /// A real mosquitto broker on a free loopback port, started for a test and stopped after it.
    /// CI installs mosquitto with apt-get; nothing here falls back to another broker.
    /// </summary>
    public sealed class MosquittoBroker : IDisposable
    {
        private readonly Process _process;
        private readonly string _directory;
        private readonly System.Collections.Generic.List<string> _log = new System.Collections.Generic.List<string>();

        private MosquittoBroker(Process process, string directory, int port)
        {
            _process = process;
            _directory = directory;
            Port = port;
        }

        public int Port { get; }

        /// <summary>What the broker wrote to its log so far (for failure messages).</summary>
        public string Log
        {
            get
            {
                lock (_log)
                {
                    return string.Join("\n", _log);
                }
            }
        }

        /// <summary>
        /// Starts mosquitto with one listener on a free loopback port. <paramref name="extraConfiguration"/> is
        /// appended after the listener line, so listener options (cafile, certfile, keyfile,
        /// require_certificate for a TLS listener) apply to it.
        /// </summary>
        public static MosquittoBroker Start(string extraConfiguration = "")
        {
            string executable = Find();
            string directory = Directory.CreateTempSubdirectory("mosquitto-").FullName;
            int port = EmbeddedBroker.FreeLoopbackPort();
            string config = Path.Combine(directory, "mosquitto.conf");
            File.WriteAllText(config, $"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\nlog_dest stderr\n{extraConfiguration}\n");
            ProcessStartInfo start = new ProcessStartInfo(executable, $"-c {config}")
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            Process process = Process.Start(start);
            MosquittoBroker broker = new MosquittoBroker(process, directory, port);
            process.ErrorDataReceived += (s, e) =>
            {
                if (e.Data != null)
                {
                    lock (broker._log)
                    {
                        broker._log.Add(e.Data);
                    }
                }
            };
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            DateTime deadline = DateTime.UtcNow.AddSeconds(10);
            while (DateTime.UtcNow < deadline)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"mosquitto exited at start with code {process.ExitCode}: {broker.Log}");
                }

                try
                {
                    using TcpClient probe = new TcpClient("127.0.0.1", port);
                    return broker;
                }
                catch (SocketException)
                {
                    Thread.Sleep(50);
                }
            }

            broker.Dispose();
            throw new TimeoutException("mosquitto did not listen within 10 s");
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(5000);
            }

            _process.Dispose();
            Directory.Delete(_directory, true);
        }

        private static string Find()
        {
            foreach (string candidate in new[] { "/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto", "/usr/local/bin/mosquitto" })
            {
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            throw new InvalidOperationException("mosquitto is not installed; on Debian or Ubuntu: sudo apt-get install -y mosquitto (CI does this in .ci/run)");
        }
    }
}
