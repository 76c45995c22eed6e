namespace Firmware.Boot
{
    /// <summary>
    /// Port: the two image slots and boot control, as the updater sees them. <see cref="ManagedUpdateSlots"/>
    /// implements it in managed code over <see cref="Firmware.Ports.IFlash"/>; a native in-field update of a
    /// later nanoFramework runtime (MCUboot-based) can implement it instead without touching the updater.
    ///
    /// The updater's sequence, each step resumable after a power cut:
    /// <see cref="OpenStaging"/> (writes the manifest into the slot that does not run), <see cref="EraseNextSector"/>
    /// until false, <see cref="WriteChunk"/> for every chunk not <see cref="IsChunkWritten"/>, a read-back through
    /// <see cref="ReadImage"/> to check the image's SHA-256, then <see cref="MarkPending"/> and a reboot. The loader
    /// boots the pending image on trial; the application calls <see cref="Confirm"/> after its health check, or
    /// <see cref="RecordTrialFailure"/>; the loader rolls back an image that runs out of attempts.
    ///
    /// Calls that change flash throw <see cref="System.IO.IOException"/> when the flash fails, and
    /// <see cref="System.InvalidOperationException"/> when made in a state that does not allow them.
    /// </summary>
    public interface IUpdateSlots
    {
        /// <summary>Boot control as of now.</summary>
        BootState State { get; }

        /// <summary>The hardware model this loader was built for; manifests name the one they are for.</summary>
        string HardwareModel { get; }

        /// <summary>The runtime (nanoCLR) version: four numbers, major, minor, build, revision.</summary>
        int[] RuntimeVersion { get; }

        /// <summary>Number of root public keys compiled into the loader.</summary>
        int RootKeyCount { get; }

        /// <summary>Copies root key <paramref name="index"/> (32 bytes, Ed25519) into the buffer.</summary>
        void CopyRootKey(int index, byte[] buffer, int offset);

        /// <summary>Reads what slot 0 or 1 holds; false when it holds no valid descriptor.</summary>
        bool ReadDescriptor(int slot, SlotDescriptor descriptor);

        /// <summary>
        /// Copies the manifest stored with a slot (room for <see cref="SlotDescriptor.ManifestCapacity"/> bytes
        /// needed); returns its length (0 for a factory image), or -1 when the slot holds no valid descriptor.
        /// </summary>
        int ReadManifest(int slot, byte[] buffer, int offset);

        /// <summary>Reads image bytes of a slot from <paramref name="position"/>; returns the count read.</summary>
        int ReadImage(int slot, int position, byte[] buffer, int offset, int count);

        /// <summary>
        /// The slot an update may be written into now, or <see cref="BootControlRecord.NoSlot"/> while an image is
        /// pending or on trial (the other slot then holds the image to fall back to).
        /// </summary>
        int StagingSlot { get; }

        /// <summary>True when an image of this size, staged in chunks of this size, fits a slot.</summary>
        bool CanHold(int imageSize, int chunkSize);

        /// <summary>
        /// Starts staging the image the descriptor describes into <see cref="StagingSlot"/>, storing its manifest.
        /// Returns true when the slot already holds a staging of the same manifest (its progress is kept), false
        /// when it starts afresh.
        /// </summary>
        bool OpenStaging(SlotDescriptor descriptor, byte[] manifest, int offset, int count);

        /// <summary>Erases the next image sector not yet erased; false when all are.</summary>
        bool EraseNextSector();

        /// <summary>True when chunk <paramref name="index"/> of the open staging is written.</summary>
        bool IsChunkWritten(int index);

        /// <summary>
        /// Writes chunk <paramref name="index"/> (its full length) and records it written. Returns false when the
        /// flash there holds bits that this data cannot be programmed over (a chunk cut earlier with other data):
        /// the staging must then be abandoned and started again.
        /// </summary>
        bool WriteChunk(int index, byte[] buffer, int offset, int count);

        /// <summary>Drops the open staging (its descriptor is erased); the next <see cref="OpenStaging"/> starts afresh.</summary>
        void AbandonStaging();

        /// <summary>Marks the completely written, verified staging pending: the loader boots it on trial next.</summary>
        void MarkPending();

        /// <summary>The image on trial passed its health check: it becomes the confirmed image.</summary>
        void Confirm();

        /// <summary>Counts a failed attempt of the image on trial (a <see cref="TrialFailure"/> reason).</summary>
        void RecordTrialFailure(int reason);

        /// <summary>
        /// The image on trial is alive but cannot judge its health yet (the network is down): postpones the
        /// trial deadline. Does nothing when no trial runs.
        /// </summary>
        void KeepTrialAlive();

        /// <summary>Largest updater state record (bytes).</summary>
        int UpdaterStateCapacity { get; }

        /// <summary>Reads the updater's own persistent record (trusted keys, reported outcomes); -1 when none.</summary>
        int ReadUpdaterState(byte[] buffer, int offset);

        /// <summary>Replaces the updater's record, atomically with respect to power cuts.</summary>
        void WriteUpdaterState(byte[] buffer, int offset, int count);
    }
}
