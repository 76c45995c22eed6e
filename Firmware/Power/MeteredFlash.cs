using Firmware.Ports;

namespace Firmware.Power
{
    /// <summary>
    /// Counts the flash operations the firmware makes, so the energy ledger can charge them at the board's typical
    /// durations (a sector erase, a 256-byte page program): on the host the simulated flash takes no time, and on a
    /// device the operations are too short to time one by one. Passes every call through unchanged.
    /// </summary>
    public sealed class MeteredFlash : IFlash
    {
        public const int PageBytes = 256;

        private readonly IFlash _inner;
        private long _chargedErases;
        private long _chargedPages;

        public MeteredFlash(IFlash inner)
        {
            _inner = inner;
        }

        public int Size
        {
            get { return _inner.Size; }
        }

        public int SectorSize
        {
            get { return _inner.SectorSize; }
        }

        /// <summary>Sector erases so far.</summary>
        public long Erases { get; private set; }

        /// <summary>256-byte pages touched by programs so far (a program spanning two pages counts two).</summary>
        public long PagePrograms { get; private set; }

        public long Reads { get; private set; }

        public long BytesRead { get; private set; }

        public long BytesProgrammed { get; private set; }

        public long Syncs { get; private set; }

        public void Read(int address, byte[] buffer, int offset, int count)
        {
            _inner.Read(address, buffer, offset, count);
            Reads++;
            BytesRead += count;
        }

        public void Program(int address, byte[] buffer, int offset, int count)
        {
            _inner.Program(address, buffer, offset, count);
            if (count > 0)
            {
                PagePrograms += ((address + count - 1) / PageBytes) - (address / PageBytes) + 1;
                BytesProgrammed += count;
            }
        }

        public void Erase(int sector)
        {
            _inner.Erase(sector);
            Erases++;
        }

        public void Sync()
        {
            _inner.Sync();
            Syncs++;
        }

        /// <summary>
        /// Charges the operations since the last call to the ledger at the profile's typical durations and starts
        /// counting afresh.
        /// </summary>
        public void ChargeTo(EnergyLedger ledger)
        {
            BoardProfile profile = ledger.Profile;
            if (Erases > _chargedErases)
            {
                ledger.Add(PowerPhase.FlashErase, (Erases - _chargedErases) * profile.FlashSectorEraseMilliseconds);
                _chargedErases = Erases;
            }

            if (PagePrograms > _chargedPages)
            {
                ledger.AddMicroseconds(PowerPhase.FlashProgram, (PagePrograms - _chargedPages) * profile.FlashPageProgramMicroseconds);
                _chargedPages = PagePrograms;
            }
        }
    }
}
