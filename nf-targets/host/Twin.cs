using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using Firmware.Device;
using Firmware.Host.Boot;
using Firmware.Host.Faults;
using Firmware.Host.Hardware;
using Firmware.Host.Mqtt;
using Firmware.Host.Scenarios;
using Firmware.Ports;
using Firmware.Power;
using Firmware.Storage;

namespace Firmware.Host
{
    /// <summary>
    /// Runs one simulated device (<see cref="TwinDevice"/>: the hardware, and the loader that boots the application
    /// from the active slot at every wake) against a broker, optionally through a fault-injecting proxy, with an
    /// independent subscriber that judges what was delivered, progress lines, and a report at the end.
    /// </summary>
    public static class Twin
    {
        /// <summary>The simulated flash region: 2 MiB of 4 KiB sectors (two 512 KiB OTA slots, a 1008 KiB log).</summary>
        public const int FlashSize = 2 * 1024 * 1024;

        /// <summary>
        /// Bytes of each OTA slot on the twin. Its bundle holds desktop assemblies, about twice the size of the
        /// .pe files an ESP32 bundle holds, in a flash of 2 MiB that keeps room for a long log beside them.
        /// </summary>
        public const int SlotBytes = 512 * 1024;

        /// <summary>The simulated battery (2×AA through a boost converter, usable capacity).</summary>
        public const int BatteryMilliampHours = TwinDevice.BatteryMilliampHours;

