using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using Firmware.Boot;
using Firmware.Drivers.Battery;
using Firmware.Drivers.Bme680;
using Firmware.Drivers.Bmxx80;
using Firmware.Drivers.SimulatedClimate;
using Firmware.Host.Boot;
using Firmware.Host.Hardware;
using Firmware.Host.Hardware.Bmxx80;
using Firmware.Host.Mqtt;
using Firmware.Host.Scenarios;
using Firmware.Ports;
using Firmware.Power;
using Firmware.Storage;

namespace Firmware.Host
{
    /// <summary>
    /// One simulated device: the hardware a board would have (clock, power, network with modelled connect times and
    /// network time, MQTT client with a modelled round trip, an HTTP downloader, NOR flash shared by boot control, the
    /// OTA slots, the state store and the reading log, and the role's sensors: a climate sensor with a battery that the
    /// energy ledger drains, or a thermostat's BME280 and relay in a simulated room), and its loader. The loader boots
    /// the application from the active slot (<see cref="HostLoader"/>: a collectible load context, the trial deadline,
    /// crashes counted) at every wake: a battery sensor's wake is a boot after a deep sleep that passes the board's
    /// boot time, a mains thermostat's loop runs on until it reboots. A flash region without room for the slots runs
    /// the twin's own build without updates, as the ESP32 loader runs the application deployed beside it.
    /// </summary>
    public sealed class TwinDevice : IDisposable
    {
        /// <summary>The simulated battery (2×AA through a boost converter, usable capacity).</summary>
        public const int BatteryMilliampHours = 2500;

        /// <summary>Device time between a crash or a reset and the next boot (the loader waits a second, then the board boots).</summary>
        public const int RestartDelayMilliseconds = 1000;

        private readonly IMqttLink _link;
        private WakeCause _cause = WakeCause.PowerOn;
        private bool _chargePending;
        private long _chargeTakenAt;
        private ObservedSensor _observed;
        private string _found;

