namespace Firmware.Host.Fleet
{
    /// <summary>What a fleet run cost on this machine.</summary>
    public sealed class FleetScale
    {
        public int Devices { get; init; }

        public double SimulatedDays { get; init; }

        /// <summary>Real seconds from the first window to the last device's end.</summary>
        public double RealSeconds { get; init; }

        /// <summary>Simulated device-days per real second.</summary>
        public double DeviceDaysPerSecond => RealSeconds > 0 ? Devices * SimulatedDays / RealSeconds : 0;

        /// <summary>CPU seconds of this process during the run (all its threads).</summary>
        public double CpuSeconds { get; init; }

        public int Cores { get; init; }

        /// <summary>Managed heap per device at its largest during the run, over the heap before the devices were built, bytes.</summary>
        public long ManagedBytesPerDevice { get; init; }

        /// <summary>The process's working set per device at its largest during the run, over the one before the devices were built, bytes.</summary>
        public long WorkingSetBytesPerDevice { get; init; }

        /// <summary>Flash each device holds for itself at the end (the firmware images are shared), bytes, on average.</summary>
        public long FlashBytesPerDevice { get; init; }

        /// <summary>Windows of the time line the run went through.</summary>
        public long Windows { get; init; }

        /// <summary>Telemetry messages the judge received per real second.</summary>
        public double TelemetryMessagesPerSecond { get; init; }

        /// <summary>Messages the broker received and sent per real second ($SYS counters; null when the broker gives none).</summary>
        public double? BrokerMessagesReceivedPerSecond { get; init; }

        public double? BrokerMessagesSentPerSecond { get; init; }
    }
}
