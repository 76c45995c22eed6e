namespace Firmware.Drivers.Bme280
{
    /// <summary>How a board uses its BME280: address, oversampling, and how hard to try before reporting a fault.</summary>
    public sealed class Bme280Options
    {
        public Bme280Options()
        {
            Address = 0x76;
            TemperatureOversampling = Bme280Oversampling.X1;
            PressureOversampling = Bme280Oversampling.X1;
            HumidityOversampling = Bme280Oversampling.X1;
            MaxAttempts = 3;
            RetryDelayMilliseconds = 5;
            MaxStatusPolls = 3;
        }

        /// <summary>0x76 with SDO to GND, 0x77 with SDO to VDDIO.</summary>
        public int Address { get; set; }

        /// <summary>Oversampling codes (<see cref="Bme280Oversampling"/>); ×1 each is Bosch's "weather monitoring" setting.</summary>
        public int TemperatureOversampling { get; set; }

        public int PressureOversampling { get; set; }

        public int HumidityOversampling { get; set; }

        /// <summary>Attempts per measurement while the sensor is healthy; a failed sensor gets one per wake.</summary>
        public int MaxAttempts { get; set; }

        public int RetryDelayMilliseconds { get; set; }

        /// <summary>Extra status reads, 1 ms apart, when the conversion has not finished after its maximum time.</summary>
        public int MaxStatusPolls { get; set; }
    }
}