        /// <param name="options">The run's options (role, seed, duration, network model, faults, root keys, factory bundle).</param>
        /// <param name="clock">The device's virtual clock.</param>
        /// <param name="flash">The flash region, split by the standard layout.</param>
        /// <param name="hardwareId">The device's hardware identifier.</param>
        /// <param name="deployedConfiguration">The configuration file's bytes.</param>
        /// <param name="output">Where the device's log goes.</param>
        /// <param name="cancel">Stops the run.</param>
        /// <param name="worldStartUnixMilliseconds">The world's Unix time when the run starts (network time); 0 for now.</param>
        /// <param name="simulation">What a simulation changes in the board and its loader (a fleet's device); null for the twin's own.</param>
        public TwinDevice(TwinOptions options, ITwinClock clock, IFlash flash, string hardwareId, byte[] deployedConfiguration, TextWriter output, CancellationToken cancel, long worldStartUnixMilliseconds = 0,
            TwinSimulation simulation = null)
        {
            simulation ??= new TwinSimulation();
            PowerSupply = simulation.PowerSupply;
            Clock = clock;
            Flash = flash;
            Layout = FlashLayout.Standard(flash, Twin.SlotBytes);
            WorldStartUnixMilliseconds = worldStartUnixMilliseconds > 0 ? worldStartUnixMilliseconds : DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            Log = new ConsoleLog(Clock, output, options.Quiet ? LogLevel.Warning : LogLevel.Info);
            Board = BoardProfiles.ByName(BoardProfileName(deployedConfiguration)) ?? throw new InvalidDataException("boardProfile must be one of " + BoardProfiles.Names);
            Power = new HostPower(Clock, (long)options.Duration.TotalMilliseconds, cancel);
            Network = new HostNetwork(Clock, () => WorldStartUnixMilliseconds + Clock.TotalMilliseconds)
            {
                ConnectMilliseconds = (int)options.WifiConnect.TotalMilliseconds,
                FailureTakesTimeout = true,
                DownAt = () => options.Faults.IsNetworkDown(Clock.TotalMilliseconds),
                AcceptedSsid = options.AcceptedSsid,
                Wifi = SimulatedWifi.Standard(),
                HasStoredNetwork = !options.Setup,
            };
            // Every MQTT timeout is device time; an answer gets a grace in real time, longer by any latency added.
            int answerGrace = options.RealReceiveWaitMilliseconds + options.Faults.LatencyMilliseconds;
            int requestGrace = MqttNetLink.DefaultRequestGraceMilliseconds + options.Faults.LatencyMilliseconds;
            _link = simulation.BlockingLink ? new BlockingMqttLink(Clock, requestGrace, simulation.BrokerSocket) : new MqttNetLink(Clock, answerGrace, requestGrace);
            IMqttLink gated = new NetworkGatedLink(_link, Network);
            IMqttLink link = options.RadioRoundTrip > TimeSpan.Zero ? new RoundTripLink(gated, Clock, (int)options.RadioRoundTrip.TotalMilliseconds) : gated;
            Mqtt = simulation.Link != null ? simulation.Link(link, CloseLink) : link;
            Sensor = new SimulatedClimateSensor(Clock, options.Seed);
            Downloader = new HttpRangeDownloader();
            Room = new ThermostatScenarioOptions { StartUnixTimeMilliseconds = WorldStartUnixMilliseconds, Sensor = options.Sensor ?? "bme280" };
            Thermostat = options.IsThermostat ? new ThermostatRig(Clock, () => Clock.TotalMilliseconds, Room) : null;
            IsMains = DeployedIsMains(deployedConfiguration, Thermostat != null);
            Radio = new RadioSessionLog(Network, Mqtt, Clock, Log, TelemetryTopic(deployedConfiguration, hardwareId), IsMains);
            SetupRadio = options.Setup ? new TwinSetupRadio(Radio, Network, Clock, options.SetupPort) : null;
            ISensor[] sensors = Thermostat?.Sensors ?? (options.Sensor == null ? new ISensor[] { Sensor } : ClimateChipSensors(options.Sensor));
            if (Thermostat != null || options.Sensor != null)
            {
                Log.Write(LogLevel.Info, "board", "climate sensor: " + (Thermostat?.Found ?? _found));
            }

            BatteryGaugeProfile batteryProfile = new BatteryGaugeProfile(BatteryCurve.TwoAlkalineCellsBoosted(), 1_000_000, 1_000_000);
            Battery = new SimulatedBattery(batteryProfile.Curve, BatteryMilliampHours);
            Platform = new Platform
            {
                HardwareId = hardwareId,
                DeployedConfiguration = deployedConfiguration,
                Clock = Clock,
                Flash = flash,
                SlotBytes = Twin.SlotBytes,
                Sensors = sensors,
                Relay = Thermostat?.Relay,
                Battery = Thermostat == null ? SimulatedBatteryAdc.Gauge(Battery, batteryProfile) : null,
                Network = SetupRadio != null ? SetupRadio : Radio,
                Mqtt = Radio,
                Downloader = Downloader,
                Power = Power,
                Random = new SeededRandom(options.HardwareSeed ?? System.Security.Cryptography.RandomNumberGenerator.GetInt32(int.MaxValue)),
                Log = Log,
            };

            if (options.FactoryReset)
            {
                Firmware.Device.Application.FactoryReset(Platform);
            }

            if (options.Setup)
            {
                // The setup button held at power-on.
                Firmware.Device.Application.RequestSetup(Platform);
            }

            byte[] factory = null;
            if (Layout.SlotA != null)
            {
                factory = options.FactoryBundle ?? HostLoader.FactoryBundle();
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
            }
            else
            {
                Log.Write(LogLevel.Warning, "loader", $"the flash region ({flash.Size / 1024} KiB) has no room for OTA slots: running this build without updates");
            }

            Loader = new HostLoader(Slots, Clock, Log)
            {
                SharedBundles = simulation.SharedBundles,
                RunsInline = simulation.RunsInline,
                CrashOnBoot = simulation.CrashOnBoot,
                PowerLost = PowerSupply == null ? null : () => PowerSupply.Failed,
            };
            if (Slots != null)
            {
                Loader.FactoryImage = factory;
                if (!Slots.IsProvisioned)
                {
                    Loader.Provision(Loader.FactoryImage);
                }
            }

            Ledger = new LedgerReader(Layout.State, Board);
            if (IsMains)
            {
                // A mains device never starts a new ledger: what earlier runs charged is not this run's.
                Ledger.TakeNewCharge();
            }
        }

        public ITwinClock Clock { get; }

        /// <summary>The world's Unix time at the start of the run; network time is this plus the device time passed.</summary>
        public long WorldStartUnixMilliseconds { get; }

        /// <summary>The board profile the configuration names: its boot time passes before every boot.</summary>
        public BoardProfile Board { get; }

        public HostPower Power { get; }

        public HostNetwork Network { get; }

        /// <summary>The board's setup access point (--setup), or null for a board without one.</summary>
        public TwinSetupRadio SetupRadio { get; }