        public static TwinReport Run(TwinOptions options, TextWriter output, CancellationToken cancel)
        {
            DateTime realStart = DateTime.UtcNow;
            using EmbeddedBroker broker = options.UseEmbeddedBroker ? EmbeddedBroker.Start(options.EmbeddedPort) : null;
            string host = broker != null ? "127.0.0.1" : options.BrokerHost;
            int port = broker != null ? broker.Port : options.BrokerPort;
            VirtualClock clock = new VirtualClock(options.Speed, cancel);

            // With faults the device reaches the broker only through the proxy; the judge connects directly.
            using FaultProxy proxy = options.Faults.IsProxied ? FaultProxy.Start(options.Faults, host, port, () => clock.TotalMilliseconds) : null;
            JsonObject configuration = proxy != null
                ? options.DeployedConfiguration("127.0.0.1", proxy.Port)
                : options.DeployedConfiguration(host, port);
            string prefix = (string)configuration["topicPrefix"] ?? new DeviceConfig().TopicPrefix;
            string deviceId = (string)configuration["deviceId"];
            MqttConnectOptions access = BrokerAccess(configuration, host, port);
            output.WriteLine(broker != null
                ? $"embedded MQTT broker on mqtt://127.0.0.1:{port}"
                : $"using MQTT broker {(access.UseTls ? "mqtts" : "mqtt")}://{BrokerFailure.Endpoint(host, port)}{(access.UseTls ? " (TLS, pinned CA)" : string.Empty)}{(access.UserName != null ? $" as '{access.UserName}'" : string.Empty)}");
            output.WriteLine(options.Setup
                ? $"device {deviceId} ({options.Role}) with its setup button held: its network, broker and topics come from the setup page, speed x{options.Speed}"
                : $"device {deviceId} ({options.Role}): telemetry on {prefix}/{deviceId}/telemetry, speed x{options.Speed}");
            if (options.Faults.IsActive)
            {
                output.WriteLine($"fault injection{(proxy != null ? $" through mqtt://127.0.0.1:{proxy.Port}" : string.Empty)}: {options.Faults.Describe()}");
            }

            string flashPath = options.FlashPathFor(deviceId);
            using SimulatedNorFlash flash = SimulatedNorFlash.OpenFile(flashPath, options.FlashSizeBytes, 4096, options.Fresh);
            output.WriteLine($"flash: {flashPath}{(options.Fresh ? " (erased)" : string.Empty)}");
            // With --setup the broker and topic are known once setup stored them: the observer starts then.
            TelemetryObserver observer = options.Setup ? null : StartObserver(access, $"{prefix}/{deviceId}/telemetry", output);
            try
            {

            // The world's time: the device learns it only from network time at its first radio session.
            long worldStart = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            DeviceStorage before = new DeviceStorage(flash, SlotBytes);
            before.Log.Mount();
            long firstSequence = before.Log.NextSequence;
            long droppedBefore = before.Log.Dropped;
            long bootsBefore = BootsCounted(flash);
            using TwinDevice device = new TwinDevice(options, clock, flash, deviceId, Encoding.UTF8.GetBytes(configuration.ToJsonString()), output, cancel, worldStart);
            if (device.Slots != null)
            {
                output.WriteLine($"OTA: model {HostLoader.HardwareModel}, announces on {prefix}/{deviceId}/ota, {options.RootKeys.Count} trusted root key(s)");
            }

            TwinProgress progress = new TwinProgress(output, options.Duration, options.ProgressEvery, device, observer);
            TwinSetupWatch setup = options.Setup ? new TwinSetupWatch(device, output) : null;
            device.AfterBoot = () =>
            {
                if (setup != null && setup.CheckStored())
                {
                    observer = StartObserver(setup.BrokerAccess(), device.Radio.TelemetryTopic, output);
                    progress.Observer = observer;
                }

                progress.Report();
            };
            clock.Slept = progress.Report;
            try
            {
                device.Run();
            }
            finally
            {
                clock.Slept = null;
            }

            // Let the last PUBACKed messages reach the observer (connected again, if the broker went away) before judging.
            observer?.WaitConnected(3000);
            Thread.Sleep(200);
            flash.Sync();
            DeviceStorage after = new DeviceStorage(flash, SlotBytes);
            after.Log.Mount();
            long bootsAfter = BootsCounted(flash);
            return new TwinReport
            {
                DeviceTime = TimeSpan.FromMilliseconds(clock.TotalMilliseconds),
                RealTime = DateTime.UtcNow - realStart,
                Boots = (int)(bootsAfter >= bootsBefore ? bootsAfter - bootsBefore : bootsAfter),
                LoaderBoots = device.Boots,
                Sampled = device.Sampled,
                Received = observer?.Sequences ?? Array.Empty<long>(),
                Observed = observer != null,
                ObserverReconnects = observer?.Reconnects ?? 0,
                ObserverSessionsLost = observer?.SessionsLost ?? 0,
                ObserverProblem = observer != null && !observer.IsConnected ? observer.LastProblem ?? "not connected at the end" : null,
                RadioSessions = device.Network.ConnectCount,
                FailedRadioSessions = device.Network.FailedCount,
                BrokerSessionsTried = device.Radio.Sessions,
                BrokerSessionsReached = device.Radio.Reached,
                LastLinkError = device.Mqtt.LastError ?? device.Network.LastError,
                PubacksFoundLost = device.Link.PubacksFoundLost,
                FlashFile = flashPath,
                StoredHeld = after.Log.Held,
                StoredOldest = after.Log.OldestSequence,
                StoredDropped = after.Log.Dropped,
                DroppedThisRun = after.Log.Dropped - droppedBefore,
                FirstSequence = firstSequence,
                NextSequence = after.Log.NextSequence,
                Ledger = device.Ledger.Latest,
                Mains = device.IsMains,
                RunMicroampHours = device.RunMicroampHours,
                SupplyMillivolts = device.Board.BatteryMillivolts,
                BatteryMilliampHours = BatteryMilliampHours,
                BatteryLeftPercent = device.Battery.ChargePercent,
                Thermostat = device.Thermostat == null ? null : ThermostatReport(device.Thermostat, device.Room, clock, device.Layout.State),
                Faults = proxy?.Summary(),
                ConnectionsCut = proxy == null ? 0 : proxy.CutByWindow + proxy.CutAfterPackets,
                Firmware = device.Loader.RunningVersion,
                Slot = device.Loader.RunningSlot,
                BundleBytes = device.Loader.BundleBytes,
                BundleLoadMilliseconds = device.Loader.LoadMilliseconds,
                SetupPageUpSeconds = setup?.PageUpSeconds,
                SetupNetworksListedSeconds = setup?.NetworksListedSeconds,
                SetupSubmitToFirstReadingSeconds = setup?.SubmitToFirstReadingSeconds,
                SetupStored = setup?.Stored != null,
                Setup = setup != null,
            };
            }
            finally
            {
                observer?.Dispose();
            }
        }

        /// <summary>
        /// How the observer reaches the broker: the device's own TLS settings and login from the configuration it runs with
        /// (the command line's laid over the file's), at the broker itself rather than through a fault proxy.
        /// </summary>
        public static MqttConnectOptions BrokerAccess(JsonObject configuration, string host, int port)
        {
            return new MqttConnectOptions
            {
                Host = host,
                Port = port,
                UseTls = configuration["tls"] is JsonValue tls && tls.TryGetValue(out bool on) && on,
                CaCertificatePem = (string)configuration["caCertificate"],
                ClientCertificatePem = (string)configuration["clientCertificate"],
                ClientKeyPem = (string)configuration["clientKey"],
                UserName = (string)configuration["userName"],
                Password = (string)configuration["password"],
            };
        }

        /// <summary>The boots the device's state store has counted (the firmware counts one at every start of its loop), 0 on erased flash.</summary>
        public static long BootsCounted(IFlash flash)
        {
            StateStore state = new StateStore(FlashLayout.Standard(flash, SlotBytes).State);
            state.Mount();
            byte[] record = new byte[8];
            return state.Read(StateKeys.Boot, record, 0, out _) == record.Length ? System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(record) : 0;
        }

        private static ThermostatScenarioResult ThermostatReport(ThermostatRig rig, ThermostatScenarioOptions room, VirtualClock clock, IFlash stateSectors)
        {
            room.Duration = TimeSpan.FromMilliseconds(Math.Max(60_000, clock.TotalMilliseconds));
            room.NetworkUp = true;
            return ThermostatScenarioResult.FromRig(rig, room, StoredThermostatSettings(stateSectors));
        }

        /// <summary>The thermostat settings the device keeps in its state store (set by command), else the defaults: what the band is judged against.</summary>
        public static Firmware.Control.ThermostatSettings StoredThermostatSettings(IFlash stateSectors)
        {
            StateStore state = new StateStore(stateSectors);
            state.Mount();
            byte[] record = new byte[Firmware.Control.ThermostatSettingsCodec.EncodedLength];
            int length = state.Read(StateKeys.ThermostatSettings, record, 0, out _);
            return (length > 0 ? Firmware.Control.ThermostatSettingsCodec.Decode(record, 0, length, out _) : null) ?? new Firmware.Control.ThermostatSettings();
        }

        /// <summary>The independent subscriber, or null (with a warning that says why) when the broker cannot be used now.</summary>
        private static TelemetryObserver StartObserver(MqttConnectOptions access, string topic, TextWriter output)
        {
            TelemetryObserver observer = TelemetryObserver.Start(access, topic, out string problem);
            if (observer == null)
            {
                output.WriteLine($"warning: the observer cannot use the broker: {problem}; deliveries are not judged in this run");
            }

            return observer;
        }
    }
}
