using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using System.Threading;
using Firmware.Device;
using Firmware.Host.Faults;
using Firmware.Host.Ota;

namespace Firmware.Host
{
    /// <summary>
    /// The twin's command line on System.CommandLine: every option with its help text and its own validation message,
    /// the <c>ota</c> commands (run by <see cref="OtaTool"/>), help with the exit codes, and suggestions for a
    /// mistyped option or command. <see cref="TwinOptions.Parse"/> and <see cref="Program.Main"/> both go through it.
    /// </summary>
    public sealed class TwinCommandLine
    {
        private const int HelpWidth = 118;

        private static readonly ParserConfiguration Configuration = new ParserConfiguration
        {
            // "@file" is a file name here, never a response file; "-abc" is never three flags.
            ResponseFileTokenReplacer = null,
            EnablePosixBundling = false,
        };

        private readonly RootCommand _root;
        private readonly Command _ota;
        private readonly List<Command> _otaCommands = new List<Command>();
        private readonly Argument<string[]> _otaArguments = new Argument<string[]>("arguments") { Arity = ArgumentArity.ZeroOrMore };
        private readonly Command _fleet;
        private readonly Argument<string[]> _fleetArguments = new Argument<string[]>("arguments") { Arity = ArgumentArity.ZeroOrMore };

        private readonly Option<BrokerAddress> _broker;
        private readonly Option<int> _port;
        private readonly Option<string> _deviceId;
        private readonly Option<JsonObject> _config;
        private readonly Option<TimeSpan> _duration;
        private readonly Option<double> _speed;
        private readonly Option<string> _role;
        private readonly Option<string> _sensor;
        private readonly Option<TimeSpan> _sampleInterval;
        private readonly Option<TimeSpan> _radioInterval;
        private readonly Option<TimeSpan> _wifiConnect;
        private readonly Option<TimeSpan> _radioRtt;
        private readonly Option<string> _acceptSsid;
        private readonly Option<bool> _factoryReset;
        private readonly Option<bool> _setup;
        private readonly Option<int> _setupPort;
        private readonly Option<int> _seed;
        private readonly Option<string> _flash;
        private readonly Option<bool> _fresh;
        private readonly Option<int> _flashSize;
        private readonly Option<string> _caCertificate;
        private readonly Option<string> _clientCertificate;
        private readonly Option<string> _clientKey;
        private readonly Option<string> _userName;
        private readonly Option<string> _password;
        private readonly Option<List<byte[]>> _otaKey;
        private readonly Option<byte[]> _factoryBundle;
        private readonly Option<bool> _quiet;
        private readonly Option<string> _reportJson;
        private readonly Option<List<string>> _faultBrokerDown;
        private readonly Option<int> _faultDropAfter;
        private readonly Option<double> _faultLosePubacks;
        private readonly Option<TimeSpan> _faultLatency;
        private readonly Option<List<string>> _faultNetworkDown;

