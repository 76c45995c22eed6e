using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Firmware.Device;
using Firmware.Host.Faults;
using Firmware.Host.Ota;

namespace Firmware.Host
{
    /// <summary>The twin's command line.</summary>
    public sealed class TwinOptions
    {
        private TimeSpan? _sampleInterval;

        public const string Usage =
@"firmware-twin: the firmware on desktop .NET with simulated hardware and a real MQTT broker.

Usage: dotnet run --project nf-targets/host -- [options]

  --broker mqtt://HOST:PORT   use this broker instead of the embedded one
  --port N                    port of the embedded broker (default: a free loopback port)
  --device-id ID              device identifier (default: the --config file's deviceId, else twin-1)
  --config FILE               device configuration file (the same JSON as I:\device.json on ESP32)
  --duration D                stop after this much device time: 90s, 45m, 6h, 2d (default: run until Ctrl+C)
  --speed X                   virtual-time factor for sleeps (default: 60; 20000 runs 6 h in about a second)
  --role R                    sensor (default: a battery climate sensor that deep-sleeps between samples and
                              boots again for each) or thermostat (mains: a BME280 in a simulated heated room, a
                              relay switching its heater, the thermostat in control, the radio always on)
  --sensor CHIP               the climate sensor's chip: bmp280, bme280 or bme680 (default: a simulated sensor
                              for the sensor role, a BME280 for a thermostat), found by its id as a board does
  --sample-interval D         time between samples (default: 5m; 1m for a thermostat)
  --radio-interval D          time between radio sessions on battery (default: the configuration's, 60m)
  --wifi-connect D            device time a Wi-Fi connect takes (default: 2s, the board profile's figure); a failed
                              one takes the whole network timeout
  --radio-rtt D               round trip to the broker in device time, per connect, subscription and window of
                              PUBACKs (default: 20ms; 0 for the loopback's own)
  --accept-ssid NAME          a Wi-Fi network besides the stored one that the simulated radio can join
  --factory-reset             erase configuration and state before starting (unsent readings are kept)
  --seed N                    seed for the simulated sensor, faults and the board's random generator (default:
                              sensor and faults 1, the generator fresh each run as a board's)
  --flash FILE                the simulated flash, kept between runs (default: .twin/<device-id>.flash)
  --fresh                     start from erased flash (stored readings, configuration, state and installed
                              updates are lost; the factory image is installed again)
  --flash-size K              size of the simulated flash region in KiB (default: 2048; at least 48; below
                              1104 there is no room for the two 512 KiB OTA slots and the application runs
                              without updates)
  --ota-key FILE              trust this public key for OTA manifests (a root key of the loader; repeatable)
  --factory-bundle FILE       the factory image (default: the twin's own firmware); it replaces another
                              factory image on the flash, never an image installed over the air
  --quiet                     show only warnings, errors and the final report
  --fault-broker-down W       make the broker unreachable during windows of device time, like 2h-5h,10h-11h
                              (connections refused, open ones cut when a window begins)
  --fault-drop-after N        cut every MQTT connection after the device sent N packets (CONNECT included)
  --fault-lose-pubacks P      lose each PUBACK on its way to the device with probability P (0 < P <= 1),
                              drawn from --seed
  --fault-latency D           add this round-trip latency (real time) between the device and the broker
  --fault-network-down W      no network at all during windows of device time, like 2h-5h (Wi-Fi scans until its
                              timeout, then the device sleeps)
  --help                      show this text

  ota ...                     keys, bundles and signed manifests for updates (ota --help)";

        private static readonly string[] Flags = { "--help", "-h", "--quiet", "--fresh", "--factory-reset" };
        private static readonly string[] ValueOptions = { "--role", "--sensor", "--broker", "--port", "--device-id", "--config", "--duration", "--sample-interval", "--speed", "--seed", "--flash", "--fault-broker-down", "--fault-drop-after", "--fault-lose-pubacks", "--radio-interval", "--wifi-connect", "--radio-rtt", "--accept-ssid", "--fault-latency", "--fault-network-down", "--flash-size", "--ota-key", "--factory-bundle" };

        public string BrokerHost { get; set; }

        public int BrokerPort { get; set; }

        public bool UseEmbeddedBroker => BrokerHost == null;

        public int EmbeddedPort { get; set; }

        /// <summary>The --device-id given, or null: then the configuration file's deviceId, else twin-1.</summary>
        public string DeviceId { get; set; }

        public string ConfigFile { get; private set; }

        /// <summary>The configuration file's JSON object, read and checked by <see cref="Parse"/>; null without --config.</summary>
        public JsonObject ConfigDocument { get; private set; }

        /// <summary>The longest radio interval the firmware accepts (radioIntervalSeconds).</summary>
        public static readonly TimeSpan MaxRadioInterval = TimeSpan.FromDays(7);

        public TimeSpan Duration { get; set; } = TimeSpan.Zero;

        public double Speed { get; set; } = 60;

        public TimeSpan SampleInterval
        {
            get => _sampleInterval ?? (Role == "thermostat" ? TimeSpan.FromMinutes(1) : TimeSpan.FromMinutes(5));
            set => _sampleInterval = value;
        }

        /// <summary>Time between radio sessions on battery; zero for the configuration's.</summary>
        public TimeSpan RadioInterval { get; set; } = TimeSpan.Zero;

        /// <summary>Device time a successful Wi-Fi connect takes.</summary>
        public TimeSpan WifiConnect { get; set; } = TimeSpan.FromSeconds(2);

        /// <summary>Round trip to the broker in device time (0: the loopback's own).</summary>
        public TimeSpan RadioRoundTrip { get; set; } = TimeSpan.FromMilliseconds(20);

        /// <summary>Longest real wait for an incoming message (the rest of a listening timeout passes in device time); not a command-line option.</summary>
        public int RealReceiveWaitMilliseconds { get; set; } = 25;

        /// <summary>A Wi-Fi network besides the stored one that the simulated radio can join, or null.</summary>
        public string AcceptedSsid { get; set; }

        /// <summary>Erase configuration and state before starting, keeping the reading log.</summary>
        public bool FactoryReset { get; set; }

        /// <summary>"sensor" or "thermostat".</summary>
        public string Role { get; set; } = "sensor";

        public bool IsThermostat => Role == "thermostat";

        /// <summary>The climate sensor's chip ("bmp280", "bme280", "bme680"), or null for the role's default.</summary>
        public string Sensor { get; set; }

        public int Seed { get; set; } = 1;

        /// <summary>
        /// The seed of the simulated board's random number generator (jitter, the reading log's epoch); null, the
        /// default, for a fresh one per run as a board's hardware generator gives; --seed sets it with the rest.
        /// </summary>
        public int? HardwareSeed { get; set; }

        public bool Quiet { get; set; }

        /// <summary>Faults injected between the device and the broker; inactive unless a --fault option is given.</summary>
        public FaultPlan Faults { get; } = new FaultPlan();

        /// <summary>The simulated flash's file; null for the default, <see cref="FlashPathFor"/>.</summary>
        public string FlashFile { get; set; }

        /// <summary>Size of the simulated flash region in bytes.</summary>
        public int FlashSizeBytes { get; set; } = Twin.FlashSize;

        /// <summary>Erase the flash before starting.</summary>
        public bool Fresh { get; set; }

        /// <summary>The flash file this run uses: the one given, or .twin/&lt;device-id&gt;.flash under the current folder.</summary>
        public string FlashPathFor(string deviceId) => FlashFile ?? Path.Combine(".twin", deviceId + ".flash");

        public bool ShowHelp { get; set; }

        /// <summary>Root public keys the twin's loader trusts for OTA manifests (32 bytes each).</summary>
        public List<byte[]> RootKeys { get; } = new List<byte[]>();

        /// <summary>The factory image (a bundle), or null for the twin's own firmware.</summary>
        public byte[] FactoryBundle { get; set; }

        /// <summary>Parses the command line; on error returns null and says why.</summary>
        public static TwinOptions Parse(string[] args, out string error)
        {
            TwinOptions options = new TwinOptions();
            error = null;
            for (int i = 0; i < args.Length; i++)
            {
                string arg = args[i];
                string value = null;
                if (Array.IndexOf(Flags, arg) < 0 && Array.IndexOf(ValueOptions, arg) < 0)
                {
                    error = $"unknown option '{arg}' (see --help)";
                    return null;
                }

                if (Array.IndexOf(ValueOptions, arg) >= 0)
                {
                    if (i + 1 >= args.Length)
                    {
                        error = $"{arg} needs a value";
                        return null;
                    }

                    value = args[++i];
                }

                switch (arg)
                {
                    case "--help":
                    case "-h":
                        options.ShowHelp = true;
                        break;
                    case "--quiet":
                        options.Quiet = true;
                        break;
                    case "--fresh":
                        options.Fresh = true;
                        break;
                    case "--flash-size":
                        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int kib) || kib < 48 || kib > 65536 || kib % 4 != 0)
                        {
                            error = $"--flash-size must be a whole number of KiB from 48 to 65536, a multiple of 4, not '{value}'";
                            return null;
                        }

                        options.FlashSizeBytes = kib * 1024;
                        break;
                    case "--factory-reset":
                        options.FactoryReset = true;
                        break;
                    case "--accept-ssid":
                        options.AcceptedSsid = value;
                        break;
                    case "--radio-interval":
                        if (!DurationText.TryParse(value, out TimeSpan radio, out error) || radio.TotalSeconds < 1 || radio.Milliseconds != 0 || radio > MaxRadioInterval)
                        {
                            error = "--radio-interval: " + (error ?? "whole seconds, at least 1s and at most 7d");
                            return null;
                        }

                        options.RadioInterval = radio;
                        break;
                    case "--wifi-connect":
                    case "--radio-rtt":
                    case "--fault-latency":
                        if (!TryParseShortDuration(value, out TimeSpan span))
                        {
                            error = $"{arg} must be a duration from 0 to 60s, like 2s or 50ms, not '{value}'";
                            return null;
                        }

                        if (arg == "--wifi-connect")
                        {
                            options.WifiConnect = span;
                        }
                        else if (arg == "--radio-rtt")
                        {
                            options.RadioRoundTrip = span;
                        }
                        else
                        {
                            options.Faults.LatencyMilliseconds = (int)span.TotalMilliseconds;
                        }

                        break;
                    case "--fault-network-down":
                        if (!options.Faults.TryAddNetworkDownWindows(value, out error))
                        {
                            error = "--fault-network-down: " + error;
                            return null;
                        }

                        break;
                    case "--flash":
                        if (string.IsNullOrWhiteSpace(value) || Directory.Exists(value))
                        {
                            error = $"--flash needs a file name, not '{value}'";
                            return null;
                        }

                        string folder = Path.GetDirectoryName(Path.GetFullPath(value));
                        if (!Directory.Exists(folder))
                        {
                            error = $"--flash: no folder '{folder}' for '{value}'";
                            return null;
                        }

                        options.FlashFile = value;
                        break;
                    case "--broker":
                        if (!TryParseBroker(value, out string host, out int port, out error))
                        {
                            return null;
                        }

                        options.BrokerHost = host;
                        options.BrokerPort = port;
                        break;
                    case "--port":
                        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int embedded) || embedded < 1 || embedded > 65535)
                        {
                            error = $"--port must be 1 to 65535, not '{value}'";
                            return null;
                        }

                        options.EmbeddedPort = embedded;
                        break;
                    case "--role":
                        if (value != "sensor" && value != "thermostat")
                        {
                            error = $"--role must be sensor or thermostat, not '{value}'";
                            return null;
                        }

                        options.Role = value;
                        break;
                    case "--sensor":
                        if (Array.IndexOf(Firmware.Host.Hardware.Bmxx80.BoschChips.Names, value) < 0)
                        {
                            error = $"--sensor must be bmp280, bme280 or bme680, not '{value}'";
                            return null;
                        }

                        options.Sensor = value;
                        break;
                    case "--device-id":
                        string idError = new DeviceConfig { DeviceId = value }.Validate();
                        if (idError != null)
                        {
                            error = "--device-id: " + idError;
                            return null;
                        }

                        options.DeviceId = value;
                        break;
                    case "--config":
                        if (!TryReadConfiguration(value, out JsonObject document, out error))
                        {
                            error = "--config: " + error;
                            return null;
                        }

                        options.ConfigFile = value;
                        options.ConfigDocument = document;
                        break;
                    case "--duration":
                        if (!DurationText.TryParse(value, out TimeSpan duration, out error))
                        {
                            error = "--duration: " + error;
                            return null;
                        }

                        options.Duration = duration;
                        break;
                    case "--sample-interval":
                        if (!DurationText.TryParse(value, out TimeSpan interval, out error) || interval.TotalSeconds < 1 || interval.TotalSeconds > 86400 || interval.Milliseconds != 0)
                        {
                            error = "--sample-interval: " + (error ?? "whole seconds from 1s to 1d");
                            return null;
                        }

                        options.SampleInterval = interval;
                        break;
                    case "--speed":
                        if (!double.TryParse(value, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out double speed) || !double.IsFinite(speed) || speed < 1 || speed > 1e9)
                        {
                            error = $"--speed must be a number from 1 to 1e9, not '{value}'";
                            return null;
                        }

                        options.Speed = speed;
                        break;
                    case "--seed":
                        if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int seed))
                        {
                            error = $"--seed must be a whole number, not '{value}'";
                            return null;
                        }

                        options.Seed = seed;
                        options.HardwareSeed = seed;
                        options.Faults.Seed = seed;
                        break;
                    case "--fault-broker-down":
                        if (!options.Faults.TryAddBrokerDownWindows(value, out error))
                        {
                            error = "--fault-broker-down: " + error;
                            return null;
                        }

                        break;
                    case "--fault-drop-after":
                        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int packets) || packets < 1)
                        {
                            error = $"--fault-drop-after must be a whole number of packets from 1, not '{value}'";
                            return null;
                        }

