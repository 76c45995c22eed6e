using Firmware.Ports;

namespace Firmware.Setup
{
    /// <summary>
    /// The device's side of setup: what it has now, whether a form makes a configuration it accepts (checked by the
    /// configuration's own code, never a copy of it), the broker trial, and storing what worked.
    /// </summary>
    public interface ISetupSettings
    {
        /// <summary>Fills <paramref name="form"/> with the device's current settings, secrets left empty.</summary>
        void Prefill(SetupForm form);

        /// <summary>Null when the form makes a configuration the device accepts, else why not.</summary>
        string Check(SetupForm form);

        /// <summary>
        /// Opens and closes a session with the broker the form names, over the network just joined, within the
        /// configuration's MQTT timeout. Only called for a form <see cref="Check"/> accepted.
        /// </summary>
        MqttConnectResult TryBroker(SetupForm form);

        /// <summary>Stores the form's settings for good; null when they are stored, else why not.</summary>
        string Store(SetupForm form);
    }
}
