namespace Firmware.Storage
{
    /// <summary>
    /// The few file operations <see cref="SectorFileFlash"/> needs: a tiny port so its logic runs on the
    /// host against a simulated store and on ESP32 against the littlefs I: drive.
    ///
    /// Contract (what littlefs gives, and all the adapter assumes):
    /// - A call has taken effect durably once it returns (for a written file: once it is closed).
    /// - A power cut during <see cref="Delete"/> or <see cref="Move"/> leaves it done or not done.
    /// - A power cut during <see cref="Write"/> leaves the file as it was before, or, if it did not exist,
    ///   absent or shorter than written (littlefs creates the entry at open, commits the data at close).
    /// - Every other file is untouched by a call. Failures throw <see cref="System.IO.IOException"/>.
    /// </summary>
    public interface IFileStore
    {
        /// <summary>Length of the file in bytes, or -1 when there is none.</summary>
        int Length(string name);

        /// <summary>
        /// Reads up to <paramref name="count"/> bytes at <paramref name="position"/>; returns how many were
        /// read (0 past the end or when the file does not exist).
        /// </summary>
        int Read(string name, int position, byte[] buffer, int offset, int count);

        /// <summary>Creates the file (it must not exist), writes the bytes and closes it.</summary>
        void Write(string name, byte[] buffer, int offset, int count);

        /// <summary>Deletes the file; nothing happens when there is none.</summary>
        void Delete(string name);

        /// <summary>Renames <paramref name="from"/> to <paramref name="to"/>, which must not exist.</summary>
        void Move(string from, string to);
    }
}
