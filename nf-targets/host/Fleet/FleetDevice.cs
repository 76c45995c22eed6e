using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using Firmware.Host.Boot;
using Firmware.Ota;
using Firmware.Storage;

namespace Firmware.Host.Fleet
{
    /// <summary>
    /// One device of a fleet: a <see cref="TwinDevice"/> (the firmware's own code, booted by the twin's loader from its
    /// OTA slots) on a <see cref="FleetClock"/>, a <see cref="FleetFlash"/> and the radio its profile gives it (Wi-Fi
    /// quality, days offline, never set up, power cuts). A battery device's boots are run one by one by the scheduler's
    /// workers; a mains device's never-ending loop has a thread of its own.
    /// </summary>
    public sealed class FleetDevice
    {
        /// <summary>A device's thread needs little stack: the firmware's calls are shallow.</summary>
        private const int StackBytes = 512 * 1024;

        private readonly Thread _thread;

        public FleetDevice(DeviceProfile profile, FleetSetup setup)
        {
            Profile = profile;
            Supply = new PowerCutSchedule();
            foreach ((long at, long off, bool _) in profile.Cuts)
            {
                Supply.Add(at, off);
            }

            // A battery device's boots are steps the scheduler's workers run; a mains device's loop needs a thread of its own.
            Clock = setup.Scheduler.Join(profile.InstallAt, setup.WorldStartUnixMilliseconds, Supply, profile.Kind.IsThermostat ? null : () => Device.Step());
            Flash = new FleetFlash(setup.FlashBytes, 4096, setup.Sectors, Supply);
            Random radio = new Random(profile.Seed);
            TwinOptions options = new TwinOptions
            {
                BrokerHost = setup.BrokerHost,
                BrokerPort = setup.BrokerPort,
                DeviceId = profile.Id,
                Role = profile.Kind.Role,
                Seed = profile.Seed,
                HardwareSeed = profile.Seed,
                Duration = TimeSpan.FromMilliseconds(setup.EndMilliseconds),
                SampleInterval = TimeSpan.FromSeconds(profile.Kind.SampleIntervalSeconds),
                RadioInterval = profile.Kind.IsThermostat ? TimeSpan.Zero : TimeSpan.FromSeconds(profile.Kind.RadioIntervalSeconds),
                WifiConnect = TimeSpan.FromMilliseconds(profile.Wifi.ConnectMilliseconds),
                RadioRoundTrip = TimeSpan.FromMilliseconds(profile.Wifi.RoundTripMilliseconds),
                FactoryBundle = setup.FactoryBundle,
                Quiet = true,
                RealReceiveWaitMilliseconds = setup.AnswerGraceMilliseconds,
                FlashSizeBytes = setup.FlashBytes,
            };
            options.RootKeys.AddRange(setup.RootKeys);
            JsonObject configuration = options.DeployedConfiguration(setup.BrokerHost, setup.BrokerPort);
            configuration["boardProfile"] = profile.Kind.Board;
            if (profile.Kind.IsThermostat)
            {
                configuration["mainsTelemetryIntervalSeconds"] = profile.Kind.MainsTelemetryIntervalSeconds;
            }
            configuration["topicPrefix"] = setup.TopicPrefix;
            TwinSimulation simulation = new TwinSimulation
            {
                PowerSupply = Supply,
                SharedBundles = setup.Bundles,
                RunsInline = true,
                BlockingLink = true,
                BrokerSocket = setup.BrokerSocket,
                CrashOnBoot = setup.Defects == null ? null : version => setup.Defects(profile, version),
                Link = (link, drop) => Link = new FleetLink(link, drop, Supply, radio, profile.Wifi.DropPerPublish, () => Clock.TotalMilliseconds),
            };
            Device = new TwinDevice(options, Clock, Flash, profile.Id, Encoding.UTF8.GetBytes(configuration.ToJsonString()), TextWriter.Null, setup.Cancel,
                setup.WorldStartUnixMilliseconds, simulation);
            Device.Network.Rssi = profile.Rssi;
            Device.Network.Refusal = () => profile.NeverSetUp ? "no Wi-Fi credentials stored (never set up)"
                : profile.OfflineAt(Clock.TotalMilliseconds) ? "no access point in range (offline for days)"
                : radio.NextDouble() < profile.Wifi.ConnectFailure ? "association failed (weak signal)"
                : null;
            if (!Device.IsMains)
            {
                Device.Battery.Draw(Device.Battery.CapacityMicroampHours * (100 - profile.BatteryPercent) / 100);
            }

            ShareImages();
            Device.AfterBoot = AfterBoot;
            _thread = Clock.IsStepped ? null : new Thread(Live, StackBytes) { IsBackground = true, Name = profile.Id };
        }