                        options.Faults.DropAfterPackets = packets;
                        break;
                    case "--fault-lose-pubacks":
                        if (!FaultPlan.TryParseProbability(value, out double probability, out error))
                        {
                            error = "--fault-lose-pubacks: " + error;
                            return null;
                        }

                        options.Faults.LosePubackProbability = probability;
                        break;
                    case "--ota-key":
                        try
                        {
                            options.RootKeys.Add(OtaKeys.ReadPublic(value));
                        }
                        catch (Exception e) when (e is IOException || e is InvalidDataException)
                        {
                            error = "--ota-key: " + e.Message;
                            return null;
                        }

                        break;
                    case "--factory-bundle":
                        if (!File.Exists(value))
                        {
                            error = $"--factory-bundle: no file '{value}'";
                            return null;
                        }

                        options.FactoryBundle = File.ReadAllBytes(value);
                        try
                        {
                            BundleWriter.Read(options.FactoryBundle);
                        }
                        catch (InvalidDataException e)
                        {
                            error = "--factory-bundle: " + e.Message;
                            return null;
                        }

                        break;
                    default:
                        error = $"unknown option '{arg}' (see --help)";
                        return null;
                }
            }

            if (options.RadioInterval > TimeSpan.Zero && options.RadioInterval < options.SampleInterval)
            {
                error = $"--radio-interval ({DurationText.Format(options.RadioInterval)}) must be at least the sample interval ({DurationText.Format(options.SampleInterval)})";
                return null;
            }

            if (options.ConfigDocument != null)
            {
                // The device would reject a bad file and run on its defaults (another broker, another interval): refuse it here.
                DeviceConfigReader reader = new DeviceConfigReader();
                byte[] deployed = Encoding.UTF8.GetBytes(options.DeployedConfiguration("127.0.0.1", 1883).ToJsonString());
                if (reader.Apply(new DeviceConfig(), deployed, 0, deployed.Length) == null)
                {
                    error = $"--config: the device would refuse '{options.ConfigFile}' with the command line's options laid over it: {reader.Error}";
                    return null;
                }
            }

            return options;
        }

        /// <summary>The configuration file's JSON with the command line's choices laid over it: what the twin deploys.</summary>
        public JsonObject DeployedConfiguration(string host, int port)
        {
            JsonObject json = ConfigDocument != null ? (JsonObject)ConfigDocument.DeepClone() : new JsonObject();
            if (DeviceId != null || json["deviceId"] == null)
            {
                json["deviceId"] = DeviceId ?? "twin-1";
            }

            json["brokerHost"] = host;
            json["brokerPort"] = port;
            json["sampleIntervalSeconds"] = (int)SampleInterval.TotalSeconds;
            if (RadioInterval > TimeSpan.Zero)
            {
                json["radioIntervalSeconds"] = (int)RadioInterval.TotalSeconds;
            }

            return json;
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
            catch (JsonException e)
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

        /// <summary>A duration of 0 to 60 s in milliseconds ("50ms") or seconds ("2s", "1.5s"), or "0".</summary>
        private static bool TryParseShortDuration(string text, out TimeSpan span)
        {
            span = TimeSpan.Zero;
            double number;
            if (text == "0")
            {
                return true;
            }

            if (text.EndsWith("ms", StringComparison.Ordinal) && double.TryParse(text.AsSpan(0, text.Length - 2), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out number))
            {
                span = TimeSpan.FromMilliseconds(number);
            }
            else if (text.EndsWith("s", StringComparison.Ordinal) && double.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out number))
            {
                span = TimeSpan.FromSeconds(number);
            }
            else
            {
                return false;
            }

            return span <= TimeSpan.FromSeconds(60);
        }

        private static bool TryParseBroker(string text, out string host, out int port, out string error)
        {
            host = null;
            port = 0;
            error = null;
            if (!Uri.TryCreate(text, UriKind.Absolute, out Uri uri) || uri.Scheme != "mqtt" || string.IsNullOrEmpty(uri.Host))
            {
                error = $"--broker must look like mqtt://host:port, not '{text}'";
                return false;
            }

            if (!uri.IsDefaultPort && (uri.Port < 1 || uri.Port > 65535))
            {
                error = $"--broker needs a port 1 to 65535, not {uri.Port} in '{text}'";
                return false;
            }

            host = uri.Host;
            port = uri.IsDefaultPort || uri.Port < 0 ? 1883 : uri.Port;
            return true;
        }
    }
}
