using Firmware.Text;

namespace Firmware.Device
{
    /// <summary>
    /// The device's configuration: compiled defaults, overridden by the deployed configuration file and by the
    /// configuration document a broker sends. Plain data; <see cref="Validate"/> says what is wrong with it.
    /// Every key, its JSON name, range and default is listed in docs/uplink.md.
    /// </summary>
    public sealed class DeviceConfig
    {
        /// <summary>An alarm limit that is not set.</summary>
        public const int NoLimit = int.MinValue;

        /// <summary>Longest PEM text accepted for one certificate or key.</summary>
        public const int MaxPemLength = 4096;

        public DeviceConfig()
        {
            DeviceId = "device";
            TopicPrefix = "sensors";
            BrokerHost = "127.0.0.1";
            BrokerPort = 1883;
            SampleIntervalSeconds = 300;
            NetworkTimeoutMilliseconds = 15000;
            MqttTimeoutMilliseconds = 10000;
            AckTimeoutMilliseconds = 5000;
            PowerMode = PowerModes.Auto;
            BoardProfile = "esp32-wroom-2aa";
            RadioIntervalSeconds = 3600;
            MaxRadioIntervalSeconds = 86400;
            MainsTelemetryIntervalSeconds = 300;
            TargetLifeDays = 0;
            BatteryCapacityMilliampHours = 2500;
            LogFillPercent = 50;
            AlarmChannel = "temperature";
            AlarmBelowCenti = NoLimit;
            AlarmAboveCenti = NoLimit;
            MaxPayloadBytes = 2048;
            BatchesInFlight = 8;
            SessionBudgetSeconds = 30;
            WakeCapSeconds = 60;
            BackoffBaseSeconds = 0;
            BackoffCapSeconds = 0;
            CommandWaitMilliseconds = 100;
            Discovery = true;
            DiscoveryPrefix = "homeassistant";
        }

        /// <summary>Names the device in topics and SenML; 1 to 32 of [A-Za-z0-9_-]. Deployed configuration only.</summary>
        public string DeviceId { get; set; }

        /// <summary>First level(s) of every topic; 1 to 64 characters, no wildcards, no leading or trailing '/'. Deployed only.</summary>
        public string TopicPrefix { get; set; }

        public string BrokerHost { get; set; }

        public int BrokerPort { get; set; }

        /// <summary>Seconds between samples, 1 to 86400.</summary>
        public int SampleIntervalSeconds { get; set; }

        public int NetworkTimeoutMilliseconds { get; set; }

        public int MqttTimeoutMilliseconds { get; set; }

        /// <summary>How long to wait for a PUBACK before treating the message as not delivered.</summary>
        public int AckTimeoutMilliseconds { get; set; }

        /// <summary>"battery", "mains" or "auto" (mains when the board has a relay, else battery); see <see cref="PowerModes"/>.</summary>
        public string PowerMode { get; set; }

        /// <summary>The energy model's board: "esp32-wroom-2aa" or "esp32-wroom-liion".</summary>
        public string BoardProfile { get; set; }

        /// <summary>The configured (shortest) time between radio sessions on battery; a whole number of samples is used.</summary>
        public int RadioIntervalSeconds { get; set; }

        /// <summary>The planner never stretches the radio interval beyond this.</summary>
        public int MaxRadioIntervalSeconds { get; set; }

        /// <summary>
        /// On mains, the time between telemetry drains, 0 to 86400 (a whole number of samples is used): the readings go
        /// out in batches, since every reading is in the flash log from the moment it is stored. 0, or at most the sample
        /// interval, drains after every sample. Battery devices drain in every radio session and ignore it.
        /// </summary>
        public int MainsTelemetryIntervalSeconds { get; set; }

        /// <summary>The battery life to plan for, days; 0 for none (the radio interval as configured).</summary>
        public int TargetLifeDays { get; set; }

        public int BatteryCapacityMilliampHours { get; set; }

        /// <summary>A radio session runs early when the log is this full (percent of its capacity); 100 never.</summary>
        public int LogFillPercent { get; set; }

        /// <summary>The channel the alarm rule watches (a SenML name such as "temperature").</summary>
        public string AlarmChannel { get; set; }

        /// <summary>Alarm when the channel's value falls below this (hundredths of its unit), or <see cref="NoLimit"/>.</summary>
        public int AlarmBelowCenti { get; set; }

        /// <summary>Alarm when the channel's value rises above this (hundredths of its unit), or <see cref="NoLimit"/>.</summary>
        public int AlarmAboveCenti { get; set; }

