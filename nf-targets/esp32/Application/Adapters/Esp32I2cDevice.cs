using System;
using System.Device.I2c;
using Firmware.Drivers.Bus;
using nanoFramework.Hardware.Esp32;

namespace Firmware.Esp32.Adapters
{
    /// <summary>
    /// One device on an ESP32 I²C bus (System.Device.I2c 1.1.29), every transfer's I2cTransferResult passed up.
    /// On ESP32 the native transmit reports FullTransfer with BytesTransferred = written + read, or
    /// SlaveAddressNotAcknowledged / ClockStretchTimeout / UnknownError with 0 bytes; the status enum is
    /// converted by value. An exception from the native layer (bus driver error, out of memory) becomes
    /// UnknownError carrying its message (<see cref="I2cResult.Error"/>), so the driver retries and reports it
    /// in its fault rather than the loop dying.
    /// </summary>
    public sealed class Esp32I2cDevice : II2cDevice
    {
        private readonly I2cDevice _device;

        /// <param name="busId">1 or 2 (I2C1, I2C2).</param>
        /// <param name="dataPin">SDA GPIO; routed with Configuration.SetPinFunction before the bus opens.</param>
        /// <param name="clockPin">SCL GPIO.</param>
        public Esp32I2cDevice(int busId, int dataPin, int clockPin, int address)
        {
            Configuration.SetPinFunction(dataPin, busId == 1 ? DeviceFunction.I2C1_DATA : DeviceFunction.I2C2_DATA);
            Configuration.SetPinFunction(clockPin, busId == 1 ? DeviceFunction.I2C1_CLOCK : DeviceFunction.I2C2_CLOCK);
            _device = I2cDevice.Create(new I2cConnectionSettings(busId, address, I2cBusSpeed.StandardMode));
            Address = address;
        }

        public int Address { get; private set; }

        /// <summary>The nanoFramework device itself, for a binding library that talks to the same chip (the guard shares it).</summary>
        public I2cDevice Device
        {
            get { return _device; }
        }

        public I2cResult Write(byte[] buffer, int offset, int count)
        {
            try
            {
                return Convert(_device.Write(new SpanByte(buffer, offset, count)));
            }
            catch (Exception e)
            {
                return new I2cResult(I2cStatus.UnknownError, 0, e.GetType().Name + ": " + e.Message);
            }
        }

        public I2cResult WriteRead(byte[] writeBuffer, int writeOffset, int writeCount, byte[] readBuffer, int readOffset, int readCount)
        {
            try
            {
                return Convert(_device.WriteRead(new SpanByte(writeBuffer, writeOffset, writeCount), new SpanByte(readBuffer, readOffset, readCount)));
            }
            catch (Exception e)
            {
                return new I2cResult(I2cStatus.UnknownError, 0, e.GetType().Name + ": " + e.Message);
            }
        }

        private static I2cResult Convert(I2cTransferResult result)
        {
            return new I2cResult((I2cStatus)(int)result.Status, (int)result.BytesTransferred);
        }
    }
}
