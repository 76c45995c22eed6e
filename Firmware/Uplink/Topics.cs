namespace Firmware.Uplink
{
    /// <summary>The device's topics under <c>&lt;prefix&gt;/&lt;device&gt;/</c>, built once.</summary>
    public sealed class Topics
    {
        public Topics(string prefix, string deviceId)
        {
            string root = prefix + "/" + deviceId + "/";
            Telemetry = root + "telemetry";
            State = root + "state";
            Status = root + "status";
            Events = root + "events";
            Commands = root + "cmd/#";
            CommandRoot = root + "cmd/";
            Ota = root + "ota";
        }

        /// <summary>SenML batches of readings, QoS 1.</summary>
        public string Telemetry { get; private set; }

        /// <summary>Retained latest values.</summary>
        public string State { get; private set; }

        /// <summary>Retained health record; the last will writes "offline" here.</summary>
        public string Status { get; private set; }

        /// <summary>OTA results, faults, command answers.</summary>
        public string Events { get; private set; }

        /// <summary>Subscription filter for commands.</summary>
        public string Commands { get; private set; }

        /// <summary>Prefix of every command topic, to take the command name from a received topic.</summary>
        public string CommandRoot { get; private set; }

        /// <summary>OTA announcements.</summary>
        public string Ota { get; private set; }
    }
}