        /// <summary>The MQTT client beneath the session log (with the modelled round trip, if any).</summary>
        public IMqttLink Mqtt { get; }

        /// <summary>The network and the MQTT client as the firmware sees them: every radio session printed on the log.</summary>
        public RadioSessionLog Radio { get; }

        /// <summary>The MQTT adapter itself (its counters).</summary>
        public MqttNetLink Link => _link as MqttNetLink;

        /// <summary>
        /// True when the deployed configuration runs the device on mains (powerMode, or "auto" with a relay): its loop
        /// never sleeps, and it has no battery, so the simulated battery is never drained.
        /// </summary>
        public bool IsMains { get; }

        /// <summary>The sensor role's climate: the sensor itself, or with --sensor the air its chip measures (unused by a thermostat).</summary>
        public SimulatedClimateSensor Sensor { get; }

        /// <summary>The sensor role's chip with --sensor (in <see cref="Socket"/>), else null.</summary>
        public SimulatedBoschChip Chip { get; private set; }

        /// <summary>Where the sensor role's chip sits, with --sensor; null otherwise.</summary>
        public ChipSocket Socket { get; private set; }

        /// <summary>The thermostat role's room, BME280 and relay; null for a sensor.</summary>
        public ThermostatRig Thermostat { get; }

        /// <summary>The simulated room's settings (thermostat role).</summary>
        public ThermostatScenarioOptions Room { get; }

        /// <summary>The sensor's battery, drained by what the device's energy ledger accounts.</summary>
        public SimulatedBattery Battery { get; }

        public HttpRangeDownloader Downloader { get; }

        public IFlash Flash { get; }

        public FlashLayout Layout { get; }

        /// <summary>The slots and boot control; null when the flash region has no room for them.</summary>
        public ManagedUpdateSlots Slots { get; }

        public HostLoader Loader { get; }

        public Platform Platform { get; }

        public ConsoleLog Log { get; }

        /// <summary>The device's energy ledger as read back from flash after each boot.</summary>
        public LedgerReader Ledger { get; }

        /// <summary>Called after every boot (progress lines).</summary>
        public Action AfterBoot { get; set; }

        /// <summary>
        /// Simulated time between two reads of the device's ledger after plain sample wakes. A sample wake charges a few
        /// µAh; reading its ledger back means mounting its state store, which cost the twin more than the wake itself.
        /// The battery is drained by the whole charge at the next read, so it lags the device by an hour of charge at
        /// most (0.0004 % of two AA cells).
        /// </summary>
        public const long ChargeReadMilliseconds = 3_600_000;

        /// <summary>Boots so far.</summary>
        public int Boots { get; private set; }

        /// <summary>The charge the device's ledger accounted in this run, µAh.</summary>
        public double RunMicroampHours { get; private set; }

        /// <summary>Power cuts and brown-outs the simulation imposes; null for none (the twin's own).</summary>
        public IPowerSupply PowerSupply { get; }

        /// <summary>Boots that did not follow a deep sleep: after a reboot the firmware asked for, a crash, a hang or a reset.</summary>
        public int Restarts { get; private set; }

        /// <summary>Power cuts the board went through (the simulation's <see cref="PowerSupply"/>).</summary>
        public int PowerCuts { get; private set; }

        /// <summary>Boots whose application the loader had to stop (the trial deadline, or the wake watchdog under a hung thread).</summary>
        public int Resets { get; private set; }

        /// <summary>Samples the role's sensor took.</summary>
        public int Sampled => Thermostat != null ? Thermostat.Samples.Count : _observed != null ? _observed.Measurements : Sensor.MeasurementCount;

        /// <summary>
        /// Boots the application again and again, as the loader on a device does, until the run stops: after a deep
        /// sleep (its time and the board's boot time pass), a reboot the firmware asked for, or a crash or reset (a
        /// second, then a boot). After every boot the battery is drained by what the ledger accounted.
        /// </summary>
        public void Run()
        {
            while (Step())
            {
            }
        }

