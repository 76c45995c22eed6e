namespace Firmware.Drivers.Bmxx80
{
    /// <summary>
    /// Whether one channel's value from a binding stands: its raw register holds no stuck or skipped pattern, the
    /// binding calls it valid, and it lies in the chip's operating range (the family's datasheets, table 1: −40..85 °C,
    /// 300..1100 hPa; humidity above 0, where Bosch's formula clamps a negative result, up to 100 %RH). Why not is
    /// recorded in the guard.
    /// </summary>
    public static class BindingChannel
    {
        public const int MinTemperatureCenti = -4000;
        public const int MaxTemperatureCenti = 8500;
        public const int MinPressurePascal = 30000;
        public const int MaxPressurePascal = 110000;
        public const int MaxHumidityCenti = 10000;

        /// <param name="stuck">Why the raw register is no measurement (<see cref="RawRegisters"/>), or null.</param>
        /// <param name="valid">The binding's valid mask.</param>
        /// <param name="results">The binding's values (<see cref="Bmxx80Values"/>).</param>
        public static bool Temperature(BoschGuard guard, string stuck, int valid, int[] results)
        {
            return Accept(guard, stuck, valid, results, Bmxx80Values.Temperature, MinTemperatureCenti, MaxTemperatureCenti, "temperature", " cC is outside -40..85 C");
        }

        public static bool Pressure(BoschGuard guard, string stuck, int valid, int[] results)
        {
            return Accept(guard, stuck, valid, results, Bmxx80Values.Pressure, MinPressurePascal, MaxPressurePascal, "pressure", " Pa is outside 300..1100 hPa");
        }

        public static bool Humidity(BoschGuard guard, string stuck, int valid, int[] results)
        {
            return Accept(guard, stuck, valid, results, Bmxx80Values.Humidity, 1, MaxHumidityCenti, "humidity", " c%RH is not a reading (0 is the formula's clamp)");
        }

        private static bool Accept(BoschGuard guard, string stuck, int valid, int[] results, int index, int min, int max, string name, string outside)
        {
            if (stuck != null)
            {
                return guard.Fail(stuck);
            }

            if ((valid & (1 << index)) == 0)
            {
                return guard.Fail("the binding gave no " + name);
            }

            int value = results[index];
            if (value < min || value > max)
            {
                return guard.Fail(name + " " + value.ToString() + outside);
            }

            return true;
        }
    }
}