        public DeviceProfile Profile { get; }

        public TwinDevice Device { get; }

        public FleetClock Clock { get; }

        public FleetFlash Flash { get; }

        public PowerCutSchedule Supply { get; }

        /// <summary>The device's radio link (its drops).</summary>
        public FleetLink Link { get; private set; }

        /// <summary>What ended the device's life early (a fault of the simulation), or null.</summary>
        public Exception Failure => _failure ?? Clock.Failure;

        private Exception _failure;

        /// <summary>Starts the device's own thread (a mains device); a battery device's boots are run by the scheduler.</summary>
        public void Start() => _thread?.Start();

        /// <summary>The device's reading log as its flash holds it now (read after the run).</summary>
        public ReadingLog ReadLog()
        {
            if (Supply.Failed)
            {
                // The run ended during a power cut: the flash is read as it holds the log, as a technician would.
                Supply.Restore();
            }

            ReadingLog log = new DeviceStorage(Flash, Firmware.Host.Twin.SlotBytes).Log;
            log.Mount();
            return log;
        }

        /// <summary>
        /// The refusals the device's updater made, as its record in boot control counts them (the last refusal id); read
        /// after the run, after <see cref="ReadLog"/> gave the board power back. 0 when it holds no record.
        /// </summary>
        public long ReadRefusals()
        {
            byte[] bytes = new byte[UpdaterState.MaxEncodedSize];
            UpdaterState state = new UpdaterState();
            int length = Device.Slots?.ReadUpdaterState(bytes, 0) ?? -1;
            return length > 0 && state.Decode(bytes, 0, length) ? state.RefusalId : 0;
        }

        private void Live()
        {
            try
            {
                Clock.WaitForStart();
                Device.Run();
            }
            catch (Exception e)
            {
                _failure = e;
            }
            finally
            {
                Clock.Leave();
            }
        }

        /// <summary>Every firmware version the loader booted, in the order first booted.</summary>
        public IReadOnlyList<string> FirmwareBooted => _booted;

        private readonly List<string> _booted = new List<string>();

        /// <summary>Update outcomes as the device's boot control recorded them (the simulator's truth, not its events): outcome and version, in order.</summary>
        public IReadOnlyList<(string Outcome, string Version)> UpdateOutcomes => _outcomes;

        private readonly List<(string Outcome, string Version)> _outcomes = new List<(string Outcome, string Version)>();
        private readonly Firmware.Boot.BootControlRecord _record = new Firmware.Boot.BootControlRecord();
        private readonly Firmware.Boot.SlotDescriptor _descriptor = new Firmware.Boot.SlotDescriptor();
        private long _outcomeId;

        private void AfterBoot()
        {
            string version = Device.Loader.RunningVersion;
            if (version != null && !_booted.Contains(version))
            {
                _booted.Add(version);
            }

            if (!Supply.Failed)
            {
                TakeOutcome();
            }

            ShareImages();
        }

        /// <summary>
        /// After the run, with the board's power back (<see cref="ReadLog"/>): the charge its ledger still holds drains the
        /// battery, and an outcome boot control recorded since the last read is taken. A mains device confirms an update
        /// inside a boot that can last to the end of the run; when a power cut ends that boot and the run ends before the
        /// next, no boot's end read it.
        /// </summary>
        public void SettleAfterRun()
        {
            Device.SettleCharge();
            TakeOutcome();
        }

        /// <summary>
        /// Reads boot control (while the board has power: a cut ends a boot too) and keeps its outcome when it is new. An
        /// outcome stays in the record until the next one, so it is taken at the end of the boot that recorded it, or of
        /// a later one.
        /// </summary>
        private void TakeOutcome()
        {
            if (Device.Slots != null && Device.Slots.ReadRecord(_record) && _record.OutcomeId != _outcomeId
                && (_record.Outcome == Firmware.Boot.BootOutcome.Updated || _record.Outcome == Firmware.Boot.BootOutcome.RolledBack))
            {
                _outcomeId = _record.OutcomeId;
                string image = Device.Slots.ReadDescriptor(_record.OutcomeSlot, _descriptor) ? _descriptor.VersionText : "?";
                _outcomes.Add((_record.Outcome == Firmware.Boot.BootOutcome.Updated ? "updated" : "rolled-back", image));
            }
        }

        /// <summary>The images in the OTA slots are shared with every device that holds the same bytes.</summary>
        private void ShareImages()
        {
            if (Device.Layout.SlotA != null)
            {
                Flash.Share(Device.Layout.SlotA.FirstSector, 2 * Device.Layout.SlotSectors);
            }
        }
    }
}
