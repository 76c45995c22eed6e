using System;
using System.Collections.Generic;
using Firmware.Drivers.Bmxx80;
using Firmware.Drivers.Relay;
using Firmware.Host.Hardware;
using Firmware.Host.Hardware.Bmxx80;
using Firmware.Ports;

namespace Firmware.Host.Scenarios
{
    /// <summary>
    /// The hardware of a simulated thermostat board, wired as on a real one: a Bosch climate sensor (a BME280 by
    /// default, or a BMP280 or BME680) on I²C measuring a heated room, chosen by its chip id as the board does at boot
    /// and read by the firmware's guarded driver (through the desktop binding for the chips read through one), and a
    /// relay on a GPIO switching the room's heater, driven by the firmware's relay driver. Records what the room was
    /// at each reading and what the relay did.
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
            Chip = BoschChips.Create(options.Sensor, 0x76, nowMilliseconds);
            Chip.Environment = Room.Air;
            Socket = new ChipSocket(0x76, Chip) { SilentBusErrors = true };
            ISensor[] sensors = BoschSensors.Build(Socket, clock, new DesktopBindings(Socket, clock), options.GasHeater, out string found);
            Found = found;
            sensors[0] = new ObservedSensor(sensors[0], () => _samples.Add((nowMilliseconds(), Room.Air().Celsius, Pin.Energised)));
            Sensors = sensors;
            Relay = new RelayOutput("heater", Pin, true, clock, options.RelayMinimumOnSeconds, options.RelayMinimumOffSeconds);
        }

        public SimulatedRoom Room { get; }

        public SimulatedRelayPin Pin { get; }

        /// <summary>The chip fitted at boot.</summary>
        public SimulatedBoschChip Chip { get; }

        /// <summary>Where the chip sits: another can be fitted while the firmware runs.</summary>
        public ChipSocket Socket { get; }

        /// <summary>What the board found at boot (its log line).</summary>
        public string Found { get; }

        /// <summary>The sensors the board built for the chip it found (the first one's readings are recorded).</summary>
        public ISensor[] Sensors { get; }

        public RelayOutput Relay { get; }

        /// <summary>Every reading: virtual ms, the room's true temperature, whether the heater was on.</summary>
        public IReadOnlyList<(long At, double Celsius, bool Heating)> Samples => _samples;
    }
}
