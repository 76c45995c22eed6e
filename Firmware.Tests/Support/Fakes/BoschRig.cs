using Firmware.Drivers.Bme280;
using Firmware.Drivers.Bme680;
using Firmware.Drivers.Bmp280;

namespace Firmware.Tests.Fakes
{
    /// <summary>
    /// A climate chip of Bosch's family on a fake bus with the driver a board gets for it, as the drivers' device tests
    /// set it up: a BME280 register file (<see cref="FakeBme280Bus"/>) read by our own driver with a fake clock, or a
    /// BMP280 or BME680 register file (<see cref="FakeBoschChip"/>) read through the fake binding
    /// (<see cref="FakeBoschBinding"/>) inside the guard. Only the parts of the chosen chip are set.
    /// </summary>
    public sealed class BoschRig
    {
        private BoschRig()
        {
            Clock = new FakeClock();
        }

        /// <summary>The clock the BME280 driver waits on.</summary>
        public FakeClock Clock { get; private set; }

        /// <summary>The BME280's register file and bus.</summary>
        public FakeBme280Bus Bus { get; private set; }

        public Bme280Sensor Bme280 { get; private set; }

        /// <summary>The BMP280's or BME680's register file and bus.</summary>
        public FakeBoschChip Chip { get; private set; }

        /// <summary>The binding the BMP280 or BME680 is read through.</summary>
        public FakeBoschBinding Binding { get; private set; }

        public Bmp280Sensor Bmp280 { get; private set; }

        /// <summary>The BME680 shared by its two sensors.</summary>
        public Bme680Chip Bme680 { get; private set; }

        /// <summary>The BME680's temperature, humidity and pressure.</summary>
        public Bme680Sensor Climate { get; private set; }

        /// <summary>The BME680's gas resistance.</summary>
        public Bme680GasSensor Gas { get; private set; }

        /// <summary>A BME280 read by our own driver with the board's defaults.</summary>
        public static BoschRig WithBme280()
        {
            return WithBme280(new Bme280Options());
        }

        /// <summary>A BME280 read by our own driver with <paramref name="options"/>.</summary>
        public static BoschRig WithBme280(Bme280Options options)
        {
            BoschRig rig = new BoschRig();
            rig.Bus = new FakeBme280Bus();
            rig.Bme280 = new Bme280Sensor(rig.Bus, rig.Clock, options);
            return rig;
        }

        /// <summary>A production BMP280 (id 0x58) read through the binding.</summary>
        public static BoschRig WithBmp280()
        {
            return WithBmp280(0x58);
        }

        /// <summary>A BMP280 answering <paramref name="chipId"/> (0x56 and 0x57 are engineering samples), found so at boot.</summary>
        public static BoschRig WithBmp280(int chipId)
        {
            BoschRig rig = new BoschRig();
            rig.Chip = FakeBoschChip.Bmp280();
            rig.Chip[0xD0] = (byte)chipId;
            rig.Binding = new FakeBoschBinding(rig.Chip);
            rig.Bmp280 = new Bmp280Sensor(rig.Chip, rig.Binding, chipId);
            return rig;
        }

        /// <summary>A BME680 read through the binding as a board gets it, with the battery boards' heater profile.</summary>
        public static BoschRig WithBme680()
        {
            BoschRig rig = new BoschRig();
            rig.Chip = FakeBoschChip.Bme680();
            rig.Binding = new FakeBoschBinding(rig.Chip);
            rig.Bme680 = new Bme680Chip(rig.Chip, rig.Binding, GasHeaterProfile.Battery());
            rig.Climate = new Bme680Sensor(rig.Bme680);
            rig.Gas = new Bme680GasSensor(rig.Bme680);
            return rig;
        }
    }
}