        /// <summary>Largest SenML payload of one telemetry publish.</summary>
        public int MaxPayloadBytes { get; set; }

        /// <summary>Telemetry batches sent before their PUBACKs arrive.</summary>
        public int BatchesInFlight { get; set; }

        /// <summary>Longest a battery radio session keeps the radio on.</summary>
        public int SessionBudgetSeconds { get; set; }

        /// <summary>Hard cap on one wake (the watchdog forces the sleep); more than the session budget.</summary>
        public int WakeCapSeconds { get; set; }

        /// <summary>
        /// Bound of the first retry's delay after a failed session; 0 (the default) for the radio interval on battery
        /// (a failed hourly session is retried within the next hour) and <see cref="MainsBackoffBaseSeconds"/> on mains.
        /// </summary>
        public int BackoffBaseSeconds { get; set; }

        /// <summary>The default first-retry bound on mains, where a reconnect costs no boot.</summary>
        public const int MainsBackoffBaseSeconds = 60;

        /// <summary>The backoff base in force for a device in <paramref name="mains"/> mode.</summary>
        public int EffectiveBackoffBaseSeconds(bool mains)
        {
            if (BackoffBaseSeconds > 0)
            {
                return BackoffBaseSeconds;
            }

            int automatic = mains ? MainsBackoffBaseSeconds : RadioIntervalSeconds;
            int cap = EffectiveBackoffCapSeconds(mains);
            return automatic < cap ? automatic : cap;
        }

        /// <summary>
        /// Largest retry bound; 0 (the default) for twice the radio interval on battery and
        /// <see cref="MainsBackoffCapSeconds"/> on mains. Twice the radio interval makes the mean retry interval of a long
        /// outage the radio interval itself (full jitter): a battery device is back at the broker about 40 minutes after
        /// an outage ends on the default hourly interval (95 % within 95 minutes), for about 2 % of battery life in a
        /// year with a fifth of its hours offline (tools/Bench outage, docs/uplink.md).
        /// </summary>
        public int BackoffCapSeconds { get; set; }

        /// <summary>The default largest retry bound on mains: a thermostat is back within a quarter of an hour.</summary>
        public const int MainsBackoffCapSeconds = 900;

        /// <summary>The backoff cap in force for a device in <paramref name="mains"/> mode.</summary>
        public int EffectiveBackoffCapSeconds(bool mains)
        {
            if (BackoffCapSeconds > 0)
            {
                return BackoffCapSeconds;
            }

            long automatic = mains ? MainsBackoffCapSeconds : 2L * RadioIntervalSeconds;
            if (BackoffBaseSeconds > automatic)
            {
                automatic = BackoffBaseSeconds;
            }

            return automatic > 7 * 86400 ? 7 * 86400 : (int)automatic;
        }

        /// <summary>How long a session listens for commands the broker queued, after its own publishes.</summary>
        public int CommandWaitMilliseconds { get; set; }

        public bool UseTls { get; set; }

        /// <summary>PEM of the CA that signed the broker's certificate (pinned); required with TLS.</summary>
        public string CaCertificate { get; set; }

        /// <summary>PEM of the client certificate for mutual TLS, or null.</summary>
        public string ClientCertificate { get; set; }

        /// <summary>PEM of the client certificate's key, or null. A secret: never logged or reported.</summary>
        public string ClientKey { get; set; }

        public string UserName { get; set; }

        /// <summary>The MQTT password. A secret: never logged or reported.</summary>
        public string Password { get; set; }

        /// <summary>Wi-Fi network to use instead of the one stored on the device, or null.</summary>
        public string WifiSsid { get; set; }

        /// <summary>Its password. A secret: never logged or reported.</summary>
        public string WifiPassword { get; set; }

        /// <summary>
        /// A group's OTA announce topic heard besides the device's own <c>…/ota</c> (for example
        /// "sensors/groups/kitchen/ota"), or null for none; 1 to 128 characters without wildcards.
        /// </summary>
        public string OtaGroupTopic { get; set; }

        /// <summary>True (the default) to publish Home Assistant's MQTT discovery for the device; false removes it.</summary>
        public bool Discovery { get; set; }

        /// <summary>Home Assistant's discovery prefix: 1 to 64 printable ASCII characters, no wildcards, no leading or trailing '/'.</summary>
        public string DiscoveryPrefix { get; set; }

        /// <summary>The device's name in Home Assistant (1 to 64 characters), or null for its id.</summary>
        public string DeviceName { get; set; }

