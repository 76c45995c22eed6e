using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading;
using Firmware.Host.Mqtt;
using Firmware.Host.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Ota
{
    /// <summary>
    /// The walkthrough of docs/ota.md ("Try it: a release of the twin, end to end"), run as written: its commands one by
    /// one with bash, in a copy of this tree (a fresh clone of it), against mosquitto, with the two that keep running (the
    /// twin, the image server) in the background. The twin must install and confirm the release, and say what the docs
    /// say it says. `dotnet run --project nf-targets/host --` runs the twin's program as this test run built it from the
    /// same sources; the release is built for real by the documented `dotnet build`.
    /// </summary>
    [TestClass]
    public sealed class OtaWalkthroughTests
    {
        private const string DotnetRun = "dotnet run --project nf-targets/host -- ";

        [TestMethod]
        public void TheDocumentedWalkthroughInstallsAndConfirmsTheRelease()
        {
            string docs = File.ReadAllText(Repository.PathOf("docs/ota.md"));
            IReadOnlyList<string> commands = Commands(Block(docs, "<!-- walkthrough -->"));
            IReadOnlyList<string> said = Block(docs, "<!-- walkthrough-output -->").Where(l => l.Trim().Length > 0).ToList();
            string mosquittoPub = docs.Substring(docs.IndexOf("<!-- walkthrough -->", StringComparison.Ordinal)).Split('\n')
                .Select(l => l.Trim().Trim('`')).First(l => l.StartsWith("mosquitto_pub ", StringComparison.Ordinal));
            Assert.IsTrue(commands.Count >= 6 && said.Count >= 3, "the walkthrough's blocks are in docs/ota.md");

            string clone = FreshCopy();
            List<CommandProcess> running = new List<CommandProcess>();
            using MosquittoBroker broker = MosquittoBroker.Start();
            using Subscriber judge = Subscriber.Start(broker.Port, "sensors/twin-1/#");
            int http = EmbeddedBroker.FreeLoopbackPort();
            CommandProcess twin = null;
            try
            {
                string before = BuildVersion(clone);
                bool bumped = false;
                foreach (string documented in commands)
                {
                    string command = Localize(documented, broker.Port, http);
                    if (command.StartsWith(DotnetRun, StringComparison.Ordinal))
                    {
                        Assert.IsFalse(bumped, $"'{documented}' comes after the bump: `dotnet run` would build the bumped sources under the running twin");
                        command = "dotnet " + CommandProcess.TwinProgram + " " + command.Substring(DotnetRun.Length);
                    }

                    bumped |= command.StartsWith("sed ", StringComparison.Ordinal);
                    bool serve = command.Contains(" ota serve ", StringComparison.Ordinal);
                    bool device = !command.Contains(" ota ", StringComparison.Ordinal) && command.StartsWith("dotnet " + CommandProcess.TwinProgram, StringComparison.Ordinal);
                    CommandProcess process = CommandProcess.Shell(clone, command, QuietBuilds);
                    if (serve || device)
                    {
                        running.Add(process);
                        twin = device ? process : twin;
                        string ready = serve ? "serving" : "OTA: model";
                        Assert.IsTrue(process.WaitForLine(ready, TimeSpan.FromMinutes(2)), $"'{documented}' did not start:\n{process.Output}");
                        continue;
                    }

                    using (process)
                    {
                        Stopwatch time = Stopwatch.StartNew();
                        int exit = process.WaitForExit(TimeSpan.FromMinutes(20));
                        Assert.AreEqual(0, exit, $"'{documented}' failed:\n{process.Output}");
                        if (command.Contains(" ota bundle ", StringComparison.Ordinal))
                        {
                            StringAssert.Contains(process.Output, $"version {BuildVersion(clone)} (Firmware.Device's)", "the bundle takes the build's version");
                        }

                        Console.WriteLine($"{documented.Split(' ').Take(4).Aggregate((a, b) => a + " " + b)} ...: {time.ElapsedMilliseconds} ms");
                    }
                }

                string after = BuildVersion(clone);
                Assert.AreNotEqual(before, after, "the documented bump changed the build's version");
                Assert.IsNotNull(twin, "the walkthrough starts the twin");

                JsonObject updated = WaitFor(judge, twin, e => (string)e["outcome"] == "updated", "an 'updated' event");
                Assert.AreEqual(after, (string)updated["version"], updated.ToJsonString());
                Assert.AreEqual(before, (string)updated["previous"], updated.ToJsonString());
                WaitUntil(() => Status(judge)?["fw"]?.ToString() == after, twin, "the status of the release");
                foreach (string line in said)
                {
                    Assert.IsTrue(twin.WaitForLine(line.Trim(), TimeSpan.FromSeconds(30)), $"the docs say the twin says '{line.Trim()}':\n{Tail(twin)}");
                }

                // The announce's other documented form, with mosquitto_pub, publishes the same retained manifest.
                string manifest = Path.Combine(clone, Regex.Match(mosquittoPub, @"-f (\S+)").Groups[1].Value);
                using (CommandProcess publish = CommandProcess.Shell(clone, Localize(mosquittoPub, broker.Port, http), QuietBuilds))
                {
                    Assert.AreEqual(0, publish.WaitForExit(TimeSpan.FromSeconds(30)), publish.Output);
                }

                using Subscriber later = Subscriber.Start(broker.Port, "sensors/twin-1/ota");
                WaitUntil(() => later.Messages.Count > 0, twin, "the retained announce");
                CollectionAssert.AreEqual(File.ReadAllBytes(manifest), later.Messages[0].Payload);
            }
            finally
            {
                foreach (CommandProcess process in running)
                {
                    process.Dispose();
                }

                Directory.Delete(clone, true);
            }
        }

        /// <summary>The lines of the first fenced block after <paramref name="marker"/>.</summary>
        private static IReadOnlyList<string> Block(string docs, string marker)
        {
            int at = docs.IndexOf(marker, StringComparison.Ordinal);
            Assert.IsTrue(at >= 0, $"docs/ota.md has no {marker}");
            string[] lines = docs.Substring(at).Split('\n');
            int open = Array.FindIndex(lines, l => l.StartsWith("```", StringComparison.Ordinal));
            int close = Array.FindIndex(lines, open + 1, l => l.StartsWith("```", StringComparison.Ordinal));
            return lines.Skip(open + 1).Take(close - open - 1).Select(l => l.TrimEnd('\r')).ToList();
        }

        /// <summary>The commands of a shell block: comments and blank lines dropped, continued lines joined.</summary>
        private static IReadOnlyList<string> Commands(IReadOnlyList<string> block)
        {
            List<string> commands = new List<string>();
            string pending = null;
            foreach (string raw in block)
            {
                string line = raw.Trim();
                if (pending == null && (line.Length == 0 || line.StartsWith('#')))
                {
                    continue;
                }

                bool continues = line.EndsWith('\\');
                line = continues ? line.Substring(0, line.Length - 1).TrimEnd() : line;
                pending = pending == null ? line : pending + " " + line;
                if (!continues)
                {
                    commands.Add(pending);
                    pending = null;
                }
            }

            return commands;
        }

        /// <summary>The documented ports (the broker's 1883, the server's 8080) replaced by this run's.</summary>
        private static string Localize(string command, int broker, int http) =>
            command.Replace("127.0.0.1:1883", $"127.0.0.1:{broker}", StringComparison.Ordinal)
                .Replace("-p 1883", $"-p {broker}", StringComparison.Ordinal)
                .Replace("8080", http.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        /// <summary>The tree as a fresh clone of it holds it: the files git tracks, and new ones it does not ignore, as they are now.</summary>
        private static string FreshCopy()
        {
            string copy = Directory.CreateTempSubdirectory("ota-walkthrough-").FullName;
            ProcessStartInfo list = new ProcessStartInfo("git", "ls-files -z --cached --others --exclude-standard")
            {
                WorkingDirectory = Repository.Root,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            using Process git = Process.Start(list);
            string files = git.StandardOutput.ReadToEnd();
            git.WaitForExit();
            Assert.AreEqual(0, git.ExitCode, "git ls-files");
            foreach (string file in files.Split('\0', StringSplitOptions.RemoveEmptyEntries))
            {
                string from = Path.Combine(Repository.Root, file);
                if (File.Exists(from))
                {
                    string to = Path.Combine(copy, file);
                    Directory.CreateDirectory(Path.GetDirectoryName(to));
                    File.Copy(from, to);
                }
            }

            return copy;
        }

        /// <summary>The build's version in the copy: Firmware.Device's AssemblyVersion, three numbers.</summary>
        private static string BuildVersion(string clone)
        {
            string info = File.ReadAllText(Path.Combine(clone, "Firmware/Device/Properties/AssemblyInfo.cs"));
            Match m = Regex.Match(info, @"AssemblyVersion\(""(\d+\.\d+\.\d+)\.0""\)");
            Assert.IsTrue(m.Success, "Firmware.Device's AssemblyInfo.cs holds AssemblyVersion(\"a.b.c.0\")");
            return m.Groups[1].Value;
        }

        /// <summary>MSBuild and the compiler server left running by a build would hold the test's pipes open.</summary>
        private static void QuietBuilds(ProcessStartInfo start)
        {
            start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
            start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
            start.Environment["UseSharedCompilation"] = "false";
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
        }

        private static JsonObject Status(Subscriber judge) =>
            judge.Messages.Where(m => m.Topic == "sensors/twin-1/status").Select(m => JsonNode.Parse(m.Payload) as JsonObject).LastOrDefault(s => s?["fw"] != null);

        private static JsonObject WaitFor(Subscriber judge, CommandProcess twin, Func<JsonObject, bool> wanted, string what)
        {
            JsonObject found = null;
            WaitUntil(() => (found = Events(judge).FirstOrDefault(wanted)) != null, twin, what);
            return found;
        }

        private static IEnumerable<JsonObject> Events(Subscriber judge) =>
            judge.Messages.Where(m => m.Topic == "sensors/twin-1/events").Select(m => JsonNode.Parse(m.Payload) as JsonObject).Where(e => (string)e?["event"] == "ota");

        private static void WaitUntil(Func<bool> condition, CommandProcess twin, string what)
        {
            DateTime deadline = DateTime.UtcNow.AddMinutes(2);
            while (!condition())
            {
                Assert.IsFalse(twin.HasExited, $"the twin ended while waiting for {what}:\n{Tail(twin)}");
                Assert.IsTrue(DateTime.UtcNow < deadline, $"no {what} within 2 min:\n{Tail(twin)}");
                Thread.Sleep(50);
            }
        }

        /// <summary>The twin's lines that are not its sampling (loader, updater, radio), the last 80.</summary>
        private static string Tail(CommandProcess process)
        {
            string[] lines = process.Output.Split('\n').Where(l => !l.Contains(" sample ", StringComparison.Ordinal) && !l.Contains(" storage ", StringComparison.Ordinal)).ToArray();
            return string.Join("\n", lines.Skip(Math.Max(0, lines.Length - 80)));
        }
    }
}
