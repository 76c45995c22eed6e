namespace Firmware.Drivers.Bmxx80
{
    /// <summary>
    /// What a guarded sensor reports of its measurements: the fault of the last one, whether it failed outright, and
    /// the counts of failures and recoveries. Allocates only to describe a fault.
    /// </summary>
    public sealed class SensorHealth
    {
        private readonly string _prefix;

        /// <param name="prefix">Starts every fault, e.g. "bmp280 at 0x76: ".</param>
        public SensorHealth(string prefix)
        {
            _prefix = prefix;
        }

        /// <summary>Why the last measurement had invalid channels, or null.</summary>
        public string Fault { get; private set; }

        /// <summary>True after a measurement gave no value at all; false again at the next that gives one.</summary>
        public bool Failed { get; private set; }

        /// <summary>Measurements that gave no value at all.</summary>
        public int FailedMeasurements { get; private set; }

        /// <summary>Times a value came again after a measurement that gave none.</summary>
        public int Recoveries { get; private set; }

        /// <summary>Records a measurement whose valid channels are <paramref name="mask"/> of <paramref name="expected"/>.</summary>
        public void Record(int mask, int expected, string problem)
        {
            if (mask == 0)
            {
                FailedMeasurements++;
                Failed = true;
            }
            else if (Failed)
            {
                Failed = false;
                Recoveries++;
            }

            Fault = mask == expected ? null : _prefix + (problem == null ? "no value" : problem);
        }
    }
}
