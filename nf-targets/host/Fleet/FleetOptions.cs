using System;
using System.Collections.Generic;

namespace Firmware.Host.Fleet
{
    /// <summary>What a fleet run is told (<c>fleet</c> on the command line, or a scenario).</summary>
    public sealed class FleetOptions
    {
        public FleetMix Mix { get; set; } = FleetMix.Default();

        /// <summary>The broker; null to start one (mosquitto when installed, else the embedded broker).</summary>
        public string BrokerHost { get; set; }

        public int BrokerPort { get; set; }

        /// <summary>
        /// A Unix domain socket of the same broker on this machine (mosquitto's <c>listener 0 PATH</c>), which the devices
        /// and the receivers connect through instead of TCP; null for TCP. The fleet sets it for the mosquitto it starts.
        /// </summary>
        public string BrokerSocket { get; set; }

        public string TopicPrefix { get; set; } = "sensors";

        /// <summary>How far devices may run apart on the time line (the scheduler's window).</summary>
        public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(30);

        /// <summary>
        /// Threads that run the battery devices' boots. A boot spends most of its real time waiting for the broker's
        /// acknowledgements, so the time line moves as fast as boots overlap: 1,000 devices for one day took 297 s with 16,
        /// 84 s with 64 (the CPU then the limit) and 91 s with 160.
        /// </summary>
        public int Workers { get; set; } = 64;

        /// <summary>Simulated time between progress lines.</summary>
        public TimeSpan ProgressEvery { get; set; } = TimeSpan.FromDays(1);

        /// <summary>Runs the monitor beside the fleet and writes its metrics.json and index.html here at the end; null for none.</summary>
        public string MonitorDirectory { get; set; }

        /// <summary>Where the JSON report goes; null for none.</summary>
        public string ReportFile { get; set; }

        /// <summary>Root public keys every device's loader trusts for OTA manifests.</summary>
        public List<byte[]> RootKeys { get; } = new List<byte[]>();

        /// <summary>A release's defect on a device: asked with the device and the version it boots, why it crashes, or null.</summary>
        public Func<DeviceProfile, string, string> Defects { get; set; }

        /// <summary>Called once the devices are built and before the time line starts: a scenario adds its timed actions here.</summary>
        public Action<FleetContext> Prepare { get; set; }
    }
}
