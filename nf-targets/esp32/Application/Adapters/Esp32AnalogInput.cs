using System;
using System.Device.Adc;
using Firmware.Drivers.Bus;

namespace Firmware.Esp32.Adapters
{
    /// <summary>
    /// One ESP32 ADC channel (System.Device.Adc 1.1.24). nanoFramework's ESP32 port reads 12 bits (MaxValue
    /// 4095) at 12 dB attenuation without calibration to millivolts, so the board profile supplies the
    /// full-scale voltage. Use ADC1 (channels 0..7, GPIO 36, 37, 38, 39, 32, 33, 34, 35): ADC2 cannot be read
    /// while Wi-Fi is on and then throws, which becomes a failed read here.
    /// </summary>
    public sealed class Esp32AnalogInput : IAnalogInput
    {
        private readonly AdcChannel _channel;
        private readonly int _maxValue;

        public Esp32AnalogInput(AdcController controller, int channelNumber, int fullScaleMillivolts)
        {
            _channel = controller.OpenChannel(channelNumber);
            _maxValue = controller.MaxValue;
            FullScaleMillivolts = fullScaleMillivolts;
        }

        public int MaxValue
        {
            get { return _maxValue; }
        }

        public int FullScaleMillivolts { get; private set; }

        public string LastError { get; private set; }

        public bool TryRead(out int raw)
        {
            try
            {
                raw = _channel.ReadValue();
                LastError = null;
                return true;
            }
            catch (Exception e)
            {
                raw = -1;
                LastError = e.Message;
                return false;
            }
        }
    }
}
