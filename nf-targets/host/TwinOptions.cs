using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json.Nodes;
using Firmware.Device;
using Firmware.Host.Faults;

namespace Firmware.Host
{
    /// <summary>What a twin run is told: the command line's options (<see cref="TwinCommandLine"/>), checked as a whole.</summary>
    public sealed class TwinOptions
    {
        private TimeSpan? _sampleInterval;

        /// <summary>The text --help prints.</summary>
        public static string Usage => TwinCommandLine.HelpText();

        public string BrokerHost { get; set; }

        public int BrokerPort { get; set; }

        public bool UseEmbeddedBroker => BrokerHost == null;

        /// <summary>True for a broker given as mqtts://: the device connects over TLS.</summary>
        public bool BrokerTls { get; set; }

        /// <summary>The pinned CA (PEM) of --ca-certificate, or null (then the configuration file's, if any).</summary>
        public string CaCertificatePem { get; set; }

        /// <summary>The device's certificate and its key (PEM) for mutual TLS, or null.</summary>
        public string ClientCertificatePem { get; set; }

        public string ClientKeyPem { get; set; }

        /// <summary>The device's MQTT login, or null (then the configuration file's, if any).</summary>
        public string UserName { get; set; }

        public string Password { get; set; }

        /// <summary>Real time between progress lines of a run without --duration; not a command-line option.</summary>
        public TimeSpan ProgressEvery { get; set; } = TimeSpan.FromSeconds(10);

        public int EmbeddedPort { get; set; }

        /// <summary>The --device-id given, or null: then the configuration file's deviceId, else twin-1.</summary>
        public string DeviceId { get; set; }

        public string ConfigFile { get; set; }

        /// <summary>The configuration file's JSON object, read and checked by <see cref="Parse"/>; null without --config.</summary>
        public JsonObject ConfigDocument { get; set; }

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

        /// <summary>
        /// Longest real wait for an answer on its way (a PUBACK, an incoming message; longer by --fault-latency) before the
        /// rest of its timeout passes in device time; not a command-line option.
        /// </summary>
        public int RealReceiveWaitMilliseconds { get; set; } = 25;

        /// <summary>A Wi-Fi network besides the stored one that the simulated radio can join, or null.</summary>
        public string AcceptedSsid { get; set; }

        /// <summary>Erase configuration and state before starting, keeping the reading log.</summary>
        public bool FactoryReset { get; set; }

        /// <summary>
        /// The board has a setup access point and its setup button is held at power-on: the setup page is served on the
        /// loopback over the simulated Wi-Fi networks, and the board keeps no Wi-Fi credentials of its own.
        /// </summary>
        public bool Setup { get; set; }

        /// <summary>The setup page's loopback port; 0 for a free one.</summary>
        public int SetupPort { get; set; }

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

        /// <summary>Where the end-of-run report is also written as JSON (<see cref="TwinReport.ToJson"/>), or null.</summary>
        public string ReportJsonFile { get; set; }

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

        /// <summary>Root public keys the twin's loader trusts for OTA manifests (32 bytes each).</summary>
        public List<byte[]> RootKeys { get; } = new List<byte[]>();

        /// <summary>The factory image (a bundle), or null for the twin's own firmware.</summary>
        public byte[] FactoryBundle { get; set; }

        /// <summary>Parses a command line (without the ota commands); on error returns null and says why, one problem a line.</summary>
        public static TwinOptions Parse(string[] args, out string error)
        {
            TwinCommandLine line = new TwinCommandLine();
            return line.Bind(line.Parse(args), out error);
        }

        /// <summary>Checks the options as a whole (what one option cannot check alone); null when they are usable, else why not.</summary>
        public string Check()
        {
            if (RadioInterval > TimeSpan.Zero && RadioInterval < SampleInterval)
            {
                return $"--radio-interval ({DurationText.Format(RadioInterval)}) must be at least the sample interval ({DurationText.Format(SampleInterval)})";
            }

            if (SetupPort != 0 && !Setup)
            {
                return "--setup-port is for a twin run with --setup";
            }

            string access = CheckBrokerAccess();
            if (access != null)
            {
                return access;
            }

            // The device would reject a bad file and run on its defaults (another broker, another interval): refuse it here.
            DeviceConfigReader reader = new DeviceConfigReader();
            byte[] deployed = Encoding.UTF8.GetBytes(DeployedConfiguration("127.0.0.1", 1883).ToJsonString());
            if (reader.Apply(new DeviceConfig(), deployed, 0, deployed.Length) == null)
            {
                return ConfigFile != null
                    ? $"--config: the device would refuse '{ConfigFile}' with the command line's options laid over it: {reader.Error}"
                    : "the device would refuse the configuration these options make: " + reader.Error;
            }

            return null;
        }

        /// <summary>TLS and login: what the broker URL, the TLS files, the credentials and the configuration file say together.</summary>
        private string CheckBrokerAccess()
        {
            bool tlsFiles = CaCertificatePem != null || ClientCertificatePem != null || ClientKeyPem != null;
            if (UseEmbeddedBroker && tlsFiles)
            {
                return "--ca-certificate, --client-certificate and --client-key are for a TLS broker given with --broker mqtts://HOST:PORT (the embedded broker speaks plain MQTT)";
            }

            bool configTls = ConfigDocument?["tls"] is JsonValue tls && tls.TryGetValue(out bool on) && on;
            if (tlsFiles && !BrokerTls && !configTls)
            {
                return "--ca-certificate, --client-certificate and --client-key need TLS: give the broker as mqtts://HOST:PORT";
            }

            if (BrokerTls && CaCertificatePem == null && ConfigDocument?["caCertificate"] == null)
            {
                return $"--broker mqtts://{BrokerHost}:{BrokerPort} needs --ca-certificate FILE: the device pins its broker's CA and never uses the system's trust store";
            }

            if ((ClientCertificatePem == null) != (ClientKeyPem == null))
            {
                return "--client-certificate and --client-key go together: the device's certificate and its private key";
            }

            if (ClientCertificatePem != null)
            {
                try
                {
                    System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(ClientCertificatePem, ClientKeyPem).Dispose();
                }
                catch (Exception e) when (e is System.Security.Cryptography.CryptographicException || e is ArgumentException)
                {
                    return "--client-key is not the private key of --client-certificate (or is encrypted: the device needs it unencrypted)";
                }
            }

            if (Password != null && UserName == null && ConfigDocument?["userName"] == null)
            {
                return "--password needs --user-name";
            }

            return null;
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

            if (BrokerTls)
            {
                json["tls"] = true;
            }

            SetIfGiven(json, "caCertificate", CaCertificatePem);
            SetIfGiven(json, "clientCertificate", ClientCertificatePem);
            SetIfGiven(json, "clientKey", ClientKeyPem);
            SetIfGiven(json, "userName", UserName);
            SetIfGiven(json, "password", Password);
            return json;
        }

        private static void SetIfGiven(JsonObject json, string key, string value)
        {
            if (value != null)
            {
                json[key] = value;
            }
        }
    }
}
