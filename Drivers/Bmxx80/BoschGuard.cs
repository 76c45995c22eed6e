using Firmware.Drivers.Bus;

namespace Firmware.Drivers.Bmxx80
{
    /// <summary>
    /// The steps of our guard around a read through a binding library, shared by the chips that are read through one
    /// (BMP280, BME680): the chip id through the drivers' own I²C port before and after the read, the binding built
    /// afresh after any failure (it identifies the chip, reads its calibration and resets it), the binding's read with
    /// whatever it throws caught, and checked burst reads of the chip's status and raw registers for the chip's own
    /// checks. A step that fails says why in <see cref="Problem"/> and the measurement gives no value from it. Every
    /// transfer of ours is checked (status and byte count); the binding's own transfers cannot be (see the README).
    /// Allocation-free except to describe a failure.
    /// </summary>
    public sealed class BoschGuard
    {
        /// <summary>
        /// Reads through one binding object before it is built afresh even without a failure: its copy of the
        /// calibration, read once with unchecked transfers, is then read again (on battery every wake is a boot anyway).
        /// </summary>
        public const int ReadsPerOpen = 60;

        private readonly II2cDevice _device;
        private readonly IBmxx80Binding _binding;
        private readonly BoschChipProbe _probe;
        private readonly CheckedRegisters _registers;
        private bool _open;
        private int _readsSinceOpen;

        /// <param name="chipId">The id the board found at boot: any other id later is another chip.</param>
        public BoschGuard(II2cDevice device, IBmxx80Binding binding, int chipId)
        {
            _device = device;
            _binding = binding;
            _probe = new BoschChipProbe(device);
            _registers = new CheckedRegisters(device);
            ChipId = chipId;
        }

        public int ChipId { get; private set; }

        public int Address
        {
            get { return _device.Address; }
        }

        /// <summary>Why the current measurement failed, or null.</summary>
        public string Problem { get; private set; }

        /// <summary>True when the binding was built in this measurement: its calibration is to be checked.</summary>
        public bool JustOpened { get; private set; }

        /// <summary>Times the binding was built (at the first read and after every failed one).</summary>
        public int Opens { get; private set; }

        /// <summary>Reads through the binding (each a forced conversion).</summary>
        public int Reads { get; private set; }

        /// <summary>Starts a measurement: no problem yet.</summary>
        public void Begin()
        {
            Problem = null;
            JustOpened = false;
        }

        /// <summary>
        /// Ends a measurement whose valid mask is <paramref name="mask"/> and returns it: after one that gave no value the
        /// binding is built afresh before the next read (the chip may have reset or been replaced).
        /// </summary>
        public int End(int mask)
        {
            if (mask == 0)
            {
                _open = false;
            }

            return mask;
        }

        /// <summary>Reads the chip id; false unless the transfer was complete and the id is the one found at boot.</summary>
        public bool CheckId(string when)
        {
            int id = _probe.Read();
            if (id < 0)
            {
                return Fail("chip id read " + when + ": " + _probe.Problem);
            }

            if (id != ChipId)
            {
                return Fail("chip id " + BoschChip.Describe(id) + " " + when + ", but the board found " + BoschChip.Describe(ChipId)
                    + " at boot: another chip answers (swapped or failing)");
            }

            return true;
        }

        /// <summary>Builds the binding when it is not built (first read, after a failure, or after <see cref="ReadsPerOpen"/> reads).</summary>
        public bool EnsureOpen()
        {
            if (_open && _readsSinceOpen < ReadsPerOpen)
            {
                return true;
            }

            _open = false;

            try
            {
                _binding.Open();
            }
            catch (System.Exception e)
            {
                return Fail("the binding could not set the chip up: " + Describe(e));
            }

            _open = true;
            JustOpened = true;
            Opens++;
            _readsSinceOpen = 0;
            return true;
        }

        /// <summary>One read through the binding without the gas heater: the binding's valid mask, or -1 when it threw.</summary>
        public int Read(int[] values)
        {
            Reads++;
            _readsSinceOpen++;
            try
            {
                return _binding.Read(values);
            }
            catch (System.Exception e)
            {
                Fail("the binding's read failed: " + Describe(e));
                return -1;
            }
        }

        /// <summary>One read through a BME680 binding with the gas heater: the binding's valid mask, or -1 when it threw.</summary>
        public int ReadWithGas(int ambientCentiCelsius, int[] values)
        {
            Reads++;
            _readsSinceOpen++;
            try
            {
                return ((IBme680Binding)_binding).ReadWithGas(ambientCentiCelsius, values);
            }
            catch (System.Exception e)
            {
                Fail("the binding's read failed: " + Describe(e));
                return -1;
            }
        }

        /// <summary>A checked burst read of <paramref name="count"/> registers from <paramref name="first"/>.</summary>
        public bool ReadRegisters(byte first, byte[] into, int count, string what)
        {
            return _registers.Read(first, into, count) || Fail(what + " read: " + _registers.Problem);
        }

        /// <summary>Records why the measurement, or one of its channels, failed (the first reason counts) and returns false.</summary>
        public bool Fail(string why)
        {
            if (Problem == null)
            {
                Problem = why;
            }

            return false;
        }

        /// <summary>Records why the measurement failed, as <see cref="Fail"/> does, and returns 0: the mask of no value.</summary>
        public int Refuse(string why)
        {
            Fail(why);
            return 0;
        }

        private static string Describe(System.Exception e)
        {
            string message = e.Message;
            return e.GetType().Name + (message == null || message.Length == 0 ? string.Empty : ": " + message);
        }
    }
}
