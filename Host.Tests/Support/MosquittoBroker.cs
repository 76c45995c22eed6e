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

        private MosquittoBroker(Process process, string directory, int port)
        {
            _process = process;
            _directory = directory;
            Port = port;
        }

        public int Port { get; }

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
            process.ErrorDataReceived += (s, e) => { };
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            MosquittoBroker broker = new MosquittoBroker(process, directory, port);
            DateTime deadline = DateTime.UtcNow.AddSeconds(10);
            while (DateTime.UtcNow < deadline)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"mosquitto exited at start with code {process.ExitCode}");
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
