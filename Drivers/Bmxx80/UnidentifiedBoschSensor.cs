using Firmware.Drivers.Bus;
using Firmware.Ports;

namespace Firmware.Drivers.Bmxx80
{
    /// <summary>
    /// What a board gets when no chip of the family answered at boot, or one with an id of none of them: a sensor that
    /// says so at every sample and never gives a value. Its one channel is a temperature, always invalid, so a
    /// thermostat sees its input failed and keeps the heater off. Each sample reads the id again and says what answers
    /// now (a chip fitted or woken since boot is used after a restart: the channels a board reports are fixed at boot).
    /// </summary>
    public sealed class UnidentifiedBoschSensor : ISensor
    {
        private readonly BoschChipProbe _probe;
        private readonly SensorChannel[] _channels;
        private readonly string _address;

        public UnidentifiedBoschSensor(II2cDevice device)
        {
            _probe = new BoschChipProbe(device);
            _address = "0x" + Hex.Byte(device.Address);
            _channels = new SensorChannel[] { new SensorChannel("temperature", "Cel", -2) };
        }

        public string Name
        {
            get { return "bmxx80"; }
        }

        public int ChannelCount
        {
            get { return 1; }
        }

        public string Fault { get; private set; }

        public SensorChannel GetChannel(int index)
        {
            return _channels[index];
        }

        public int Measure(int[] values, int offset)
        {
            values[offset] = 0;
            int id = _probe.Read();
            if (id < 0)
            {
                Fault = "no chip answers at " + _address + ": " + _probe.Problem;
            }
            else if (BoschChip.Name(id) == null)
            {
                Fault = Unknown(id, _address);
            }
            else
            {
                Fault = "a " + BoschChip.Describe(id) + " answers at " + _address + " now, but none did at boot: it is read after a restart";
            }

            return 0;
        }

        /// <summary>The message for an id of no chip of the family.</summary>
        public static string Unknown(int id, string address)
        {
            return "chip id 0x" + Hex.Byte(id) + " at " + address + " is none of BMP280 (0x56..0x58), BME280 (0x60), BME680 (0x61)";
        }
    }
}