        /// <summary>A page that manages the device, for Home Assistant's device page (an http, https or homeassistant URL), or null.</summary>
        public string ConfigurationUrl { get; set; }

        /// <summary>The power mode this configuration gives a board with or without a relay.</summary>
        public bool IsMains(bool hasRelay)
        {
            return PowerMode == PowerModes.Mains || (PowerMode == PowerModes.Auto && hasRelay);
        }

        /// <summary>Null when the configuration is usable, else what is wrong with it.</summary>
        public string Validate()
        {
            if (!IsIdentifier(DeviceId, 32))
            {
                return "deviceId must be 1 to 32 characters of A-Z, a-z, 0-9, '_' or '-'";
            }

            if (!IsTopicPrefix(TopicPrefix))
            {
                return "topicPrefix must be 1 to 64 characters without '+', '#', leading or trailing '/'";
            }

            if (!IsHost(BrokerHost))
            {
                return "brokerHost must be a host name or address: 1 to 253 of A-Z, a-z, 0-9, '.', '-', '_' or ':'";
            }

            if (BrokerPort < 1 || BrokerPort > 65535)
            {
                return "brokerPort must be 1 to 65535, not " + BrokerPort.ToString();
            }

            if (SampleIntervalSeconds < 1 || SampleIntervalSeconds > 86400)
            {
                return "sampleIntervalSeconds must be 1 to 86400, not " + SampleIntervalSeconds.ToString();
            }

            string problem = Range("networkTimeoutMilliseconds", NetworkTimeoutMilliseconds, 100, 120000);
            problem = problem != null ? problem : Range("mqttTimeoutMilliseconds", MqttTimeoutMilliseconds, 100, 120000);
            problem = problem != null ? problem : Range("ackTimeoutMilliseconds", AckTimeoutMilliseconds, 100, 120000);
            problem = problem != null ? problem : Range("radioIntervalSeconds", RadioIntervalSeconds, SampleIntervalSeconds, 7 * 86400);
            problem = problem != null ? problem : Range("maxRadioIntervalSeconds", MaxRadioIntervalSeconds, RadioIntervalSeconds, 7 * 86400);
            problem = problem != null ? problem : Range("mainsTelemetryIntervalSeconds", MainsTelemetryIntervalSeconds, 0, 86400);
            problem = problem != null ? problem : Range("targetLifeDays", TargetLifeDays, 0, 36500);
            problem = problem != null ? problem : Range("batteryCapacityMah", BatteryCapacityMilliampHours, 1, 1000000);
            problem = problem != null ? problem : Range("logFillPercent", LogFillPercent, 10, 100);
            problem = problem != null ? problem : Range("maxPayloadBytes", MaxPayloadBytes, 256, 8192);
            problem = problem != null ? problem : Range("batchesInFlight", BatchesInFlight, 1, 16);
            problem = problem != null ? problem : Range("sessionBudgetSeconds", SessionBudgetSeconds, 5, 600);
            problem = problem != null ? problem : Range("wakeCapSeconds", WakeCapSeconds, SessionBudgetSeconds + 10, 900);
            problem = problem != null ? problem : Range("backoffBaseSeconds", BackoffBaseSeconds, 0, 86400);
            if (BackoffCapSeconds != 0)
            {
                problem = problem != null ? problem : Range("backoffCapSeconds", BackoffCapSeconds, BackoffBaseSeconds > 0 ? BackoffBaseSeconds : 1, 7 * 86400);
            }
            problem = problem != null ? problem : Range("commandWaitMilliseconds", CommandWaitMilliseconds, 0, 5000);
            if (problem != null)
            {
                return problem;
            }

            if (PowerMode != PowerModes.Auto && PowerMode != PowerModes.Battery && PowerMode != PowerModes.Mains)
            {
                return "powerMode must be \"battery\", \"mains\" or \"auto\"";
            }

            if (Firmware.Power.BoardProfiles.ByName(BoardProfile) == null)
            {
                return "boardProfile must be one of " + Firmware.Power.BoardProfiles.Names;
            }

            if (AlarmChannel == null || AlarmChannel.Length == 0 || AlarmChannel.Length > 32)
            {
                return "alarmChannel must be a channel name of 1 to 32 characters";
            }

            if (AlarmBelowCenti != NoLimit && AlarmAboveCenti != NoLimit && AlarmBelowCenti >= AlarmAboveCenti)
            {
                return "alarmBelow must be less than alarmAbove";
            }

            if (OtaGroupTopic != null && !IsTopic(OtaGroupTopic, 128))
            {
                return "otaGroupTopic must be a topic of 1 to 128 characters without '+', '#', leading or trailing '/'";
            }

            problem = ValidateDiscovery();
            return problem != null ? problem : ValidateSecurity();
        }

