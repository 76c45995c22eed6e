using System;
using Firmware.Drivers.Bme680;
using Firmware.Host.Hardware.Bmxx80;

namespace Firmware.Host.Scenarios
{
    /// <summary>What a thermostat scenario simulates. The defaults are the reference day of docs/thermostat.md.</summary>
    public sealed class ThermostatScenarioOptions
    {
        public TimeSpan Duration { get; set; } = TimeSpan.FromDays(1);

        public int SampleIntervalSeconds { get; set; } = 60;

        /// <summary>The room's climate sensor: "bme280" (the default), "bmp280" or "bme680".</summary>
        public string Sensor { get; set; } = "bme280";

        /// <summary>A BME680's gas heater (a mains board's: the binding's default).</summary>
        public GasHeaterProfile GasHeater { get; set; } = GasHeaterProfile.Mains();

        /// <summary>False: the network is down for the whole run. True: an embedded MQTT broker takes every reading.</summary>
        public bool NetworkUp { get; set; }

        public double StartCelsius { get; set; } = 17.0;

        /// <summary>The board's relay protection (the thermostat's own minimum times are longer).</summary>
        public int RelayMinimumOnSeconds { get; set; } = 60;

        public int RelayMinimumOffSeconds { get; set; } = 60;

        /// <summary>When set, the sensor fails at the first sample after this time at which the heater is on.</summary>
        public TimeSpan? SensorFailsWhileHeatingAfter { get; set; }

        public BoschChipFault SensorFailure { get; set; } = BoschChipFault.AddressNack;

        /// <summary>How long the sensor stays failed.</summary>
        public TimeSpan SensorFailureLasts { get; set; } = TimeSpan.FromMinutes(30);

        /// <summary>Daily mean and half swing of the outdoor temperature.</summary>
        public double OutdoorMeanCelsius { get; set; } = 2.0;

        public double OutdoorSwingCelsius { get; set; } = 6.0;

        /// <summary>Starts at 2026-01-15 00:00 UTC; the outdoor curve is in that time of day.</summary>
        public long StartUnixTimeMilliseconds { get; set; } = 1768435200000;
    }
}
