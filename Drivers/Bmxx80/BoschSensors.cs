using Firmware.Drivers.Bme280;
using Firmware.Drivers.Bme680;
using Firmware.Drivers.Bmp280;
using Firmware.Drivers.Bus;
using Firmware.Ports;

namespace Firmware.Drivers.Bmxx80
{
    /// <summary>
    /// Chooses a board's sensors by the chip id it reads at boot, so one board profile serves every chip of the family
    /// at its address: a BME280 gets our own guarded driver (<see cref="Bme280Sensor"/>), a BMP280 the binding inside
    /// our guard (<see cref="Bmp280Sensor"/>: no humidity channel at all), a BME680 the binding inside our guard as
    /// two sensors (<see cref="Bme680Sensor"/>, then <see cref="Bme680GasSensor"/>). No answer, or an id of none of
    /// them, gives an <see cref="UnidentifiedBoschSensor"/> that says so at every sample.
    /// </summary>
    public static class BoschSensors
    {
        /// <summary>Id reads at boot before a board is taken to have no chip (a glitch must not cost it its sensor until a restart).</summary>
        public const int IdAttempts = 3;

        /// <summary>The chip's start-up time (t_startup, 2 ms on all of them), waited between tries.</summary>
        public const int RetryDelayMilliseconds = 2;

        /// <param name="device">The drivers' I²C port at the board's sensor address.</param>
        /// <param name="clock">For the BME280's conversion wait and the retries.</param>
        /// <param name="bindings">The target's bindings for the chips read through one.</param>
        /// <param name="heater">The BME680's gas heater set-point (the board's).</param>
        /// <param name="found">What was found, for the boot log.</param>
        public static ISensor[] Build(II2cDevice device, IClock clock, IBmxx80Bindings bindings, GasHeaterProfile heater, out string found)
        {
            BoschChipProbe probe = new BoschChipProbe(device);
            int id = probe.Read();
            for (int attempt = 1; id < 0 && attempt < IdAttempts; attempt++)
            {
                clock.Sleep(RetryDelayMilliseconds);
                id = probe.Read();
            }

            string address = "0x" + Hex.Byte(device.Address);
            if (id < 0)
            {
                found = "no chip answers at " + address + " (" + probe.Problem + "): no climate readings";
                return new ISensor[] { new UnidentifiedBoschSensor(device) };
            }

            if (id == BoschChip.Bme280)
            {
                found = "BME280 (0x60) at " + address + ": read by our own guarded driver";
                Bme280Options options = new Bme280Options();
                options.Address = device.Address;
                return new ISensor[] { new Bme280Sensor(device, clock, options) };
            }

            if (BoschChip.IsBmp280(id))
            {
                found = "BMP280 (0x" + Hex.Byte(id) + ") at " + address + ": temperature and pressure through the binding, guarded";
                return new ISensor[] { new Bmp280Sensor(device, bindings.Bmp280(), id) };
            }

            if (id == BoschChip.Bme680)
            {
                found = "BME680 (0x61) at " + address + ": temperature, humidity and pressure, and gas with the heater at "
                    + heater.TargetCelsius.ToString() + " C for " + heater.Milliseconds.ToString() + " ms, through the binding, guarded";
                Bme680Chip chip = new Bme680Chip(device, bindings.Bme680(heater), heater);
                return new ISensor[] { new Bme680Sensor(chip), new Bme680GasSensor(chip) };
            }

            found = UnidentifiedBoschSensor.Unknown(id, address) + ": no climate readings";
            return new ISensor[] { new UnidentifiedBoschSensor(device) };
        }
    }
}
