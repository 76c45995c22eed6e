using Firmware.Boot;

namespace Firmware.Ports
{
    /// <summary>
    /// The hardware a target hands to the application: one object per port. A port a board lacks is
    /// null (a mains thermostat has no battery). Built once per boot by the target, never by the core.
    /// </summary>
    public sealed class Platform
    {
        /// <summary>A stable identifier of this piece of hardware (the MAC address on ESP32).</summary>
        public string HardwareId { get; set; }

        /// <summary>
        /// The configuration file deployed with the firmware (I:\device.json on ESP32, a file or the command
        /// line on the host twin), as its raw bytes; null when there is none.
        /// </summary>
        public byte[] DeployedConfiguration { get; set; }

        public IClock Clock { get; set; }

        public IFlash Flash { get; set; }

        /// <summary>The sensors, in a fixed order; their channels make up a reading.</summary>
        public ISensor[] Sensors { get; set; }

        public INetwork Network { get; set; }

        public IMqttLink Mqtt { get; set; }

        public IDownloader Downloader { get; set; }

        /// <summary>
        /// The image slots and boot control, set by the loader that booted the application (it chose the slot
        /// from them); null on a target without over-the-air updates.
        /// </summary>
        public IUpdateSlots Slots { get; set; }

        /// <summary>
        /// Bytes of each OTA slot in the layout the loader splits <see cref="Flash"/> by
        /// (<see cref="Firmware.Storage.FlashLayout.Standard(IFlash, int)"/>); the application splits it the same way.
        /// </summary>
        public int SlotBytes { get; set; } = Firmware.Storage.FlashLayout.StandardSlotBytes;

        public IPower Power { get; set; }

        public IBattery Battery { get; set; }

        /// <summary>The heater relay of a thermostat; null on a sensor without one.</summary>
        public IRelay Relay { get; set; }

        public IRandom Random { get; set; }

        public ILog Log { get; set; }
    }
}