        private string ValidateDiscovery()
        {
            if (!IsTopic(DiscoveryPrefix, 64) || !IsPrintableAscii(DiscoveryPrefix))
            {
                return "discoveryPrefix must be 1 to 64 printable ASCII characters without '+', '#', spaces, leading or trailing '/'";
            }

            if (DeviceName != null && (DeviceName.Length == 0 || DeviceName.Length > 64 || HasControlCharacter(DeviceName)))
            {
                return "deviceName must be 1 to 64 characters without control characters";
            }

            if (ConfigurationUrl != null && (ConfigurationUrl.Length > 256 || !IsPrintableAscii(ConfigurationUrl)
                || !(IsUrl(ConfigurationUrl, "http://") || IsUrl(ConfigurationUrl, "https://") || IsUrl(ConfigurationUrl, "homeassistant://"))))
            {
                return "configurationUrl must be an http://, https:// or homeassistant:// URL of at most 256 printable ASCII characters without spaces";
            }

            return null;
        }

        private string ValidateSecurity()
        {
            if (UseTls && CaCertificate == null)
            {
                return "tls needs caCertificate (the PEM of the CA that signed the broker's certificate)";
            }

            string problem = Pem("caCertificate", CaCertificate, "CERTIFICATE");
            problem = problem != null ? problem : Pem("clientCertificate", ClientCertificate, "CERTIFICATE");
            problem = problem != null ? problem : Pem("clientKey", ClientKey, "PRIVATE KEY");
            if (problem != null)
            {
                return problem;
            }

            if ((ClientCertificate == null) != (ClientKey == null))
            {
                return "clientCertificate and clientKey go together";
            }

            if (ClientCertificate != null && !UseTls)
            {
                return "a client certificate needs tls";
            }

            if (Password != null && UserName == null)
            {
                return "password needs userName";
            }

            if (UserName != null && (UserName.Length == 0 || UserName.Length > 128))
            {
                return "userName must be 1 to 128 characters";
            }

            if (Password != null && Password.Length > 128)
            {
                return "password must be at most 128 characters";
            }

            if (WifiSsid != null && (WifiSsid.Length == 0 || WifiSsid.Length > 32))
            {
                return "wifiSsid must be 1 to 32 characters";
            }

            if (WifiPassword != null && (WifiSsid == null || WifiPassword.Length > 64))
            {
                return WifiSsid == null ? "wifiPassword needs wifiSsid" : "wifiPassword must be at most 64 characters";
            }

            return null;
        }

        private static string Range(string key, int value, int min, int max)
        {
            if (value < min || value > max)
            {
                return key + " must be " + min.ToString() + " to " + max.ToString() + ", not " + value.ToString();
            }

            return null;
        }

        private static string Pem(string key, string text, string kind)
        {
            if (text == null)
            {
                return null;
            }

            if (text.Length > MaxPemLength || Ordinal.IndexOf(text, "-----BEGIN ") < 0 || Ordinal.IndexOf(text, kind + "-----") < 0)
            {
                return key + " must be PEM text (-----BEGIN ..." + kind + "-----) of at most " + MaxPemLength.ToString() + " characters";
            }

            return null;
        }

        private static bool IsIdentifier(string text, int maxLength)
        {
            if (text == null || text.Length == 0 || text.Length > maxLength)
            {
                return false;
            }

            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }

        // A DNS name, an IPv4 address or an IPv6 literal: a space or a control character could only fail at connect time.
        private static bool IsHost(string text)
        {
            if (text == null || text.Length == 0 || text.Length > 253)
            {
                return false;
            }

            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_' || c == ':';
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsUrl(string text, string scheme)
        {
            return text.Length > scheme.Length && Ordinal.StartsWith(text, scheme);
        }

        private static bool IsPrintableAscii(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] <= ' ' || text[i] > '~')
                {
                    return false;
                }
            }

            return true;
        }

        private static bool HasControlCharacter(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] < 0x20 || text[i] == 0x7F)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsTopicPrefix(string text)
        {
            return IsTopic(text, 64);
        }

        private static bool IsTopic(string text, int maxLength)
        {
            if (text == null || text.Length == 0 || text.Length > maxLength || text[0] == '/' || text[text.Length - 1] == '/')
            {
                return false;
            }

            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '+' || c == '#' || c < 0x20)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
