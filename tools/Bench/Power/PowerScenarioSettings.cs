namespace Firmware.Tools.Bench.Power
{
    /// <summary>
    /// Everything a simulated battery run assumes besides the board profile. Defaults are the issue's
    /// scenario: a sample every 5 minutes, a radio session every 60 minutes, 20 % of hours without network.
    /// </summary>
    public sealed class PowerScenarioSettings
    {
        public int Days { get; set; } = 365;

        public int SampleIntervalSeconds { get; set; } = 300;

        public int RadioIntervalSeconds { get; set; } = 3600;

        /// <summary>Share of hours (chosen at random, independently) in which no network is reachable.</summary>
        public double OutageFraction { get; set; } = 0.2;

        /// <summary>
        /// When 0 or more, the only outage: the network is unreachable from this hour for <see cref="OutageLengthHours"/>
        /// hours (instead of random hours), and the run measures how soon after it the device reaches the broker.
        /// </summary>
        public int OutageStartHour { get; set; } = -1;

        public int OutageLengthHours { get; set; }

        /// <summary>How long a wake tries to bring the network up before giving up (Wi-Fi scanning the whole time).</summary>
        public int NetworkTimeoutMilliseconds { get; set; } = 10000;

        /// <summary>TCP connect, MQTT CONNECT/CONNACK and SUBSCRIBE on the local network, radio listening.</summary>
        public int MqttConnectMilliseconds { get; set; } = 300;

        /// <summary>Retained status and state publishes, the sleeping status and DISCONNECT, radio listening.</summary>
        public int SessionOverheadMilliseconds { get; set; } = 200;

        /// <summary>Round trip to the broker, paid once per window of batches in flight.</summary>
        public int RoundTripMilliseconds { get; set; } = 20;

        public int BatchesInFlight { get; set; } = 4;

        /// <summary>Largest SenML payload of one publish.</summary>
        public int BatchBytes { get; set; } = 1024;

        /// <summary>One reading in a SenML batch (time, sequence and three channels).</summary>
        public int ReadingBytes { get; set; } = 110;

        /// <summary>Effective transmit rate in bit/s per µs (20 = 20 Mbit/s of an 802.11g/n link).</summary>
        public int TransmitBitsPerMicrosecond { get; set; } = 20;

        /// <summary>
        /// Managed code per wake besides boot and measurement: the loop's construction, sampling, the log, planning; the
        /// firmware's own figure, measured on the interpreter and scaled to an ESP32 (docs/power.md).
        /// </summary>
        public int CpuMillisecondsPerWake { get; set; } = Firmware.Power.PowerAverages.EstimatedCpuMillisecondsPerWake;

        /// <summary>Bytes one reading takes in the flash log; a page program each, a sector erase when a sector fills.</summary>
        public int LogRecordBytes { get; set; } = 32;

        public int SectorBytes { get; set; } = 4096;

        /// <summary>Page programs per wake for the state store (energy ledger, backoff, counters).</summary>
        public int StatePagesPerWake { get; set; } = 1;

        public long BackoffBaseMilliseconds { get; set; } = 3600000;

        public long BackoffCapMilliseconds { get; set; } = 2 * 3600000;

        public int Seed { get; set; } = 1;
    }
}