        /// <summary>
        /// One boot and what follows it up to the next boot: a deep sleep, a restart, or a power cut and the time the
        /// power stays off (<see cref="Run"/> repeats it). False when the device stops: the run ended, no image is
        /// installed, or the application returned without asking for a sleep or a reboot.
        /// </summary>
        public bool Step()
        {
            if (Power.StopRequested)
            {
                SettleCharge();
                return false;
            }

            if (_cause == WakeCause.PowerOn)
            {
                // A battery device's power-on starts a new ledger: what the last one counted is taken first.
                SettleCharge();
            }

            Boots++;
            BootEnd end = BootOnce(_cause);
            if (end == BootEnd.PowerCut)
            {
                // The board stopped where the cut came: no ledger saved, no goodbye, every connection dropped.
                Radio.EndOpenSession();
                AfterBoot?.Invoke();
                DropConnections();
                _cause = PowerOnAfterCut();
                return true;
            }

            _chargePending = true;
            if (IsMains || end != BootEnd.Returned || Power.RequestedSleepMilliseconds < 0
                || Clock.TotalMilliseconds - _chargeTakenAt >= ChargeReadMilliseconds)
            {
                SettleCharge();
            }

            Radio.EndOpenSession();
            AfterBoot?.Invoke();
            if (end == BootEnd.NoImage)
            {
                return false;
            }

            // A board's sleep or restart drops every connection.
            DropConnections();
            if (end == BootEnd.Unbootable)
            {
                // No image loads: the loader sleeps before it tries again rather than rebooting in a loop.
                _cause = SleepThenBoot(ManagedUpdateSlots.UnbootableRetryMilliseconds + Board.BootMilliseconds, WakeCause.Timer);
                return true;
            }

            if (end == BootEnd.Crashed || end == BootEnd.Hung)
            {
                Restarts++;
                Resets += end == BootEnd.Hung ? 1 : 0;
                _cause = SleepThenBoot(RestartDelayMilliseconds + Board.BootMilliseconds, WakeCause.Reboot);
                return true;
            }

            Resets += end == BootEnd.Reset ? 1 : 0;
            if (Power.RequestedSleepMilliseconds >= 0)
            {
                _cause = SleepThenBoot(Power.RequestedSleepMilliseconds + Board.BootMilliseconds, WakeCause.Timer);
                return true;
            }

            if (Power.RebootRequested)
            {
                Restarts++;
                _cause = SleepThenBoot(Board.BootMilliseconds, WakeCause.Reboot);
                return true;
            }

            return false;
        }

        /// <summary>
        /// Takes the charge the device's ledger accounted since the last read, when boots have run since (it drains the
        /// battery by it): after every boot of a mains device or one that did not end in a deep sleep, an hour after the
        /// last read, before a power-on, and when the run ends (a fleet asks for it after its run too).
        /// </summary>
        public void SettleCharge()
        {
            if (!_chargePending)
            {
                return;
            }

            _chargePending = false;
            _chargeTakenAt = Clock.TotalMilliseconds;
            double charge = Ledger.TakeNewCharge();
            RunMicroampHours += charge;
            if (!IsMains)
            {
                Battery.Draw(charge);
            }
        }

        /// <summary>One boot by the loader; a power cut the clock raised on the loader's own path ends it as a cut.</summary>
        private BootEnd BootOnce(WakeCause cause)
        {
            if (PowerSupply == null)
            {
                return Loader.Boot(Platform, cause);
            }

            try
            {
                return Loader.Boot(Platform, cause);
            }
            catch (SimulatedPowerCutException) when (PowerSupply.Failed)
            {
                return BootEnd.PowerCut;
            }
        }

        /// <summary>Closes the MQTT adapter's connection without a goodbye (both adapters are disposable).</summary>
        private void CloseLink() => ((IDisposable)_link).Dispose();

        private void DropConnections()
        {
            Network.Disconnect();
            CloseLink();
            Downloader.Disconnect();
        }

        /// <summary>
        /// The board sleeps (or waits to restart) for <paramref name="milliseconds"/> and boots with <paramref name="cause"/>,
        /// unless the simulation cuts its power in that time: then it boots when the power is back, as a power-on.
        /// </summary>
        private WakeCause SleepThenBoot(long milliseconds, WakeCause cause)
        {
            long now = Clock.TotalMilliseconds;
            if (PowerSupply != null && PowerSupply.CutBetween(now, now + milliseconds, out long at))
            {
                Clock.DeepSleepAndBoot(at - now);
                PowerSupply.Fail();
                return PowerOnAfterCut();
            }

            Clock.DeepSleepAndBoot(milliseconds);
            return cause;
        }

        /// <summary>After a cut: the power stays off as long as the cut asked, then the board boots as a power-on (the RTC lost the time).</summary>
        private WakeCause PowerOnAfterCut()
        {
            PowerCuts++;
            Clock.DeepSleepAndBoot(PowerSupply.OffMilliseconds + Board.BootMilliseconds);
            Clock.PowerOn();
            PowerSupply.Restore();
            return WakeCause.PowerOn;
        }

