using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using Firmware.Boot;
using Firmware.Drivers.Battery;
using Firmware.Drivers.SimulatedClimate;
using Firmware.Host.Boot;
using Firmware.Host.Hardware;
using Firmware.Host.Mqtt;
using Firmware.Host.Scenarios;
using Firmware.Ports;
using Firmware.Storage;

namespace Firmware.Host
{
    /// <summary>
    /// One simulated device: the hardware a board would have (clock, power, network, MQTT client, an HTTP
    /// downloader, NOR flash shared by boot control, the OTA slots, the state store and the reading log, and the
    /// role's sensors: a climate sensor with a battery, or a thermostat's BME280 and relay in a simulated room),
    /// and its loader, which boots the application from the active slot again after every deep sleep, reboot,
    /// crash or reset until the run stops.
    /// </summary>
    public sealed class TwinDevice : IDisposable
    {
        /// <param name="options">The run's options (role, seed, speed, duration, root keys, factory bundle).</param>
        /// <param name="clock">The device's virtual clock.</param>
        /// <param name="flash">The flash region, split by the standard layout; it must have room for the OTA slots.</param>
        /// <param name="hardwareId">The device's hardware identifier.</param>
        /// <param name="deployedConfiguration">The configuration file's bytes.</param>
        /// <param name="output">Where the device's log goes.</param>
        /// <param name="cancel">Stops the run.</param>
        public TwinDevice(TwinOptions options, VirtualClock clock, IFlash flash, string hardwareId, byte[] deployedConfiguration, TextWriter output, CancellationToken cancel)
        {
            Clock = clock;
            Flash = flash;
            Layout = FlashLayout.Standard(flash);
            Power = new HostPower(Clock, (long)options.Duration.TotalMilliseconds, cancel);
            Network = new HostNetwork();
            Mqtt = new MqttNetLink();
            Sensor = new SimulatedClimateSensor(Clock, options.Seed);
            Downloader = new HttpRangeDownloader();
            Log = new ConsoleLog(Clock, output, options.Quiet ? LogLevel.Warning : LogLevel.Info);
            Room = new ThermostatScenarioOptions { StartUnixTimeMilliseconds = Clock.UnixTimeMilliseconds };
            Thermostat = options.IsThermostat ? new ThermostatRig(Clock, () => Clock.TotalMilliseconds, Room) : null;
            BatteryGaugeProfile batteryProfile = new BatteryGaugeProfile(BatteryCurve.TwoAlkalineCellsBoosted(), 1_000_000, 1_000_000);
            byte[] factory = options.FactoryBundle ?? HostLoader.FactoryBundle();
            if (HoldsAnotherFactoryImage(HostLoader.SlotsOf(Layout, Clock, options.RootKeys.ToArray(), HostLoader.HardwareModel), factory))
            {
                // As deploying from Visual Studio replaces the application: this run's factory image replaces it.
                Log.Write(LogLevel.Info, "loader", "the flash holds another factory image (an earlier build of the twin?): installing this run's");
                for (int sector = 0; sector < Layout.BootControl.SectorCount; sector++)
                {
                    Layout.BootControl.Erase(sector);
                }

                Layout.BootControl.Sync();
            }

            Slots = HostLoader.SlotsOf(Layout, Clock, options.RootKeys.ToArray(), HostLoader.HardwareModel);
            Loader = new HostLoader(Slots, Clock, Log);
            if (!Slots.IsProvisioned)
            {
                Loader.Provision(factory);
            }
            Platform = new Platform
            {
                HardwareId = hardwareId,
                DeployedConfiguration = deployedConfiguration,
                Clock = Clock,
                Flash = flash,
                Sensors = new ISensor[] { Thermostat != null ? Thermostat.Sensor : Sensor },
                Relay = Thermostat?.Relay,
                Battery = Thermostat == null ? SimulatedBatteryAdc.Gauge(new SimulatedBattery(batteryProfile.Curve, 2500), batteryProfile) : null,
                Network = Network,
                Mqtt = Mqtt,
                Downloader = Downloader,
                Power = Power,
                Random = new SeededRandom(options.Seed),
                Log = Log,
            };
        }

        public VirtualClock Clock { get; }

        public HostPower Power { get; }

        public HostNetwork Network { get; }

        public MqttNetLink Mqtt { get; }

        /// <summary>The sensor role's climate sensor (unused by a thermostat).</summary>
        public SimulatedClimateSensor Sensor { get; }

        /// <summary>The thermostat role's room, BME280 and relay; null for a sensor.</summary>
        public ThermostatRig Thermostat { get; }

        /// <summary>The simulated room's settings (thermostat role).</summary>
        public ThermostatScenarioOptions Room { get; }

        public HttpRangeDownloader Downloader { get; }

        public IFlash Flash { get; }

        public FlashLayout Layout { get; }

        public ManagedUpdateSlots Slots { get; }

        public HostLoader Loader { get; }

        public Platform Platform { get; }

        public ConsoleLog Log { get; }

        /// <summary>Boots so far.</summary>
        public int Boots { get; private set; }

        /// <summary>Samples the role's sensor took.</summary>
        public int Sampled => Thermostat != null ? Thermostat.Samples.Count : Sensor.MeasurementCount;

        /// <summary>Boots the application again and again (as the loader on a device does) until the run stops.</summary>
        public void Run()
        {
            WakeCause cause = WakeCause.PowerOn;
            while (!Power.StopRequested)
            {
                Boots++;
                Power.BeginBoot(cause);
                BootEnd end = Loader.Boot(Platform, cause);
                if (end == BootEnd.NoImage)
                {
                    break;
                }

                if (end != BootEnd.Returned)
                {
                    // The loader restarts the device after a crash or a reset, a second later.
                    Network.Disconnect();
                    Mqtt.Dispose();
                    Clock.Sleep(1000);
                    Clock.BeginBoot();
                    cause = WakeCause.Reboot;
                }
                else if (Power.RequestedSleepMilliseconds >= 0)
                {
                    Network.Disconnect();
                    Mqtt.Dispose();
                    Clock.DeepSleepAndBoot(Power.RequestedSleepMilliseconds);
                    cause = WakeCause.Timer;
                }
                else if (Power.RebootRequested)
                {
                    Network.Disconnect();
                    Mqtt.Dispose();
                    Clock.BeginBoot();
                    cause = WakeCause.Reboot;
                }
                else
                {
                    break;
                }
            }
        }

        public void Dispose()
        {
            Mqtt.Dispose();
            Downloader.Dispose();
        }

        /// <summary>
        /// True when the flash kept from an earlier run boots a factory image other than <paramref name="factory"/>
        /// (the twin was rebuilt since, or another --factory-bundle is given). An image installed over the air is
        /// kept, and said so: it runs until --fresh.
        /// </summary>
        private bool HoldsAnotherFactoryImage(ManagedUpdateSlots slots, byte[] factory)
        {
            BootControlRecord record = new BootControlRecord();
            SlotDescriptor installed = new SlotDescriptor();
            if (!slots.ReadRecord(record) || !slots.ReadDescriptor(record.ActiveSlot, installed))
            {
                return false;
            }

            if (!installed.Factory)
            {
                Log.Write(LogLevel.Warning, "loader", $"the flash holds firmware {installed.VersionText}, installed over the air: it runs instead of this build (--fresh installs this build)");
                return false;
            }

            return !installed.ImageSha256.AsSpan().SequenceEqual(SHA256.HashData(factory));
        }
    }
}
