using System;
using System.Collections.Generic;
using Firmware.Drivers.Bme280;
using Firmware.Drivers.Relay;
using Firmware.Host.Hardware;
using Firmware.Host.Hardware.Bme280;
using Firmware.Ports;

namespace Firmware.Host.Scenarios
{
    /// <summary>
    /// The hardware of a simulated thermostat board, wired as on a real one: a BME280 on I²C measuring a
    /// heated room, read by the firmware's guarded driver, and a relay on a GPIO switching the room's heater,
    /// driven by the firmware's relay driver. Records what the sensor saw and what the relay did.
    /// </summary>
    public sealed class ThermostatRig
    {
        private readonly List<(long At, double Celsius, bool Heating)> _samples = new List<(long, double, bool)>();

        /// <param name="clock">The firmware's clock.</param>
        /// <param name="nowMilliseconds">Virtual milliseconds since the start of the simulation (drives the room).</param>
        public ThermostatRig(IClock clock, Func<long> nowMilliseconds, ThermostatScenarioOptions options)
        {
            Room = new SimulatedRoom(nowMilliseconds, options.StartCelsius)
            {
                OutdoorMeanCelsius = options.OutdoorMeanCelsius,
                OutdoorSwingCelsius = options.OutdoorSwingCelsius,
                StartHourOfDay = DateTimeOffset.FromUnixTimeMilliseconds(options.StartUnixTimeMilliseconds).TimeOfDay.TotalHours,
            };
            Pin = new SimulatedRelayPin(nowMilliseconds, activeHigh: true, Room);
            Chip = new SimulatedBme280(0x76, nowMilliseconds);
            Chip.Environment = () =>
            {
                var air = Room.Air();
                _samples.Add((nowMilliseconds(), air.Celsius, Pin.Energised));
                return air;
            };
            Sensor = new Bme280Sensor(Chip, clock, new Bme280Options());
            Relay = new RelayOutput("heater", Pin, true, clock, options.RelayMinimumOnSeconds, options.RelayMinimumOffSeconds);
        }

        public SimulatedRoom Room { get; }

        public SimulatedRelayPin Pin { get; }

        public SimulatedBme280 Chip { get; }

        public Bme280Sensor Sensor { get; }

        public RelayOutput Relay { get; }

        /// <summary>Every conversion: virtual ms, the room's true temperature, whether the heater was on.</summary>
        public IReadOnlyList<(long At, double Celsius, bool Heating)> Samples => _samples;
    }
}
