using System;
using System.Diagnostics;
using System.Text;
using Firmware.Device;
using Firmware.Host.Hardware;
using Firmware.Host.Hardware.Bmxx80;
using Firmware.Host.Mqtt;
using Firmware.Ports;

namespace Firmware.Host.Scenarios
{
    /// <summary>
    /// A thermostat closing the loop on the host, deterministically: the real firmware (the application, its
    /// device loop and thermostat, the guarded climate sensor's driver, the relay driver) on a <see cref="SteppedClock"/>,
    /// with a simulated chip (a BME280 by default) measuring a <see cref="SimulatedRoom"/> whose heater the relay's pin
    /// switches.
    /// The same options give the same run, whatever the network does.
    /// </summary>
    public static class ThermostatScenario
    {
        public static ThermostatScenarioResult Run(ThermostatScenarioOptions options)
        {
            Stopwatch real = Stopwatch.StartNew();
            SteppedClock clock = new SteppedClock(options.StartUnixTimeMilliseconds);
            ThermostatRig rig = new ThermostatRig(clock, () => clock.UptimeMilliseconds, options);
            SimulatedBoschChip chip = rig.Chip;
            SimulatedRelayPin pin = rig.Pin;

            long failedAt = -1;
            long clearedAt = -1;
            if (options.SensorFailsWhileHeatingAfter.HasValue)
            {
                long after = (long)options.SensorFailsWhileHeatingAfter.Value.TotalMilliseconds;
                clock.Advanced += now =>
                {
                    if (failedAt < 0 && now >= after && pin.Energised)
                    {
                        failedAt = now;
                        chip.Inject(options.SensorFailure);
                    }
                    else if (failedAt >= 0 && clearedAt < 0 && now >= failedAt + (long)options.SensorFailureLasts.TotalMilliseconds)
                    {
                        clearedAt = now;
                        chip.ClearFault();
                    }
                };
            }

            using EmbeddedBroker broker = options.NetworkUp ? EmbeddedBroker.Start(0) : null;
            using MqttNetLink mqtt = new MqttNetLink();
            HostNetwork network = new HostNetwork { Down = !options.NetworkUp };
            CountingLog log = new CountingLog();
            string configuration = "{\"deviceId\":\"thermostat-1\",\"brokerHost\":\"127.0.0.1\",\"brokerPort\":"
                + (broker?.Port ?? 1883) + ",\"sampleIntervalSeconds\":" + options.SampleIntervalSeconds + "}";
            Platform platform = new Platform
            {
                HardwareId = "thermostat-1",
                DeployedConfiguration = Encoding.UTF8.GetBytes(configuration),
                Clock = clock,
                Flash = new SimulatedNorFlash(Twin.FlashSize, 4096),
                Sensors = rig.Sensors,
                Relay = rig.Relay,
                Network = network,
                Mqtt = new ClockedMqttLink(mqtt, clock),
                Power = new SteppedPower(clock, (long)options.Duration.TotalMilliseconds),
                Random = new SeededRandom(1),
                Log = log,
            };

            // What Firmware.Device.Application.Run does, keeping the loop to read its counters.
            DeviceLoop loop = new DeviceLoop(platform, Firmware.Device.Application.LoadConfiguration(platform), Firmware.Device.RunningFirmware.Version(platform));
            loop.Run();

            ThermostatScenarioResult result = ThermostatScenarioResult.FromRig(rig, options, loop.Context.Thermostat.Settings);
            result.SensorFailedAt = failedAt;
            result.SensorClearedAt = clearedAt;
            result.ReadingsDelivered = (int)loop.Context.Drain.Delivered;
            result.RadioSessions = network.ConnectCount;
            result.Problems = log.Problems;
            result.RealTime = real.Elapsed;
            return result;
        }
    }
}