        public TwinCommandLine()
        {
            _root = new RootCommand("firmware-twin: the firmware on desktop .NET with simulated hardware and a real MQTT broker.");
            _broker = Value<BrokerAddress>("--broker", "URL", "use this broker instead of the embedded one: mqtt://HOST:PORT (default port 1883) or mqtts://HOST:PORT (TLS with a pinned CA, default port 8883)",
                (string text, out BrokerAddress value) =>
                {
                    value = BrokerAddress.Parse(text, out string error);
                    return error;
                });
            _port = Value<int>("--port", "N", "port of the embedded broker (default: a free loopback port)",
                (string text, out int value) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= 1 && value <= 65535
                    ? null : $"--port must be 1 to 65535, not '{text}'");
            _deviceId = Value<string>("--device-id", "ID", "device identifier (default: the --config file's deviceId, else twin-1)",
                (string text, out string value) =>
                {
                    value = text;
                    string error = new DeviceConfig { DeviceId = text }.Validate();
                    return error == null ? null : "--device-id: " + error;
                });
            _config = Value<JsonObject>("--config", "FILE", "device configuration file (the same JSON as I:\\device.json on ESP32; keys in docs/uplink.md)",
                (string text, out JsonObject value) => TryReadConfiguration(text, out value, out string error) ? null : "--config: " + error);
            _duration = Value<TimeSpan>("--duration", "D", "stop after this much device time: 90s, 45m, 6h, 2d, 1h30m (default: run until Ctrl+C)",
                (string text, out TimeSpan value) => DurationText.TryParse(text, out value, out string error) ? null : "--duration: " + error);
            _speed = Value<double>("--speed", "X", "virtual-time factor for sleeps (default: 60; 20000 runs 6 h in about a second)",
                (string text, out double value) => double.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value)
                    && double.IsFinite(value) && value >= 1 && value <= 1e9 ? null : $"--speed must be a number from 1 to 1e9, not '{text}'");
            _role = Value<string>("--role", "R", "sensor (default: a battery climate sensor that deep-sleeps between samples and boots again for each) or "
                + "thermostat (mains: a BME280 in a simulated heated room, a relay switching its heater, the thermostat in control, the radio always on)",
                (string text, out string value) =>
                {
                    value = text;
                    return text == "sensor" || text == "thermostat" ? null : $"--role must be sensor or thermostat, not '{text}'";
                });
            _role.CompletionSources.Add("sensor", "thermostat");
            _sensor = Value<string>("--sensor", "CHIP", "the climate sensor's chip: bmp280, bme280 or bme680 (default: a simulated sensor for the sensor role, a BME280 for a thermostat), "
                + "found by its id as a board does",
                (string text, out string value) =>
                {
                    value = text;
                    return Array.IndexOf(Hardware.Bmxx80.BoschChips.Names, text) >= 0 ? null : $"--sensor must be bmp280, bme280 or bme680, not '{text}'";
                });
            _sensor.CompletionSources.Add(Hardware.Bmxx80.BoschChips.Names);
            _sampleInterval = Value<TimeSpan>("--sample-interval", "D", "time between samples (default: 5m; 1m for a thermostat)",
                (string text, out TimeSpan value) => DurationText.TryParse(text, out value, out string error) && value.TotalSeconds >= 1 && value.TotalSeconds <= 86400 && value.Milliseconds == 0
                    ? null : "--sample-interval: " + (error ?? "whole seconds from 1s to 1d"));
            _radioInterval = Value<TimeSpan>("--radio-interval", "D", "time between radio sessions on battery (default: the configuration's, 60m)",
                (string text, out TimeSpan value) => DurationText.TryParse(text, out value, out string error) && value.TotalSeconds >= 1 && value.Milliseconds == 0 && value <= TwinOptions.MaxRadioInterval
                    ? null : "--radio-interval: " + (error ?? "whole seconds, at least 1s and at most 7d"));
            _wifiConnect = ShortDuration("--wifi-connect", "device time a Wi-Fi connect takes (default: 2s, the board profile's figure); a failed one takes the whole network timeout");
            _radioRtt = ShortDuration("--radio-rtt", "round trip to the broker in device time, per connect, subscription and window of PUBACKs (default: 20ms; 0 for the loopback's own)");
            _acceptSsid = Value<string>("--accept-ssid", "NAME", "a Wi-Fi network besides the stored one that the simulated radio can join",
                (string text, out string value) =>
                {
                    value = text;
                    return null;
                });
            _factoryReset = Flag("--factory-reset", "erase configuration and state before starting (unsent readings are kept); setup opens, as after a board's factory reset");
            _setup = Flag("--setup", "a board with a setup access point, its setup button held at power-on: the setup page is served on http://127.0.0.1:PORT/ "
                + "over simulated Wi-Fi networks (home, office, guest; see nf-targets/host/README.md), and submitting it brings the device online");
            _setupPort = Value<int>("--setup-port", "N", "with --setup: the setup page's port (default: a free loopback port)",
                (string text, out int value) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= 1 && value <= 65535
                    ? null : $"--setup-port must be 1 to 65535, not '{text}'");
            _seed = Value<int>("--seed", "N", "seed for the simulated sensor, faults and the board's random generator (default: sensor and faults 1, the generator fresh each run as a board's)",
                (string text, out int value) => int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value) ? null : $"--seed must be a whole number, not '{text}'");
            _flash = Value<string>("--flash", "FILE", "the simulated flash, kept between runs (default: .twin/<device-id>.flash)",
                (string text, out string value) => OutputFile("--flash", text, out value));
            _fresh = Flag("--fresh", "start from erased flash (stored readings, configuration, state and installed updates are lost; the factory image is installed again)");
            _flashSize = Value<int>("--flash-size", "K", "size of the simulated flash region in KiB (default: 2048; at least 48; below 1104 there is no room for the two 512 KiB OTA slots and the application runs without updates)",
                (string text, out int value) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= 48 && value <= 65536 && value % 4 == 0
                    ? null : $"--flash-size must be a whole number of KiB from 48 to 65536, a multiple of 4, not '{text}'");
            _caCertificate = Pem("--ca-certificate", "FILE", "with mqtts://: the broker's CA certificate (PEM), pinned as the only trust anchor (the device's caCertificate)", "CERTIFICATE");
            _clientCertificate = Pem("--client-certificate", "FILE", "with mqtts://: the device's certificate (PEM) for a broker that requires one (clientCertificate); needs --client-key", "CERTIFICATE");
            _clientKey = Pem("--client-key", "FILE", "the private key (PEM) of --client-certificate (clientKey)", "PRIVATE KEY");
            _userName = Credential("--user-name", "NAME", "user name the device logs in with (userName)");
            _password = Credential("--password", "TEXT", "password the device logs in with (password); a --config file can carry it instead, off the command line");
            _otaKey = Repeatable<byte[]>("--ota-key", "FILE", "trust this public key for OTA manifests (a root key of the loader; repeatable)", ReadRootKey);
            _factoryBundle = Value<byte[]>("--factory-bundle", "FILE", "the factory image (default: the twin's own firmware); it replaces another factory image on the flash, never an image installed over the air",
                (string text, out byte[] value) => TryReadBundle(text, out value));
            _quiet = Flag("--quiet", "show only warnings, errors and the final report");
            _reportJson = Value<string>("--report-json", "FILE", "also write the end-of-run report to FILE as JSON, for scripts and CI (keys in nf-targets/host/README.md)",
                (string text, out string value) => OutputFile("--report-json", text, out value));
            _faultBrokerDown = Repeatable<string>("--fault-broker-down", "W", "make the broker unreachable during windows of device time, like 2h-5h,10h-11h (connections refused, open ones cut when a window begins)",
                (string text, out string value) =>
                {
                    value = text;
                    return new FaultPlan().TryAddBrokerDownWindows(text, out string error) ? null : "--fault-broker-down: " + error;
                });
            _faultDropAfter = Value<int>("--fault-drop-after", "N", "cut every MQTT connection after the device sent N packets (CONNECT included)",
                (string text, out int value) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= 1
                    ? null : $"--fault-drop-after must be a whole number of packets from 1, not '{text}'");
            _faultLosePubacks = Value<double>("--fault-lose-pubacks", "P", "lose each PUBACK on its way to the device with probability P (0 < P <= 1), drawn from --seed",
                (string text, out double value) => FaultPlan.TryParseProbability(text, out value, out string error) ? null : "--fault-lose-pubacks: " + error);
            _faultLatency = ShortDuration("--fault-latency", "add this round-trip latency (real time) between the device and the broker");
            _faultNetworkDown = Repeatable<string>("--fault-network-down", "W", "no network at all during windows of device time, like 2h-5h (Wi-Fi scans until its timeout, then the device sleeps)",
                (string text, out string value) =>
                {
                    value = text;
                    return new FaultPlan().TryAddNetworkDownWindows(text, out string error) ? null : "--fault-network-down: " + error;
                });

