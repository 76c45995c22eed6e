using System;
using Firmware.Host.Boot;
using Firmware.Host.Hardware;
using Firmware.Ports;

namespace Firmware.Host
{
    /// <summary>
    /// What a simulation changes in a <see cref="TwinDevice"/>'s board and loader, for many devices in one process (a
    /// fleet); the defaults are the interactive twin's own. The firmware is not touched: these act on the hardware
    /// beneath the ports and on the loader.
    /// </summary>
    public sealed class TwinSimulation
    {
        /// <summary>Power cuts and brown-outs; null for none.</summary>
        public IPowerSupply PowerSupply { get; set; }

        /// <summary>
        /// Wraps the MQTT link the firmware sees (beneath the radio session log), given it and a way to close its
        /// connection without a goodbye: a radio that drops, for one; null for none.
        /// </summary>
        public Func<IMqttLink, Action, IMqttLink> Link { get; set; }

        /// <summary>
        /// The device's MQTT link is a <see cref="Mqtt.BlockingMqttLink"/> (plain TCP, every round trip on the device's own
        /// thread) instead of MQTTnet's client: many devices in one process.
        /// </summary>
        public bool BlockingLink { get; set; }

        /// <summary>
        /// A Unix domain socket of the same broker on this machine, which the blocking link connects to instead of the
        /// configuration's host and port (<see cref="Mqtt.BlockingMqttLink.LocalSocket"/>); null for TCP.
        /// </summary>
        public string BrokerSocket { get; set; }

        /// <summary>Bundles loaded once for every device that runs them (<see cref="HostLoader.SharedBundles"/>); null for a context per device.</summary>
        public BundleContextCache SharedBundles { get; set; }

        /// <summary>The application runs on the device's own thread (<see cref="HostLoader.RunsInline"/>).</summary>
        public bool RunsInline { get; set; }

        /// <summary>A release's defect on this board (<see cref="HostLoader.CrashOnBoot"/>); null for none.</summary>
        public Func<string, string> CrashOnBoot { get; set; }
    }
}
