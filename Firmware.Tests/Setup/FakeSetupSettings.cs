using Firmware.Ports;
using Firmware.Setup;

namespace Firmware.Tests.Setup
{
    /// <summary>Settings that refuse a device name with a space (or throw, when told), answer the broker trial as told, and keep what was stored.</summary>
    public sealed class FakeSetupSettings : ISetupSettings
    {
        public FakeSetupSettings()
        {
            Broker = MqttConnectResult.Accepted;
        }

        public MqttConnectResult Broker { get; set; }

        /// <summary>When set, checking a form throws (a bug in the settings' code).</summary>
        public bool ThrowOnCheck { get; set; }

        public SetupForm Stored { get; private set; }

        public string StoredPassword { get; private set; }

        public void Prefill(SetupForm form)
        {
            form.BrokerHost = "broker.lan";
            form.BrokerPort = "1883";
            form.TopicPrefix = "sensors";
            form.DeviceName = "esp32-a1b2c3";
        }

        public string Check(SetupForm form)
        {
            if (ThrowOnCheck)
            {
                throw new System.InvalidOperationException("a bug");
            }

            return Firmware.Text.Ordinal.IndexOf(form.DeviceName, " ") >= 0 ? "deviceId must be 1 to 32 characters of A-Z, a-z, 0-9, '_' or '-'" : null;
        }

        public MqttConnectResult TryBroker(SetupForm form)
        {
            return Broker;
        }

        public string Store(SetupForm form)
        {
            Stored = new SetupForm();
            Stored.CopyWithoutSecrets(form);
            StoredPassword = form.WifiPassword;
            return null;
        }
    }
}
