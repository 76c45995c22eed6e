using System;
using System.IO;
using System.Threading;
using Firmware.Boot;
using Firmware.Drivers.SimulatedClimate;
using Firmware.Host.Boot;
using Firmware.Host.Hardware;
using Firmware.Host.Mqtt;
using Firmware.Ports;

namespace Firmware.Host
{
    /// <summary>
    /// One simulated device: the hardware a board would have (clock, power, network, MQTT client, sensor, an HTTP
    /// downloader, and NOR flash holding the OTA slots), and its loader, which boots the application from the active
    /// slot again after every deep sleep, reboot, crash or reset until the run stops.
    /// </summary>
    public sealed class TwinDevice : IDisposable
    {
        /// <summary>Sectors of each OTA slot (4 KiB each: images up to 380 KiB).</summary>
        public const int SlotSectors = 96;

        /// <summary>Sectors of the OTA region: boot control, then the two slots.</summary>
        public const int OtaSectors = ManagedUpdateSlots.BootControlSectors + (2 * SlotSectors);

        public TwinDevice(TwinOptions options, string hardwareId, byte[] deployedConfiguration, TextWriter output, CancellationToken cancel)
        {
            Clock = new VirtualClock(options.Speed, cancel);
            Clock.SetUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            Power = new HostPower(Clock, (long)options.Duration.TotalMilliseconds, cancel);
            Network = new HostNetwork();
            Mqtt = new MqttNetLink();
            Sensor = new SimulatedClimateSensor(Clock, options.Seed);
            Downloader = new HttpRangeDownloader();
            Flash = new RamNorFlash(OtaSectors);
            Log = new ConsoleLog(Clock, output, options.Quiet ? LogLevel.Warning : LogLevel.Info);
            Slots = HostLoader.SlotsOver(Flash, SlotSectors, Clock, options.RootKeys.ToArray(), HostLoader.HardwareModel);
            Loader = new HostLoader(Slots, Clock, Log);
            Platform = new Platform
            {
                HardwareId = hardwareId,
                DeployedConfiguration = deployedConfiguration,
                Clock = Clock,
                Sensors = new ISensor[] { Sensor },
                Network = Network,
                Mqtt = Mqtt,
                Downloader = Downloader,
                Power = Power,
                Random = new SeededRandom(options.Seed),
                Log = Log,
            };
            Loader.Provision(options.FactoryBundle ?? HostLoader.FactoryBundle());
        }

        public VirtualClock Clock { get; }

        public HostPower Power { get; }

        public HostNetwork Network { get; }

        public MqttNetLink Mqtt { get; }

        public SimulatedClimateSensor Sensor { get; }

        public HttpRangeDownloader Downloader { get; }

        public RamNorFlash Flash { get; }

        public ManagedUpdateSlots Slots { get; }

        public HostLoader Loader { get; }

        public Platform Platform { get; }

        public ConsoleLog Log { get; }

        /// <summary>Boots so far.</summary>
        public int Boots { get; private set; }

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
    }
}
