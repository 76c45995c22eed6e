using System;
using Firmware.Drivers.Bme680;
using Firmware.Drivers.Bmxx80;
using Firmware.Host.Hardware;
using Firmware.Host.Hardware.Bmxx80;
using Firmware.Ports;

namespace Firmware.Host.Tests.Drivers
{
    /// <summary>
    /// A board's climate sensor on the host, wired as the twin and the ESP32 wire it: a simulated chip in a socket, its
    /// sensors chosen by the chip id at boot, the chips read through a binding through the desktop Iot.Device.Bindings
    /// (bus errors reach them silently, as on nanoFramework), everything on a stepped clock.
    /// </summary>
    public sealed class BoschBoard
    {
        public BoschBoard(string chip, GasHeaterProfile heater = null)
            : this(clock => BoschChips.Create(chip, 0x76, () => clock.UptimeMilliseconds), heater)
        {
        }

        /// <param name="chip">Makes the chip fitted at boot, on the board's clock.</param>
        public BoschBoard(Func<SteppedClock, SimulatedBoschChip> chip, GasHeaterProfile heater = null)
        {
            Clock = new SteppedClock(0);
            Chip = chip(Clock);
            Socket = new ChipSocket(0x76, Chip) { SilentBusErrors = true };
            Sensors = BoschSensors.Build(Socket, Clock, new DesktopBindings(Socket, Clock), heater ?? GasHeaterProfile.Battery(), out string found);
            Found = found;
            int channels = 0;
            foreach (ISensor sensor in Sensors)
            {
                channels += sensor.ChannelCount;
            }

            Values = new int[channels];
        }

        public SteppedClock Clock { get; }

        public SimulatedBoschChip Chip { get; }

        public ChipSocket Socket { get; }

        public ISensor[] Sensors { get; }

        public string Found { get; }

        /// <summary>The last wake's values, the sensors' channels in order.</summary>
        public int[] Values { get; }

        /// <summary>One wake's measurement of every sensor: the valid channels as one mask, in order.</summary>
        public int Wake()
        {
            int mask = 0;
            int offset = 0;
            foreach (ISensor sensor in Sensors)
            {
                mask |= sensor.Measure(Values, offset) << offset;
                offset += sensor.ChannelCount;
            }

            return mask;
        }

        /// <summary>Every sensor's fault of the last wake, joined.</summary>
        public string Faults()
        {
            string faults = null;
            foreach (ISensor sensor in Sensors)
            {
                if (sensor.Fault != null)
                {
                    faults = faults == null ? sensor.Fault : faults + "; " + sensor.Fault;
                }
            }

            return faults;
        }
    }
}
