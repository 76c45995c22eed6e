namespace Firmware.Ports
{
    /// <summary>
    /// A region of NOR flash: the strictest storage model, so code that is correct on it is correct
    /// on anything stronger.
    ///
    /// Contract (what every implementation provides and every caller may assume):
    /// - The region is <see cref="Size"/> bytes, a whole number of sectors of <see cref="SectorSize"/>
    ///   bytes (a power of two). Addresses are byte offsets from the start of the region.
    /// - Erased flash reads 0xFF. <see cref="Erase"/> returns a whole sector to 0xFF; it is the only
    ///   way to set bits.
    /// - <see cref="Program"/> can only clear bits: the stored byte becomes (old AND new). Asking it to
    ///   set a bit is a caller bug; implementations may throw, and the host simulation fails the test.
    ///   A byte may be programmed several times as long as each write only clears bits.
    /// - Any length and alignment within the region is accepted; out-of-range requests throw
    ///   <see cref="System.ArgumentOutOfRangeException"/> before anything is changed.
    /// - Reads return what was last programmed, with no caching visible to the caller.
    /// - Durability: an operation is committed once a later <see cref="Sync"/> has returned. After a
    ///   power cut, committed data is intact. Uncommitted operations may be lost or partial: an
    ///   interrupted Program leaves any subset of the bits it was clearing cleared; an interrupted Erase
    ///   leaves every bit of the sector either as it was or 1. Nothing outside the sector or range
    ///   being changed is ever affected. (Raw NOR commits every operation when it returns, so Sync
    ///   is free there; a file-backed adapter may fall back to its last sync.)
    /// - Failures of the medium throw <see cref="System.IO.IOException"/>; a region that lost power
    ///   throws on every operation until the device restarts.
    /// </summary>
    public interface IFlash
    {
        /// <summary>Size of the region in bytes; a multiple of <see cref="SectorSize"/>.</summary>
        int Size { get; }

        /// <summary>Erase granularity in bytes (a power of two, typically 4096).</summary>
        int SectorSize { get; }

        /// <summary>Copies <paramref name="count"/> bytes at <paramref name="address"/> into the buffer.</summary>
        void Read(int address, byte[] buffer, int offset, int count);

        /// <summary>ANDs <paramref name="count"/> bytes from the buffer into flash at <paramref name="address"/>.</summary>
        void Program(int address, byte[] buffer, int offset, int count);

        /// <summary>Sets every byte of sector <paramref name="sector"/> (0-based) to 0xFF.</summary>
        void Erase(int sector);

        /// <summary>Commits every operation that returned before this call.</summary>
        void Sync();
    }
}
