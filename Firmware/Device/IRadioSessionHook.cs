using Firmware.Uplink;

namespace Firmware.Device
{
    /// <summary>
    /// Work that rides on a wake's radio session (the OTA session plugs in here). The device loop calls it once
    /// per wake, after it tried to open the uplink.
    /// </summary>
    public interface IRadioSessionHook
    {
        /// <param name="uplink">The wake's uplink, for its topics and acknowledged publishes.</param>
        /// <param name="networkUp">True when the network came up.</param>
        /// <param name="connected">True when the broker session is open (its status publish was acknowledged).</param>
        /// <returns>True when the device must restart now: the loop ends and asks for a reboot.</returns>
        bool AfterConnect(TelemetryUplink uplink, bool networkUp, bool connected);
    }
}
