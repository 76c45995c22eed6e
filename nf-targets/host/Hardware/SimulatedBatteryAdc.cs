using System;
using Firmware.Drivers.Battery;
using Firmware.Drivers.Bus;

namespace Firmware.Host.Hardware
{
    /// <summary>
    /// The ADC pin behind a battery's resistor divider: the battery's voltage, divided as the board profile
    /// says and quantised to the converter's raw counts, so the device's <see cref="BatteryGauge"/> runs
    /// unchanged on the host. <see cref="Disconnected"/> and <see cref="Failing"/> exercise its fault paths.
    /// </summary>
    public sealed class SimulatedBatteryAdc : IAnalogInput
    {
        private readonly SimulatedBattery _battery;
        private readonly BatteryGaugeProfile _profile;

        public SimulatedBatteryAdc(SimulatedBattery battery, BatteryGaugeProfile profile, int maxValue = 4095, int fullScaleMillivolts = 3100)
        {
            _battery = battery;
            _profile = profile;
            MaxValue = maxValue;
            FullScaleMillivolts = fullScaleMillivolts;
        }

        public int MaxValue { get; }

        public int FullScaleMillivolts { get; }

        public bool Disconnected { get; set; }

        public bool Failing { get; set; }

        public string LastError { get; private set; }

        /// <summary>An IBattery view of the simulated battery through the firmware's own gauge.</summary>
        public static BatteryGauge Gauge(SimulatedBattery battery, BatteryGaugeProfile profile) =>
            new BatteryGauge(new SimulatedBatteryAdc(battery, profile), profile);

        public bool TryRead(out int raw)
        {
            if (Failing)
            {
                raw = -1;
                LastError = "conversion failed (simulated)";
                return false;
            }

            int pin = Disconnected ? 0 : _profile.PinMillivolts(_battery.Millivolts);
            raw = (int)Math.Min(MaxValue, Math.Round((double)pin * MaxValue / FullScaleMillivolts));
            LastError = null;
            return true;
        }
    }
}