        public void Dispose()
        {
            Loader.ReleaseBundle();
            CloseLink();
            Downloader.Dispose();
        }

        /// <summary>
        /// The sensor role's sensors with --sensor: the chosen chip measuring the simulated climate (a daily cycle), found
        /// by its id as a board does at boot and read as on ESP32 (the guarded BME280 driver, or the binding inside the
        /// guard with a battery's gas heater).
        /// </summary>
        private ISensor[] ClimateChipSensors(string chip)
        {
            int[] air = new int[3];
            Chip = BoschChips.Create(chip, 0x76, () => Clock.TotalMilliseconds);
            Chip.Environment = () =>
            {
                Sensor.Measure(air, 0);
                return (air[0] / 100.0, air[1] / 10.0, air[2]);
            };
            Socket = new ChipSocket(0x76, Chip) { SilentBusErrors = true };
            ISensor[] sensors = BoschSensors.Build(Socket, Clock, new DesktopBindings(Socket, Clock), GasHeaterProfile.Battery(), out _found);
            _observed = new ObservedSensor(sensors[0]);
            sensors[0] = _observed;
            return sensors;
        }

        /// <summary>The board profile named by the deployed configuration, or the default.</summary>
        private static string BoardProfileName(byte[] deployedConfiguration)
        {
            return DeployedValue(deployedConfiguration, "boardProfile") ?? new Firmware.Device.DeviceConfig().BoardProfile;
        }

        private static bool DeployedIsMains(byte[] deployedConfiguration, bool hasRelay)
        {
            Firmware.Device.DeviceConfig config = new Firmware.Device.DeviceConfig { PowerMode = DeployedValue(deployedConfiguration, "powerMode") ?? Firmware.Device.PowerModes.Auto };
            return config.IsMains(hasRelay);
        }

        /// <summary>The topic the device publishes readings on: its prefix and id from the deployed configuration.</summary>
        private static string TelemetryTopic(byte[] deployedConfiguration, string hardwareId)
        {
            string prefix = DeployedValue(deployedConfiguration, "topicPrefix") ?? new Firmware.Device.DeviceConfig().TopicPrefix;
            return prefix + "/" + (DeployedValue(deployedConfiguration, "deviceId") ?? hardwareId) + "/telemetry";
        }

        /// <summary>A string value of the deployed configuration, or null.</summary>
        private static string DeployedValue(byte[] deployedConfiguration, string key)
        {
            if (deployedConfiguration != null && deployedConfiguration.Length > 0)
            {
                try
                {
                    if (System.Text.Json.Nodes.JsonNode.Parse(deployedConfiguration) is System.Text.Json.Nodes.JsonObject json && json[key] is System.Text.Json.Nodes.JsonValue value
                        && value.TryGetValue(out string text))
                    {
                        return text;
                    }
                }
                catch (Exception e) when (e is System.Text.Json.JsonException || e is InvalidOperationException || e is FormatException)
                {
                    // The firmware reports a malformed file itself; the twin models the defaults.
                }
            }

            return null;
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

        /// <summary>
        /// Reads the device's energy ledger back from the state store in flash after each boot (the device writes it at
        /// the end of every wake), so the simulated battery is drained by exactly what the firmware accounted.
        /// </summary>
        public sealed class LedgerReader
        {
            private readonly BoardProfile _board;

            // Mounted afresh at every read (a mount forgets what it found before), so one store serves every boot.
            private readonly StateStore _state;
            private long _lastNanoampHours;

            /// <param name="stateSectors">The state store's partition of the device's flash layout.</param>
            public LedgerReader(IFlash stateSectors, BoardProfile board)
            {
                _state = new StateStore(stateSectors);
                _board = board;
                Latest = new EnergyLedger(board);
            }

            /// <summary>The ledger as the device last saved it.</summary>
            public EnergyLedger Latest { get; private set; }

            /// <summary>Charge accounted since the last call, µAh.</summary>
            public double TakeNewCharge()
            {
                _state.Mount();
                EnergyLedger ledger = new EnergyLedger(_board);
                Firmware.Device.WakeState wake = new Firmware.Device.WakeState(ledger, new Backoff(1, 1));
                if (!wake.Load(_state))
                {
                    return 0;
                }

                long total = ledger.TotalNanoampHours;
                long delta = total >= _lastNanoampHours ? total - _lastNanoampHours : total;
                _lastNanoampHours = total;
                Latest = ledger;
                return delta / 1000.0;
            }
        }
    }
}
