namespace Firmware.Drivers.Bme680
{
    /// <summary>
    /// The BME680's gas heater set-point: the hot plate's target temperature and how long it is held at each gas
    /// reading. The heater is by far the chip's largest cost (<see cref="Bme680Energy"/>): its time, not its
    /// temperature, is what a battery pays for. The datasheet (3.3.5) says about 20–30 ms bring the plate to its
    /// target; a reading is valid only when the chip says it got there (heat_stab_r).
    /// </summary>
    public sealed class GasHeaterProfile
    {
        /// <summary>The heater's range: below 200 °C the oxide does not react; the binding caps the target at 400 °C.</summary>
        public const int MinCelsius = 200;
        public const int MaxCelsius = 400;

        /// <summary>gas_wait's range: 1 ms to 63 ms × 64 (4032 ms); above 63 ms the chip keeps 6 bits and a 4^n factor, so the time is rounded down.</summary>
        public const int MinMilliseconds = 1;
        public const int MaxMilliseconds = 4032;

        public GasHeaterProfile(int targetCelsius, int milliseconds)
        {
            TargetCelsius = targetCelsius;
            Milliseconds = milliseconds;
        }

        public int TargetCelsius { get; private set; }

        public int Milliseconds { get; private set; }

        /// <summary>
        /// For a battery: 320 °C (Bosch's and the binding's usual target) for 50 ms, the datasheet's 20–30 ms to reach the
        /// target with room to settle. A third of the binding's default 150 ms, so a third of the heater's charge per reading.
        /// </summary>
        public static GasHeaterProfile Battery()
        {
            return new GasHeaterProfile(320, 50);
        }

        /// <summary>On mains: the binding's own default, 320 °C for 150 ms.</summary>
        public static GasHeaterProfile Mains()
        {
            return new GasHeaterProfile(320, 150);
        }

        /// <summary>Null when usable, else why not.</summary>
        public string Validate()
        {
            if (TargetCelsius < MinCelsius || TargetCelsius > MaxCelsius)
            {
                return "the gas heater's target must be 200 to 400 C";
            }

            if (Milliseconds < MinMilliseconds || Milliseconds > MaxMilliseconds)
            {
                return "the gas heater's time must be 1 to 4032 ms";
            }

            return null;
        }
    }
}
