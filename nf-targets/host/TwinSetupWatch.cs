using System.IO;
using Firmware.Device;
using Firmware.Host.Hardware;
using Firmware.Ports;
using Firmware.Storage;

namespace Firmware.Host
{
    /// <summary>
    /// Follows a twin run with --setup from outside the firmware: prints where the setup page is, and after each boot
    /// reads the device's flash for the settings setup stored (with the firmware's own configuration code), so the
    /// independent subscriber can watch the broker and topic the person chose. It keeps the timings of the device's share
    /// of a first run: the page up after power-on, and the first reading delivered after the form was submitted.
    /// </summary>
    public sealed class TwinSetupWatch
    {
        private readonly TwinDevice _device;
        private readonly TextWriter _output;

        public TwinSetupWatch(TwinDevice device, TextWriter output)
        {
            _device = device;
            _output = output;
            device.SetupRadio.PageUp = url => output.WriteLine($"setup: the page is up on {url} (access point '{device.SetupRadio.AccessPointSsid}', DNS on udp 127.0.0.1:{device.SetupRadio.DnsPort})");
        }

        /// <summary>The configuration in force once setup stored its settings, else null.</summary>
        public DeviceConfig Stored { get; private set; }

        /// <summary>Device time from power-on (the board's boot included) to the setup page being served; null when it never was.</summary>
        public double? PageUpSeconds => _device.SetupRadio.PageUpAt < 0 ? null : (_device.Board.BootMilliseconds + _device.SetupRadio.PageUpAt) / 1000.0;

        /// <summary>Device time from power-on to the networks in range being listed on the page; null when they never were.</summary>
        public double? NetworksListedSeconds => _device.SetupRadio.NetworksListedAt < 0 ? null : (_device.Board.BootMilliseconds + _device.SetupRadio.NetworksListedAt) / 1000.0;

        /// <summary>Device time from the last submit of the form to the first reading delivered (its PUBACK); null before both.</summary>
        public double? SubmitToFirstReadingSeconds => Stored == null || _device.Radio.FirstDeliveredAt < 0 || _device.SetupRadio.SubmittedAt < 0
            ? null : (_device.Radio.FirstDeliveredAt - _device.SetupRadio.SubmittedAt) / 1000.0;

        /// <summary>After a boot: true once, when the settings setup stored are first found on the flash.</summary>
        public bool CheckStored()
        {
            if (Stored != null)
            {
                return false;
            }

            Platform platform = _device.Platform;
            DeviceStorage storage = new DeviceStorage(_device.Flash, Twin.SlotBytes);
            storage.State.Mount();
            if (storage.Config == null)
            {
                return false;
            }

            storage.Config.Mount();
            ConfigurationManager configuration = new ConfigurationManager(storage.Config, storage.State, Application.LoadConfiguration(platform), platform.Log);
            configuration.Load();
            if (!configuration.HasSettings)
            {
                return false;
            }

            Stored = configuration.Effective;
            _device.Radio.TelemetryTopic = $"{Stored.TopicPrefix}/{Stored.DeviceId}/telemetry";
            _output.WriteLine($"setup: the device stored its settings: network '{Stored.WifiSsid}', broker {(Stored.UseTls ? "mqtts" : "mqtt")}://{Stored.BrokerHost}:{Stored.BrokerPort}"
                + $"{(Stored.UserName != null ? $" as '{Stored.UserName}'" : string.Empty)}, telemetry on {_device.Radio.TelemetryTopic}");
            return true;
        }

        /// <summary>How the observer reaches the broker setup stored.</summary>
        public MqttConnectOptions BrokerAccess() => new MqttConnectOptions
        {
            Host = Stored.BrokerHost,
            Port = Stored.BrokerPort,
            UseTls = Stored.UseTls,
            CaCertificatePem = Stored.CaCertificate,
            ClientCertificatePem = Stored.ClientCertificate,
            ClientKeyPem = Stored.ClientKey,
            UserName = Stored.UserName,
            Password = Stored.Password,
        };
    }
}
