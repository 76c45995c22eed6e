using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Threading;

namespace Firmware.Host.Mqtt
{
    /// <summary>
    /// A real mosquitto broker on a free loopback port, started for a test or a fleet run and stopped after it.
    /// CI installs mosquitto with apt-get; nothing here falls back to another broker.
    /// </summary>
    public sealed class MosquittoBroker : IDisposable
    {
        private readonly string _directory;
        private readonly string _config;
        private readonly BrokerLog _log = new BrokerLog(1000, 1000);
        private Process _process;

        private MosquittoBroker(string directory, string config, int port, string localSocket)
        {
            _directory = directory;
            _config = config;
            Port = port;
            LocalSocket = localSocket;
        }

        public int Port { get; }

        /// <summary>Bytes a Unix domain socket's path may have on Linux and macOS (sun_path, its terminating zero included).</summary>
        public const int LocalSocketPathLimit = 104;

        /// <summary>The path of the broker's Unix domain socket listener, when it was started with one; else null.</summary>
        public string LocalSocket { get; }

        /// <summary>What the broker wrote to its log so far (for failure messages): its first and newest thousand lines.</summary>
        public string Log => _log.ToString();

        /// <summary>Lines the broker wrote to its log so far.</summary>
        public long LogLines => _log.Lines;

        /// <summary>
        /// Starts mosquitto with one listener on a free loopback port. <paramref name="extraConfiguration"/> is
        /// appended after the listener line, so listener options (cafile, certfile, keyfile,
        /// require_certificate for a TLS listener) apply to it.
        /// </summary>
        public static MosquittoBroker Start(string extraConfiguration = "")
        {
            return Start(extraConfiguration, persistent: false, userName: null, password: null);
        }

        /// <summary>
        /// Starts mosquitto as <see cref="Start(string)"/> does; <paramref name="persistent"/> keeps sessions and queued
        /// messages across a <see cref="Restart"/> (mosquitto saves them when it stops cleanly), and a user name and
        /// password make it refuse anyone without them.
        /// </summary>
        /// <param name="localSocket">
        /// Also listen on a Unix domain socket in the broker's folder (<see cref="LocalSocket"/>; mosquitto's
        /// <c>listener 0 PATH</c>, from mosquitto 2.0): the same broker for clients on this machine, without the loopback's
        /// TCP. Not on Windows, nor when the folder's path is too long for a socket's address: <see cref="LocalSocket"/> is
        /// then null.
        /// </param>
        public static MosquittoBroker Start(string extraConfiguration, bool persistent, string userName, string password, bool localSocket = false)
        {
            string executable = Find();
            string directory = Directory.CreateTempSubdirectory("mosquitto-").FullName;
            int port = EmbeddedBroker.FreeLoopbackPort();
            string config = Path.Combine(directory, "mosquitto.conf");
            string login = "allow_anonymous true\n";
            if (userName != null)
            {
                string passwords = Path.Combine(directory, "passwords");
                Run(Path.Combine(Path.GetDirectoryName(executable), "mosquitto_passwd"), $"-b -c {passwords} {userName} {password}", "/usr/bin/mosquitto_passwd");
                login = $"allow_anonymous false\npassword_file {passwords}\n";
            }

            string persistence = persistent ? $"persistence true\npersistence_location {directory}/\n" : "persistence false\n";
            if (persistent || userName != null || localSocket)
            {
                // Started as root, mosquitto would read the password file, write its database and bind its local socket as
                // another user, who cannot enter this folder (its own user when not started as root: then this line does nothing).
                persistence += "user root\n";
            }

            // The local listener goes last: options in extraConfiguration that belong to a listener stay the TCP one's.
            string socket = localSocket && !OperatingSystem.IsWindows() ? Path.Combine(directory, "mqtt.sock") : null;
            if (socket != null && System.Text.Encoding.UTF8.GetByteCount(socket) >= LocalSocketPathLimit)
            {
                // A socket's path must fit its address (sun_path): a long temporary folder leaves the broker on TCP alone.
                socket = null;
            }

            string local = socket != null ? $"listener 0 {socket}\n" : string.Empty;
            File.WriteAllText(config, $"listener {port} 127.0.0.1\n{login}{persistence}log_dest stderr\n{extraConfiguration}\n{local}");
            MosquittoBroker broker = new MosquittoBroker(directory, config, port, socket);
            broker.Launch(executable);
            return broker;
        }

        /// <summary>Stops the broker cleanly (SIGTERM: a persistent broker saves its sessions) and starts it again on the same port.</summary>
        public void Restart()
        {
            Stop();
            Resume();
        }

        /// <summary>Stops the broker cleanly (SIGTERM: a persistent broker saves its sessions); its port is free until <see cref="Resume"/>.</summary>
        public void Stop()
        {
            if (!_process.HasExited)
            {
                Terminate(_process.Id, 15);
                if (!_process.WaitForExit(10000))
                {
                    throw new TimeoutException("mosquitto did not stop within 10 s of SIGTERM");
                }
            }
        }

        /// <summary>Starts the broker <see cref="Stop"/> stopped again, on the same port and with the same configuration.</summary>
        public void Resume()
        {
            if (!_process.HasExited)
            {
                throw new InvalidOperationException("mosquitto is running: stop it before it is resumed");
            }

            _process.Dispose();
            Launch(Find());
        }

        private void Launch(string executable)
        {
            ProcessStartInfo start = new ProcessStartInfo(executable, $"-c {_config}")
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            Process process = Process.Start(start);
            _process = process;
            process.ErrorDataReceived += (s, e) =>
            {
                if (e.Data != null)
                {
                    _log.Add(e.Data);
                }
            };
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            DateTime deadline = DateTime.UtcNow.AddSeconds(10);
            while (DateTime.UtcNow < deadline)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"mosquitto exited at start with code {process.ExitCode}: {Log}");
                }

                try
                {
                    using TcpClient probe = new TcpClient("127.0.0.1", Port);
                    return;
                }
                catch (SocketException)
                {
                    Thread.Sleep(50);
                }
            }

            Dispose();
            throw new TimeoutException("mosquitto did not listen within 10 s");
        }

        private static void Run(string executable, string arguments, string fallback)
        {
            using Process process = Process.Start(new ProcessStartInfo(File.Exists(executable) ? executable : fallback, arguments) { UseShellExecute = false, RedirectStandardError = true });
            string error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{executable} {arguments} failed: {error}");
            }
        }

        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        private static extern int Terminate(int pid, int signal);

        public void Dispose()
        {
            if (_process != null && !_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(5000);
            }

            _process?.Dispose();
            if (Directory.Exists(_directory))
            {
                Directory.Delete(_directory, true);
            }
        }

        /// <summary>True when mosquitto is installed where <see cref="Start(string)"/> looks for it.</summary>
        public static bool IsInstalled => Candidates.Any(File.Exists);

        private static readonly string[] Candidates = { "/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto", "/usr/local/bin/mosquitto" };

        private static string Find()
        {
            foreach (string candidate in Candidates)
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
