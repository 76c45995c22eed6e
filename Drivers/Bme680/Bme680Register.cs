namespace Firmware.Drivers.Bme680
{
    /// <summary>BME680 registers the guard reads (BST-BME680-DS001, 5.2 memory map) and their bits.</summary>
    public static class Bme680Register
    {
        /// <summary>Field 0, read in one burst: meas_status_0 (0x1D), meas_index (0x1E), press (0x1F..0x21), temp (0x22..0x24), hum (0x25, 0x26), reserved (0x27..0x29), gas_r_msb (0x2A), gas_r_lsb (0x2B).</summary>
        public const byte Field = 0x1D;
        public const int FieldLength = 15;
        public const int FieldPressure = 2;
        public const int FieldTemperature = 5;
        public const int FieldHumidity = 8;
        public const int FieldGasMsb = 13;
        public const int FieldGasLsb = 14;

        /// <summary>meas_status_0 bit 7: the field holds the results of a finished conversion.</summary>
        public const byte StatusNewData = 0x80;

        /// <summary>meas_status_0 bit 6: a gas conversion is running.</summary>
        public const byte StatusGasMeasuring = 0x40;

        /// <summary>meas_status_0 bit 5: a conversion is running.</summary>
        public const byte StatusMeasuring = 0x20;

        /// <summary>gas_r_lsb bit 5: a real gas conversion took place (gas_valid_r).</summary>
        public const byte GasValid = 0x20;

        /// <summary>gas_r_lsb bit 4: the heater reached its target temperature (heat_stab_r).</summary>
        public const byte HeatStable = 0x10;

        /// <summary>The control registers, read in one burst: ctrl_gas_0 (0x70), ctrl_gas_1, ctrl_hum, status (0x73), ctrl_meas, config (0x75).</summary>
        public const byte Control = 0x70;
        public const int ControlLength = 6;
        public const int ControlGas0 = 0;
        public const int ControlGas1 = 1;
        public const int ControlHumidity = 2;
        public const int ControlMeasurement = 4;

        /// <summary>ctrl_gas_0 bit 3: the heater is off.</summary>
        public const byte HeatOff = 0x08;

        /// <summary>ctrl_gas_1 bit 4: the forced conversion runs the gas measurement.</summary>
        public const byte RunGas = 0x10;

        /// <summary>ctrl_meas bits 1:0: 00 asleep, 01 forced.</summary>
        public const byte ModeMask = 0x03;

        /// <summary>Calibration block 1, 0x8A..0xA0: par_t2, par_t3, par_p1..par_p10 (BME68x Sensor API's coefficient layout).</summary>
        public const byte Calibration1 = 0x8A;
        public const int Calibration1Length = 23;

        /// <summary>Calibration block 2, 0xE1..0xEE: par_h1..par_h7, par_t1, par_gh1..par_gh3.</summary>
        public const byte Calibration2 = 0xE1;
        public const int Calibration2Length = 14;

        /// <summary>Calibration block 3, 0x00..0x04: res_heat_val, res_heat_range, range_sw_err.</summary>
        public const byte Calibration3 = 0x00;
        public const int Calibration3Length = 5;
    }
}
