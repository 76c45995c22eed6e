using System;
using Firmware.Drivers.Battery;

namespace Firmware.Host.Hardware
{
    /// <summary>
    /// A battery that the energy ledger discharges with <see cref="Draw"/>: its resting voltage follows the
    /// chemistry's curve (the same <see cref="BatteryCurve"/> the device's gauge reads with), so the firmware's
    /// gauge, reading it through <see cref="SimulatedBatteryAdc"/>, sees the charge fall as energy is spent.
    /// </summary>
    public sealed class SimulatedBattery
    {
        private readonly object _gate = new object();
        private double _remainingMicroampHours;

        public SimulatedBattery(BatteryCurve curve, double capacityMilliampHours, double chargePercent = 100)
        {
            Curve = curve;
            CapacityMicroampHours = capacityMilliampHours * 1000;
            _remainingMicroampHours = CapacityMicroampHours * Math.Clamp(chargePercent, 0, 100) / 100;
        }

        public BatteryCurve Curve { get; }

        public double CapacityMicroampHours { get; }

        public double RemainingMicroampHours
        {
            get
            {
                lock (_gate)
                {
                    return _remainingMicroampHours;
                }
            }
        }

        /// <summary>Charge left, in percent of capacity.</summary>
        public double ChargePercent => 100.0 * RemainingMicroampHours / CapacityMicroampHours;

        /// <summary>Resting voltage at the present charge, from the curve.</summary>
        public int Millivolts => Curve.Millivolts((int)Math.Round(ChargePercent));

        public bool Empty => RemainingMicroampHours <= 0;

        /// <summary>Takes charge out of the battery (never below empty); returns what was actually drawn.</summary>
        public double Draw(double microampHours)
        {
            if (microampHours < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(microampHours), "a battery is discharged, not charged, by Draw");
            }

            lock (_gate)
            {
                double drawn = Math.Min(microampHours, _remainingMicroampHours);
                _remainingMicroampHours -= drawn;
                return drawn;
            }
        }
    }
}
