using System;
using System.Collections.Generic;
using System.Threading;
using Firmware.Host.Boot;

namespace Firmware.Host.Fleet
{
    /// <summary>What every device of a fleet shares: the time line, the broker, the factory image and keys, the pools.</summary>
    public sealed class FleetSetup
    {
        public FleetScheduler Scheduler { get; init; }

        /// <summary>The world's Unix time at the start of the time line (network time).</summary>
        public long WorldStartUnixMilliseconds { get; init; }

        /// <summary>The end of the run on the time line, ms.</summary>
        public long EndMilliseconds { get; init; }

        public string BrokerHost { get; init; }

        public int BrokerPort { get; init; }

        /// <summary>The broker's Unix domain socket the devices connect through (<see cref="FleetOptions.BrokerSocket"/>); null for TCP.</summary>
        public string BrokerSocket { get; init; }

        public string TopicPrefix { get; init; } = "sensors";

        /// <summary>Each device's flash region: boot control, two 512 KiB slots, state, and the reading log.</summary>
        public int FlashBytes { get; init; }

        public byte[] FactoryBundle { get; init; }

        public IReadOnlyList<byte[]> RootKeys { get; init; } = Array.Empty<byte[]>();

        public SectorPool Sectors { get; init; } = new SectorPool();

        public BundleContextCache Bundles { get; init; } = new BundleContextCache();

        /// <summary>A release's defect on a device: asked with the device and the version it boots, why it crashes, or null.</summary>
        public Func<DeviceProfile, string, string> Defects { get; init; }

        public CancellationToken Cancel { get; init; }

        /// <summary>
        /// Real time a device waits for an answer on its way (a PUBACK, a command) before the rest of the wait passes in
        /// device time (<see cref="TwinOptions.RealReceiveWaitMilliseconds"/>); a PUBACK later than that is asked after
        /// with a PINGREQ (a round trip more), so it is not shorter than the twin's.
        /// </summary>
        public int AnswerGraceMilliseconds { get; init; } = 25;
    }
}