            _ota = new Command("ota", "ota ...: keys, bundles and signed manifests for updates (ota --help lists the commands)");
            foreach ((string name, string summary) in OtaTool.Commands)
            {
                Command command = new Command(name, summary) { TreatUnmatchedTokensAsErrors = false };
                command.Arguments.Add(_otaArguments);
                _ota.Subcommands.Add(command);
                _otaCommands.Add(command);
            }

            _root.Subcommands.Add(_ota);
            _fleet = new Command("fleet", "fleet ...: many simulated devices on one time line against one broker, and fleet monitor, the fleet's metrics from MQTT (fleet --help)")
            {
                TreatUnmatchedTokensAsErrors = false,
            };
            _fleet.Arguments.Add(_fleetArguments);
            _root.Subcommands.Add(_fleet);
            _root.Options.OfType<HelpOption>().Single().Action = new TwinHelpAction(HelpWidth);
        }

        /// <summary>The text --help prints.</summary>
        public static string HelpText()
        {
            StringWriter output = new StringWriter();
            TwinCommandLine line = new TwinCommandLine();
            line._root.Parse(new[] { "--help" }, Configuration).Invoke(new InvocationConfiguration { Output = output, Error = output });
            return output.ToString().TrimEnd();
        }

        public ParseResult Parse(IReadOnlyList<string> args) => _root.Parse(args, Configuration);

        /// <summary>
        /// Runs a command line: help, an ota command, or (after <see cref="Bind"/>) <paramref name="run"/>. A bad
        /// command line is answered with "error: ..." on <paramref name="error"/> and <see cref="TwinExitCodes.Usage"/>.
        /// </summary>
        public int Invoke(string[] args, TextWriter output, TextWriter error, Func<TwinOptions, int> run)
        {
            ParseResult result = Parse(args);
            if (result.Errors.Count == 0 && result.Action is not null && result.CommandResult.Command == _root)
            {
                // --help or --version (the root command has no action of its own).
                return result.Invoke(new InvocationConfiguration { Output = output, Error = error });
            }

            Command command = result.CommandResult.Command;
            if (_otaCommands.Contains(command) && command.Name == "rollout")
            {
                // The rollout parses its own commands and options (and its --help), and runs until Ctrl+C.
                return WithCancel(stop => Ota.Rollout.RolloutTool.Run(args.SkipWhile(a => a != "rollout").Skip(1).ToArray(), output, error, stop));
            }

            if (_otaCommands.Contains(command))
            {
                if (result.Action is TwinHelpAction)
                {
                    output.WriteLine(OtaTool.Usage);
                    return TwinExitCodes.Success;
                }

                return OtaTool.Run(new[] { command.Name }.Concat(result.GetValue(_otaArguments) ?? Array.Empty<string>()).ToArray(), output, error);
            }

            if (command == _fleet)
            {
                // The fleet parses its own options (and its --help).
                string[] rest = args.SkipWhile(a => a != "fleet").Skip(1).ToArray();
                return WithCancel(stop => Fleet.FleetTool.Run(rest, output, error, stop));
            }

            if (command == _ota && result.UnmatchedTokens.Count == 0)
            {
                // "ota" alone or "ota --help": the tool's own usage (and its exit code: 2 without a command).
                return OtaTool.Run(result.Action is TwinHelpAction ? new[] { "--help" } : Array.Empty<string>(), output, error);
            }

            TwinOptions options = Bind(result, out string problem);
            if (options == null)
            {
                error.WriteLine("error: " + problem.Replace("\n", "\n       ", StringComparison.Ordinal));
                return TwinExitCodes.Usage;
            }

            return run(options);
        }

        /// <summary>Runs a long command that Ctrl+C stops through its cancellation token (it then ends its work and reports).</summary>
        private static int WithCancel(Func<CancellationToken, int> run)
        {
            using CancellationTokenSource stop = new CancellationTokenSource();
            ConsoleCancelEventHandler cancel = (sender, e) =>
            {
                e.Cancel = true;
                stop.Cancel();
            };
            Console.CancelKeyPress += cancel;
            try
            {
                return run(stop.Token);
            }
            finally
            {
                Console.CancelKeyPress -= cancel;
            }
        }

        /// <summary>The options of a parsed command line, checked as a whole; null with every reason when it is not usable.</summary>
        public TwinOptions Bind(ParseResult result, out string error)
        {
            error = Describe(result);
            if (error != null)
            {
                return null;
            }

            if (result.CommandResult.Command != _root)
            {
                error = "the ota commands make keys, bundles and manifests; they are run with firmware-twin ota ..., not as options of a twin run";
                return null;
            }

            TwinOptions options = new TwinOptions();
            if (Given(result, _broker))
            {
                BrokerAddress broker = result.GetValue(_broker);
                options.BrokerHost = broker.Host;
                options.BrokerPort = broker.Port;
                options.BrokerTls = broker.Tls;
            }

            Set(result, _port, v => options.EmbeddedPort = v);
            Set(result, _deviceId, v => options.DeviceId = v);
            Set(result, _config, v =>
            {
                options.ConfigFile = result.GetResult(_config).Tokens[0].Value;
                options.ConfigDocument = v;
            });
            Set(result, _duration, v => options.Duration = v);
            Set(result, _speed, v => options.Speed = v);
            Set(result, _role, v => options.Role = v);
            Set(result, _sensor, v => options.Sensor = v);
            Set(result, _sampleInterval, v => options.SampleInterval = v);
            Set(result, _radioInterval, v => options.RadioInterval = v);
            Set(result, _wifiConnect, v => options.WifiConnect = v);
            Set(result, _radioRtt, v => options.RadioRoundTrip = v);
            Set(result, _acceptSsid, v => options.AcceptedSsid = v);
            options.FactoryReset = Given(result, _factoryReset);
            options.Setup = Given(result, _setup);
            Set(result, _setupPort, v => options.SetupPort = v);
            Set(result, _seed, v =>
            {
                options.Seed = v;
                options.HardwareSeed = v;
                options.Faults.Seed = v;
            });
            Set(result, _flash, v => options.FlashFile = v);
            options.Fresh = Given(result, _fresh);
            Set(result, _flashSize, v => options.FlashSizeBytes = v * 1024);
            Set(result, _caCertificate, v => options.CaCertificatePem = v);
            Set(result, _clientCertificate, v => options.ClientCertificatePem = v);
            Set(result, _clientKey, v => options.ClientKeyPem = v);
            Set(result, _userName, v => options.UserName = v);
            Set(result, _password, v => options.Password = v);
            Set(result, _otaKey, v => options.RootKeys.AddRange(v));
            Set(result, _factoryBundle, v => options.FactoryBundle = v);
            options.Quiet = Given(result, _quiet);
            Set(result, _reportJson, v => options.ReportJsonFile = v);
            Set(result, _faultBrokerDown, v => v.ForEach(windows => options.Faults.TryAddBrokerDownWindows(windows, out _)));
            Set(result, _faultDropAfter, v => options.Faults.DropAfterPackets = v);
            Set(result, _faultLosePubacks, v => options.Faults.LosePubackProbability = v);
            Set(result, _faultLatency, v => options.Faults.LatencyMilliseconds = (int)v.TotalMilliseconds);
            Set(result, _faultNetworkDown, v => v.ForEach(windows => options.Faults.TryAddNetworkDownWindows(windows, out _)));
            error = options.Check();
            return error == null ? options : null;
        }

        /// <summary>Every problem of a parse in the twin's words, one a line (with the library's suggestions for a mistyped name); null when there is none.</summary>
        private string Describe(ParseResult result)
        {
            List<string> problems = new List<string>();
            foreach (ParseError e in result.Errors)
            {
                string problem = e.SymbolResult switch
                {
                    OptionResult option when option.Tokens.Count == 0 => $"{option.Option.Name} needs a value",
                    OptionResult option when option.Tokens.Count > 1 && option.Option.Arity.MaximumNumberOfValues == 1 => $"{option.Option.Name} is given more than once",
                    OptionResult or ArgumentResult => e.Message,
                    _ => null, // unmatched tokens and a missing ota command: below
                };
                if (problem != null && !problems.Contains(problem))
                {
                    problems.Add(problem);
                }
            }

            Dictionary<string, List<string>> suggestions = result.UnmatchedTokens.Count > 0 ? Suggestions(result) : null;
            bool inOta = result.CommandResult.Command == _ota;
            for (int i = 0; i < result.UnmatchedTokens.Count; i++)
            {
                string token = result.UnmatchedTokens[i];
                bool dashed = token.StartsWith('-');
                if ((inOta && i > 0) || (!dashed && i > 0 && result.UnmatchedTokens[i - 1].StartsWith('-')))
                {
                    // The rest of a mistyped ota command, or the value of a mistyped option: the first word says it.
                    continue;
                }

                string problem = inOta
                    ? $"unknown ota command '{token}' (see ota --help)"
                    : dashed ? $"unknown option '{token}' (see --help)" : $"unexpected argument '{token}': options take the form --name value (see --help)";

                // An option for a mistyped option, a command for a mistyped word; never "-h" for a stray value.
                List<string> similar = suggestions.TryGetValue(token, out List<string> all)
                    ? all.Where(s => dashed ? s.StartsWith("--", StringComparison.Ordinal) : !s.StartsWith('-')).ToList()
                    : new List<string>();
                if (similar.Count > 0)
                {
                    problem += "; did you mean " + string.Join(" or ", similar) + "?";
                }

                problems.Add(problem);
            }

            return problems.Count == 0 ? null : string.Join("\n", problems);
        }

        /// <summary>The library's typo corrections for the unmatched tokens, read from what its parse-error action prints.</summary>
        private static Dictionary<string, List<string>> Suggestions(ParseResult result)
        {
            Dictionary<string, List<string>> found = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            if (result.Action is not ParseErrorAction action)
            {
                return found;
            }

            action.ShowHelp = false;
            action.ShowTypoCorrections = true;
            StringWriter output = new StringWriter();
            result.Invoke(new InvocationConfiguration { Output = output, Error = TextWriter.Null });
            List<string> current = null;
            foreach (string line in output.ToString().Split('\n').Select(l => l.TrimEnd('\r')))
            {
                int end = line.StartsWith('\'') ? line.IndexOf("' ", 1, StringComparison.Ordinal) : -1;
                string token = end > 0 ? line.Substring(1, end - 1) : null;
                if (token != null && result.UnmatchedTokens.Contains(token))
                {
                    found[token] = current = new List<string>();
                }
                else if (current != null && line.Length > 0 && !line.Contains(' '))
                {
                    current.Add(line);
                }
            }

            return found;
        }

        /// <summary>A file the twin writes: a name (not a folder) in a folder that exists; null, or the message for a bad one.</summary>
        private static string OutputFile(string option, string text, out string value)
        {
            value = text;
            if (string.IsNullOrWhiteSpace(text) || Directory.Exists(text))
            {
                return $"{option} needs a file name, not '{text}'";
            }

            string folder = Path.GetDirectoryName(Path.GetFullPath(text));
            return Directory.Exists(folder) ? null : $"{option}: no folder '{folder}' for '{text}'";
        }

        private static bool Given(ParseResult result, Option option) => result.GetResult(option) is OptionResult given && !given.Implicit;

        private static void Set<T>(ParseResult result, Option<T> option, Action<T> apply)
        {
            if (Given(result, option))
            {
                apply(result.GetValue(option));
            }
        }

        private delegate string ValueParser<T>(string text, out T value);

        /// <summary>An option with one value, checked by <paramref name="parse"/> (null, or the message for a bad value).</summary>
        private Option<T> Value<T>(string name, string helpName, string description, ValueParser<T> parse)
        {
            Option<T> option = new Option<T>(name)
            {
                HelpName = helpName,
                Description = description,
                Arity = ArgumentArity.ExactlyOne,
                CustomParser = result =>
                {
                    string message = parse(result.Tokens[0].Value, out T value);
                    if (message != null)
                    {
                        result.AddError(message);
                    }

                    return value;
                },
            };
            _root.Options.Add(option);
            return option;
        }

        /// <summary>An option that may be given many times, each time with one value.</summary>
        private Option<List<T>> Repeatable<T>(string name, string helpName, string description, ValueParser<T> parse)
        {
            Option<List<T>> option = new Option<List<T>>(name)
            {
                HelpName = helpName,
                Description = description,
                Arity = ArgumentArity.OneOrMore,
                AllowMultipleArgumentsPerToken = false,
                CustomParser = result =>
                {
                    List<T> values = new List<T>();
                    foreach (Token token in result.Tokens)
                    {
                        string message = parse(token.Value, out T value);
                        if (message != null)
                        {
                            result.AddError(message);
                            break;
                        }

                        values.Add(value);
                    }

                    return values;
                },
            };
            _root.Options.Add(option);
            return option;
        }

        private Option<bool> Flag(string name, string description)
        {
            Option<bool> option = new Option<bool>(name) { Description = description, Arity = ArgumentArity.Zero };
            _root.Options.Add(option);
            return option;
        }

        /// <summary>A duration of 0 to 60 s in milliseconds ("50ms") or seconds ("2s", "1.5s"), or "0".</summary>
        private Option<TimeSpan> ShortDuration(string name, string description)
        {
            return Value<TimeSpan>(name, "D", description, (string text, out TimeSpan span) =>
            {
                span = TimeSpan.Zero;
                double number;
                if (text == "0")
                {
                    return null;
                }

                if (text.EndsWith("ms", StringComparison.Ordinal) && double.TryParse(text.AsSpan(0, text.Length - 2), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out number))
                {
                    span = TimeSpan.FromMilliseconds(number);
                }
                else if (text.EndsWith("s", StringComparison.Ordinal) && double.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out number))
                {
                    span = TimeSpan.FromSeconds(number);
                }

                return span > TimeSpan.Zero && span <= TimeSpan.FromSeconds(60) ? null : $"{name} must be a duration from 0 to 60s, like 2s or 50ms, not '{text}'";
            });
        }

        /// <summary>A PEM file (a certificate or a private key), read and checked; its text is the value.</summary>
        private Option<string> Pem(string name, string helpName, string description, string label)
        {
            return Value<string>(name, helpName, description, (string text, out string value) =>
            {
                value = null;
                if (!File.Exists(text))
                {
                    return $"{name}: no file '{text}'";
                }

                string pem = File.ReadAllText(text);
                if (!PemEncoding.TryFind(pem, out PemFields fields) || !pem[fields.Label].EndsWith(label, StringComparison.Ordinal))
                {
                    return $"{name}: '{text}' is not a PEM {(label == "CERTIFICATE" ? "certificate" : "private key")} (-----BEGIN {label}-----)";
                }

                if (label == "CERTIFICATE")
                {
                    try
                    {
                        X509Certificate2.CreateFromPem(pem).Dispose();
                    }
                    catch (CryptographicException)
                    {
                        return $"{name}: '{text}' holds no readable certificate";
                    }
                }

                value = pem;
                return null;
            });
        }

        private Option<string> Credential(string name, string helpName, string description)
        {
            return Value<string>(name, helpName, description, (string text, out string value) =>
            {
                value = text;
                return text.Length >= 1 && text.Length <= 128 ? null : $"{name} must be 1 to 128 characters";
            });
        }

        /// <summary>A root key for --ota-key: a public key file. A private key is refused: the signing key stays offline, and only its public half belongs on a device.</summary>
        private static string ReadRootKey(string path, out byte[] key)
        {
            key = null;
            try
            {
                if (File.Exists(path) && File.ReadAllText(path).StartsWith(OtaKeys.PrivatePrefix, StringComparison.Ordinal))
                {
                    return $"--ota-key: '{path}' is a private key; give its public key (the .pub file ota keygen wrote beside it): a device holds only public keys, the signing key stays offline";
                }

                key = OtaKeys.ReadPublic(path);
                return null;
            }
            catch (Exception e) when (e is IOException || e is InvalidDataException || e is UnauthorizedAccessException)
            {
                return "--ota-key: " + e.Message;
            }
        }

        private static string TryReadBundle(string path, out byte[] bundle)
        {
            bundle = null;
            if (!File.Exists(path))
            {
                return $"--factory-bundle: no file '{path}'";
            }

            bundle = File.ReadAllBytes(path);
            try
            {
                BundleWriter.Read(bundle);
                return null;
            }
            catch (InvalidDataException e)
            {
                return "--factory-bundle: " + e.Message;
            }
        }

        private static bool TryReadConfiguration(string file, out JsonObject document, out string error)
        {
            document = null;
            error = null;
            if (!File.Exists(file))
            {
                error = $"no file '{file}'";
                return false;
            }

            JsonNode node;
            try
            {
                node = JsonNode.Parse(File.ReadAllText(file));
            }
            catch (System.Text.Json.JsonException e)
            {
                error = $"'{file}' is not JSON: {e.Message}";
                return false;
            }
            catch (IOException e)
            {
                error = $"cannot read '{file}': {e.Message}";
                return false;
            }

            document = node as JsonObject;
            if (document == null)
            {
                error = $"'{file}' must hold a JSON object";
                return false;
            }

            return true;
        }
    }
}
