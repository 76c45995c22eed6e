namespace Firmware.Drivers.Bus
{
    /// <summary>The outcome of one I²C transfer: its status and the bytes written plus read.</summary>
    public struct I2cResult
    {
        public I2cResult(I2cStatus status, int bytesTransferred)
        {
            Status = status;
            BytesTransferred = bytesTransferred;
            Error = null;
        }

        /// <param name="error">What the bus driver said (an exception's message), for the fault report.</param>
        public I2cResult(I2cStatus status, int bytesTransferred, string error)
        {
            Status = status;
            BytesTransferred = bytesTransferred;
            Error = error;
        }

        public I2cStatus Status { get; private set; }

        /// <summary>Bytes written plus bytes read (nanoFramework counts both for WriteRead).</summary>
        public int BytesTransferred { get; private set; }

        /// <summary>The bus driver's own message when it failed with an error of its own, or null.</summary>
        public string Error { get; private set; }

        /// <summary>True only for a full transfer of exactly the expected number of bytes.</summary>
        public bool IsComplete(int expectedBytes)
        {
            return Status == I2cStatus.FullTransfer && BytesTransferred == expectedBytes;
        }

        /// <summary>Why the transfer is not complete, for a fault message (allocates; only on faults).</summary>
        public string Describe(int expectedBytes)
        {
            switch (Status)
            {
                case I2cStatus.FullTransfer:
                    return BytesTransferred == expectedBytes
                        ? "complete"
                        : "short transfer (" + BytesTransferred.ToString() + " of " + expectedBytes.ToString() + " bytes)";
                case I2cStatus.AddressNotAcknowledged:
                    return "address not acknowledged (no device answers)";
                case I2cStatus.PartialTransfer:
                    return "partial transfer (" + BytesTransferred.ToString() + " of " + expectedBytes.ToString() + " bytes)";
                case I2cStatus.ClockStretchTimeout:
                    return "clock stretch timeout (bus held low)";
                default:
                    return Error == null ? "unknown bus error" : "unknown bus error: " + Error;
            }
        }
    }
}
