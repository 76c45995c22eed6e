using Firmware.Crypto;
using Firmware.Ports;

namespace Firmware.Boot
{
    /// <summary>
    /// Two image slots and boot control in NOR flash, in managed code: the backend of <see cref="IUpdateSlots"/>
    /// for runtimes without a native in-field update, and the part of the frozen loader that picks the slot to
    /// boot (<see cref="BeginBoot"/>).
    /// <para>
    /// Three flash regions (partitions of one flash, as the storage layout gives them): boot control, two sectors
    /// holding the two copies of one record (the boot-control fields, then the updater's own record); and the two
    /// slots. A slot is a header sector (<see cref="SlotDescriptor"/>, the manifest, then one mark byte per image
    /// sector erased and one per chunk written) followed by the image sectors. A mark is 0x00 when done; anything
    /// else (erased 0xFF, or a torn program) means not done, so every step can be repeated after a cut.
    /// </para>
    /// <para>
    /// States of boot control (after MCUboot's swap/revert table; each arrow is one atomic record write):
    /// <code>
    /// state        Active  Confirmed  Pending  loader boots        next
    /// confirmed    A       yes        none     A                   MarkPending (updater, B verified) -> pending
    /// pending      A       yes        B        switches: Active=B, Confirmed=no, attempts=N -> trial
    /// trial        B       no         none     B on trial          Confirm (health check passed) -> confirmed,
    ///                                                              Outcome=Updated, minimum counter raised;
    ///                                                              a failed attempt (crash, hang, fault reset,
    ///                                                              health check with the network up) -> attempts-1
    /// trial, 0 left B      no         none     rolls back: Active=A, Confirmed=yes, Outcome=RolledBack -> confirmed
    /// confirmed,   A       yes        none     A does not load: RecoverFromLoadFailure. B proven, SHA-256 matches,
    ///  A unloadable                            counter not below the minimum: Active=B, Outcome=Recovered -> confirmed;
    ///                                          else RestoreFactory into B (when the loader has one), else none boots
    /// </code>
    /// Staging writes only the slot that is neither active nor the fall-back (only while confirmed with nothing
    /// pending), so a cut at any flash operation leaves a record that names a verified image.
    /// </para>
    /// <para>
    /// A slot's header ends with its proven mark, programmed when its image is confirmed (or installed in the
    /// factory), after the record says so: an image being staged (its header is erased first), staged but never
    /// booted, or rolled back never has it. Only a proven image whose bytes still match its SHA-256 is a fall-back
    /// for a confirmed image that no longer loads (flash rot), as MCUboot validates a slot before booting it.
    /// </para>
    /// </summary>
    public sealed class ManagedUpdateSlots : IUpdateSlots
    {
        /// <summary>Sectors of the boot-control region: one per copy of its record.</summary>
        public const int BootControlSectors = 2;

        /// <summary>Largest updater record kept beside the boot-control fields.</summary>
        public const int MaxUpdaterState = 1024;

        /// <summary>Smallest sector size: a header sector holds the descriptor, the manifest and the marks, and a
        /// boot-control sector the boot-control fields and the updater's record.</summary>
        public const int MinimumSectorSize = 2048;

        private const uint BootControlMagic = 0x544F4F42;  // "BOOT"
        private const int MarksOffset = SlotDescriptor.FixedSize + SlotDescriptor.ManifestCapacity;

        /// <summary>How long a loader with no image that loads sleeps before it tries again (1 h): no reboot loop that drains a battery.</summary>
        public const int UnbootableRetryMilliseconds = 60 * 60 * 1000;
        private const byte Done = 0x00;

        private readonly IFlash[] _slotFlash;
        private readonly IClock _clock;
        private readonly byte[][] _rootKeys;
        private readonly string _hardwareModel;
        private readonly int[] _runtimeVersion;
        private readonly MirroredRecord _bootControl;
        private readonly BootControlRecord _record = new BootControlRecord();
        private readonly byte[] _recordBuffer;
        private readonly byte[] _updater;
        private int _updaterLength = -1;
        private readonly BootState _state = new BootState();
        private readonly byte[] _header = new byte[MarksOffset];
        private readonly byte[] _compare = new byte[256];
        private readonly byte[] _mark = new byte[] { Done };
        private readonly byte[] _probe = new byte[1];
        private readonly SlotDescriptor _scratch = new SlotDescriptor();
        private readonly object _deadlineLock = new object();
        private bool _recordLoaded;
        private int _maxTrialAttempts;
        private Sha256 _sha;
        private byte[] _digest;
        private string _recoveryError = string.Empty;

        // The open staging: its slot, sizes and a copy of its marks.
        private int _stagingSlot = BootControlRecord.NoSlot;
        private int _stagingImageSize;
        private int _stagingChunkSize;
        private int _stagingSectors;
        private int _stagingChunks;
        private byte[] _marks;

        /// <param name="bootControl">The boot-control region: its first <see cref="BootControlSectors"/> sectors hold the record.</param>
        /// <param name="slot0">Slot 0: a header sector and image sectors.</param>
        /// <param name="slot1">Slot 1, likewise.</param>
        /// <param name="clock">For the trial deadline.</param>
        /// <param name="rootKeys">The Ed25519 public keys compiled into the loader (32 bytes each).</param>
        /// <param name="hardwareModel">The hardware model manifests must name.</param>
        /// <param name="runtimeVersion">The runtime's version (four numbers).</param>
        public ManagedUpdateSlots(IFlash bootControl, IFlash slot0, IFlash slot1, IClock clock, byte[][] rootKeys, string hardwareModel, int[] runtimeVersion)
        {
            if (bootControl == null || slot0 == null || slot1 == null || clock == null || rootKeys == null || hardwareModel == null || runtimeVersion == null)
            {
                throw new System.ArgumentNullException(bootControl == null ? "bootControl" : slot0 == null ? "slot0" : slot1 == null ? "slot1" : clock == null ? "clock" : rootKeys == null ? "rootKeys" : hardwareModel == null ? "hardwareModel" : "runtimeVersion");
            }

            _slotFlash = new IFlash[] { slot0, slot1 };
            for (int i = 0; i < 2; i++)
            {
                if (_slotFlash[i].SectorSize < MinimumSectorSize || _slotFlash[i].Size < 2 * _slotFlash[i].SectorSize)
                {
                    throw new System.ArgumentOutOfRangeException(i == 0 ? "slot0" : "slot1", "a slot needs two sectors or more of at least " + MinimumSectorSize.ToString() + " bytes");
                }
            }

            if (bootControl.Size < BootControlSectors * bootControl.SectorSize || bootControl.SectorSize < MinimumSectorSize)
            {
                throw new System.ArgumentOutOfRangeException("bootControl", "boot control needs two sectors of at least " + MinimumSectorSize.ToString() + " bytes");
            }

            for (int i = 0; i < rootKeys.Length; i++)
            {
                if (rootKeys[i] == null || rootKeys[i].Length != 32)
                {
                    throw new System.ArgumentException("root keys are 32-byte Ed25519 public keys", "rootKeys");
                }
            }

            if (runtimeVersion.Length != 4)
            {
                throw new System.ArgumentException("four numbers: major, minor, build, revision", "runtimeVersion");
            }

            _clock = clock;
            _rootKeys = rootKeys;
            _hardwareModel = hardwareModel;
            _runtimeVersion = runtimeVersion;
            int updater = bootControl.SectorSize - 16 - BootControlRecord.EncodedSize;
            _updater = new byte[updater < MaxUpdaterState ? updater : MaxUpdaterState];
            _recordBuffer = new byte[BootControlRecord.EncodedSize + _updater.Length];
            _bootControl = new MirroredRecord(bootControl, 0, BootControlMagic, _recordBuffer.Length);
            MaxTrialAttempts = 3;
            TrialDeadlineMilliseconds = 10 * 60 * 1000;
            _state.LoadMilliseconds = -1;
        }

        /// <summary>Failed boots an image on trial may have before it is rolled back (1 to 255; default 3).</summary>
        public int MaxTrialAttempts
        {
            get
            {
                return _maxTrialAttempts;
            }

            set
            {
                // The record keeps the count in one byte, and 0 left rolls back at the next boot whatever it was.
                if (value < 1 || value > 255)
                {
                    throw new System.ArgumentOutOfRangeException("value", "1 to 255 attempts");
                }

                _maxTrialAttempts = value;
            }
        }

        /// <summary>How long an image on trial may run without a verdict before the loader resets it (default 10 min).</summary>
        public int TrialDeadlineMilliseconds { get; set; }

        public BootState State
        {
            get { return _state; }
        }

        public string HardwareModel
        {
            get { return _hardwareModel; }
        }

        public int[] RuntimeVersion
        {
            get { return _runtimeVersion; }
        }

        public int RootKeyCount
        {
            get { return _rootKeys.Length; }
        }

        /// <summary>Bytes an image may occupy in the smaller slot (before the limit the marks set).</summary>
        public int SlotImageCapacity
        {
            get
            {
                int a = _slotFlash[0].Size - _slotFlash[0].SectorSize;
                int b = _slotFlash[1].Size - _slotFlash[1].SectorSize;
                return a < b ? a : b;
            }
        }

        public int StagingSlot
        {
            get
            {
                EnsureRecord();
                if (!_recordLoaded || !_record.Confirmed || _record.PendingSlot != BootControlRecord.NoSlot)
                {
                    return BootControlRecord.NoSlot;
                }

                return 1 - _record.ActiveSlot;
            }
        }

        public int UpdaterStateCapacity
        {
            get { return _updater.Length; }
        }

        /// <summary>True once boot control holds a valid record (an image was installed).</summary>
        public bool IsProvisioned
        {
            get
            {
                EnsureRecord();
                return _recordLoaded;
            }
        }

        public void CopyRootKey(int index, byte[] buffer, int offset)
        {
            System.Array.Copy(_rootKeys[index], 0, buffer, offset, 32);
        }

        public bool CanHold(int imageSize, int chunkSize)
        {
            if (imageSize <= 0 || chunkSize <= 0 || imageSize > SlotImageCapacity)
            {
                return false;
            }

            for (int slot = 0; slot < 2; slot++)
            {
                int sectorSize = _slotFlash[slot].SectorSize;
                int sectors = ((imageSize - 1) / sectorSize) + 1;
                int chunks = ((imageSize - 1) / chunkSize) + 1;
                if (MarksOffset + sectors + chunks > ProvenMarkOffset(slot))
                {
                    return false;
                }
            }

            return true;
        }

        public bool ReadDescriptor(int slot, SlotDescriptor descriptor)
        {
            return LoadHeader(slot) && descriptor.Decode(_header, 0);
        }

        public int ReadManifest(int slot, byte[] buffer, int offset)
        {
            if (!LoadHeader(slot) || !_scratch.Decode(_header, 0))
            {
                return -1;
            }

            System.Array.Copy(_header, SlotDescriptor.FixedSize, buffer, offset, _scratch.ManifestLength);
            return _scratch.ManifestLength;
        }

        public int ReadImage(int slot, int position, byte[] buffer, int offset, int count)
        {
            CheckSlot(slot);
            if (position < 0 || count < 0 || position + count > _slotFlash[slot].Size - _slotFlash[slot].SectorSize)
            {
                throw new System.ArgumentOutOfRangeException("position", "outside the slot");
            }

            _slotFlash[slot].Read(ImageAddress(slot) + position, buffer, offset, count);
            return count;
        }

        public bool OpenStaging(SlotDescriptor descriptor, byte[] manifest, int offset, int count)
        {
            int slot = StagingSlot;
            if (slot == BootControlRecord.NoSlot)
            {
                throw new System.InvalidOperationException("no slot may be written while an image is pending or on trial");
            }

            if (!CanHold(descriptor.ImageSize, descriptor.ChunkSize) || count < 0 || count > SlotDescriptor.ManifestCapacity)
            {
                throw new System.ArgumentException("the image does not fit a slot", "descriptor");
            }

            bool resumed = ReadDescriptor(slot, _scratch) && SameStaging(_scratch, descriptor);
            if (!resumed)
            {
                IFlash flash = _slotFlash[slot];
                flash.Erase(0);
                flash.Sync();
                System.Array.Copy(manifest, offset, _header, SlotDescriptor.FixedSize, count);
                _scratch.CopyFrom(descriptor);
                _scratch.Factory = false;
                _scratch.ManifestLength = count;
                _scratch.Encode(_header, 0);
                flash.Program(0, _header, 0, SlotDescriptor.FixedSize + count);
                flash.Sync();
            }

            Open(slot, descriptor.ImageSize, descriptor.ChunkSize);
            return resumed;
        }

        public bool EraseNextSector()
        {
            RequireStaging();
            for (int i = 0; i < _stagingSectors; i++)
            {
                if (_marks[i] != Done)
                {
                    _slotFlash[_stagingSlot].Erase(1 + i);
                    _slotFlash[_stagingSlot].Sync();
                    SetMark(i);
                    return true;
                }
            }

            return false;
        }

        public bool IsChunkWritten(int index)
        {
            RequireStaging();
            if (index < 0 || index >= _stagingChunks)
            {
                throw new System.ArgumentOutOfRangeException("index", "the staging chunk index must be below the chunk count");
            }

            return _marks[_stagingSectors + index] == Done;
        }

        public bool WriteChunk(int index, byte[] buffer, int offset, int count)
        {
            RequireStaging();
            if (index < 0 || index >= _stagingChunks)
            {
                throw new System.ArgumentOutOfRangeException("index", "the staging chunk index must be below the chunk count");
            }

            int position = index * _stagingChunkSize;
            int expected = _stagingImageSize - position < _stagingChunkSize ? _stagingImageSize - position : _stagingChunkSize;
            if (count != expected)
            {
                throw new System.ArgumentException("a chunk is written whole: " + expected.ToString() + " bytes", "count");
            }

            for (int i = 0; i < _stagingSectors; i++)
            {
                if (_marks[i] != Done)
                {
                    throw new System.InvalidOperationException("every image sector must be erased before chunks are written");
                }
            }

            IFlash flash = _slotFlash[_stagingSlot];
            int address = ImageAddress(_stagingSlot) + position;
            bool same = true;
            for (int done = 0; done < count; done += _compare.Length)
            {
                int n = count - done < _compare.Length ? count - done : _compare.Length;
                flash.Read(address + done, _compare, 0, n);
                for (int i = 0; i < n; i++)
                {
                    byte stored = _compare[i];
                    byte wanted = buffer[offset + done + i];
                    if ((stored & wanted) != wanted)
                    {
                        // A bit the data needs at 1 is already 0: only an erase could fix it.
                        return false;
                    }

                    same = same && stored == wanted;
                }
            }

            if (!same)
            {
                flash.Program(address, buffer, offset, count);
                flash.Sync();
            }

            SetMark(_stagingSectors + index);
            return true;
        }

        public void AbandonStaging()
        {
            int slot = _stagingSlot != BootControlRecord.NoSlot ? _stagingSlot : StagingSlot;
            if (slot == BootControlRecord.NoSlot)
            {
                throw new System.InvalidOperationException("no staging to abandon");
            }

            _slotFlash[slot].Erase(0);
            _slotFlash[slot].Sync();
            _stagingSlot = BootControlRecord.NoSlot;
        }

        public void MarkPending()
        {
            RequireStaging();
            for (int i = 0; i < _stagingSectors + _stagingChunks; i++)
            {
                if (_marks[i] != Done)
                {
                    throw new System.InvalidOperationException("the staging is not completely written");
                }
            }

            if (_stagingSlot != StagingSlot)
            {
                throw new System.InvalidOperationException("boot control changed since the staging was opened");
            }

            _record.PendingSlot = _stagingSlot;
            WriteRecord();
            _stagingSlot = BootControlRecord.NoSlot;
        }

        public void Confirm()
        {
            RequireTrial();
            int slot = _record.ActiveSlot;
            long counter = ReadDescriptor(slot, _scratch) ? _scratch.SecurityCounter : 0;
            _record.Confirmed = true;
            _record.TrialAttemptsLeft = 0;
            _record.LastFailure = TrialFailure.None;
            if (counter > _record.MinimumSecurityCounter)
            {
                _record.MinimumSecurityCounter = counter;
            }

            _record.Outcome = BootOutcome.Updated;
            _record.OutcomeReason = TrialFailure.None;
            _record.OutcomeSlot = slot;
            _record.OutcomeId++;
            WriteRecord();
            _state.Trial = false;
            SetDeadline(-1);

            // After the record: the mark never claims more than boot control does.
            ProgramProvenMark(slot);
        }

        public void RecordTrialFailure(int reason)
        {
            RequireTrial();
            if (reason < TrialFailure.Crash || reason > TrialFailure.HealthCheck)
            {
                throw new System.ArgumentOutOfRangeException("reason", "not a trial failure reason");
            }

            if (_record.TrialAttemptsLeft > 0)
            {
                _record.TrialAttemptsLeft--;
            }

            _record.LastFailure = reason;
            WriteRecord();
            SetDeadline(-1);
        }

        public void KeepTrialAlive()
        {
            if (_state.Trial)
            {
                SetDeadline(_clock.UptimeMilliseconds + TrialDeadlineMilliseconds);
            }
        }

        public int ReadUpdaterState(byte[] buffer, int offset)
        {
            EnsureRecord();
            if (!_recordLoaded || _updaterLength <= 0)
            {
                return -1;
            }

            System.Array.Copy(_updater, 0, buffer, offset, _updaterLength);
            return _updaterLength;
        }

        /// <summary>Kept in the boot-control record's copies, after its fields: written as atomically as they are.</summary>
        public void WriteUpdaterState(byte[] buffer, int offset, int count)
        {
            if (count < 0 || count > _updater.Length)
            {
                throw new System.ArgumentOutOfRangeException("count", "the updater's record holds at most " + _updater.Length.ToString() + " bytes");
            }

            EnsureRecord();
            if (!_recordLoaded)
            {
                throw new System.InvalidOperationException("no image is installed yet");
            }

            System.Array.Copy(buffer, offset, _updater, 0, count);
            _updaterLength = count;
            WriteRecord();
        }

        /// <summary>
        /// The loader's decision at every boot: applies the state table (switches a pending image to trial,
        /// counts a fault reset during a trial, rolls back an image out of attempts) and returns the slot to boot,
        /// or <see cref="BootControlRecord.NoSlot"/> when no image was ever installed (see <see cref="Provision"/>).
        /// </summary>
        public int BeginBoot(WakeCause cause)
        {
            _recordLoaded = false;
            _stagingSlot = BootControlRecord.NoSlot;
            EnsureRecord();
            if (!_recordLoaded)
            {
                _state.RunningSlot = BootControlRecord.NoSlot;
                _state.Trial = false;
                SetDeadline(-1);
                return BootControlRecord.NoSlot;
            }

            if (_record.PendingSlot != BootControlRecord.NoSlot)
            {
                _record.ActiveSlot = _record.PendingSlot;
                _record.PendingSlot = BootControlRecord.NoSlot;
                _record.Confirmed = false;
                _record.TrialAttemptsLeft = MaxTrialAttempts;
                _record.LastFailure = TrialFailure.None;
                WriteRecord();
            }
            else if (!_record.Confirmed)
            {
                bool changed = false;
                if (cause == WakeCause.Fault && _record.TrialAttemptsLeft > 0)
                {
                    _record.TrialAttemptsLeft--;
                    _record.LastFailure = TrialFailure.FaultReset;
                    changed = true;
                }

                if (_record.TrialAttemptsLeft == 0)
                {
                    int failed = _record.ActiveSlot;
                    _record.ActiveSlot = 1 - failed;
                    _record.Confirmed = true;
                    _record.Outcome = BootOutcome.RolledBack;
                    _record.OutcomeReason = _record.LastFailure;
                    _record.OutcomeSlot = failed;
                    _record.OutcomeId++;
                    _record.LastFailure = TrialFailure.None;
                    changed = true;
                }

                if (changed)
                {
                    WriteRecord();
                }
            }

            _state.RunningSlot = _record.ActiveSlot;
            _state.Trial = !_record.Confirmed;
            SetDeadline(_state.Trial ? _clock.UptimeMilliseconds + TrialDeadlineMilliseconds : -1);
            return _record.ActiveSlot;
        }

        /// <summary>True when an image on trial let its deadline pass: the loader counts a hang and resets.</summary>
        public bool TrialDeadlinePassed
        {
            get
            {
                lock (_deadlineLock)
                {
                    return _state.Trial && _state.TrialDeadline >= 0 && _clock.UptimeMilliseconds >= _state.TrialDeadline;
                }
            }
        }

        /// <summary>
        /// Installs the first image (a factory install, without a manifest) into slot 0 and makes it the confirmed
        /// image; the minimum security counter starts at its counter. Only for a device with no boot control yet.
        /// A cut leaves the device unprovisioned, so the install is simply repeated.
        /// </summary>
        public void Provision(SlotDescriptor descriptor, byte[] image, int offset, int count)
        {
            if (IsProvisioned)
            {
                throw new System.InvalidOperationException("an image is installed already; updates go through staging");
            }

            if (count != descriptor.ImageSize || !CanHold(count, descriptor.ChunkSize))
            {
                throw new System.ArgumentException("the image does not fit a slot or differs from its descriptor", "image");
            }

            WriteFactoryImage(0, descriptor, image, offset, count);
            ProgramProvenMark(0);

            _updaterLength = 0;
            _record.ActiveSlot = 0;
            _record.Confirmed = true;
            _record.PendingSlot = BootControlRecord.NoSlot;
            _record.TrialAttemptsLeft = 0;
            _record.LastFailure = TrialFailure.None;
            _record.MinimumSecurityCounter = descriptor.SecurityCounter;
            _record.Outcome = BootOutcome.None;
            _record.OutcomeReason = TrialFailure.None;
            _record.OutcomeSlot = 0;
            _record.OutcomeId = 0;
            WriteRecord();
        }

        /// <summary>Why the last <see cref="RecoverFromLoadFailure"/> or <see cref="RestoreFactory"/> found no image to boot (empty otherwise).</summary>
        public string RecoveryError
        {
            get { return _recoveryError; }
        }

        /// <summary>
        /// The loader could not load the image <see cref="BeginBoot"/> chose (its bundle is unreadable or an assembly
        /// does not load). An image on trial: counts a crash, as any failed attempt (returns
        /// <see cref="BootControlRecord.NoSlot"/>; the loader restarts and rolls back when the attempts are used up).
        /// A confirmed image: switches to the other slot when its image qualifies as a fall-back (it holds the proven
        /// mark, every staging mark is done, its security counter is not below the minimum, and its bytes match its
        /// SHA-256 now), in one record write with <see cref="BootOutcome.Recovered"/>, and returns that slot: the
        /// loader restarts into it. Otherwise returns <see cref="BootControlRecord.NoSlot"/>, changes nothing and says
        /// why in <see cref="RecoveryError"/>.
        /// </summary>
        public int RecoverFromLoadFailure()
        {
            EnsureRecord();
            if (!_recordLoaded || _state.RunningSlot == BootControlRecord.NoSlot)
            {
                throw new System.InvalidOperationException("no image was chosen to boot");
            }

            _recoveryError = string.Empty;
            if (_state.Trial)
            {
                RecordTrialFailure(TrialFailure.Crash);
                _recoveryError = "the image on trial does not load: a failed attempt";
                return BootControlRecord.NoSlot;
            }

            int failed = _record.ActiveSlot;
            int other = 1 - failed;
            if (!Qualifies(other))
            {
                return BootControlRecord.NoSlot;
            }

            SwitchAfterLoadFailure(failed);
            return other;
        }

        /// <summary>
        /// The last resort when neither slot loads: writes a factory image the loader holds (the bundle deployed with
        /// it) into the slot that is not active, checks it back against its SHA-256 (computed here from
        /// <paramref name="image"/>), marks it proven and switches to it (<see cref="BootOutcome.Recovered"/>).
        /// Only after <see cref="RecoverFromLoadFailure"/> found no fall-back for a confirmed image. Refused (false,
        /// nothing written, <see cref="RecoveryError"/> says why) for an image whose security counter is below the
        /// minimum: that is a downgrade the device refuses from any source. A cut before the record write leaves the
        /// record naming the unloadable image, so the next boot repeats the recovery.
        /// </summary>
        public bool RestoreFactory(SlotDescriptor descriptor, byte[] image, int offset, int count)
        {
            EnsureRecord();
            if (!_recordLoaded || _state.RunningSlot == BootControlRecord.NoSlot || _state.Trial)
            {
                throw new System.InvalidOperationException("the factory image is restored only for a confirmed image that does not load");
            }

            if (count != descriptor.ImageSize || !CanHold(count, descriptor.ChunkSize))
            {
                throw new System.ArgumentException("the image does not fit a slot or differs from its descriptor", "image");
            }

            if (descriptor.SecurityCounter < _record.MinimumSecurityCounter)
            {
                _recoveryError = "the factory image " + descriptor.VersionText + " has security counter " + descriptor.SecurityCounter.ToString() + ", below the minimum " + _record.MinimumSecurityCounter.ToString();
                return false;
            }

            int failed = _record.ActiveSlot;
            int slot = 1 - failed;
            EnsureHasher();
            _sha.Update(image, offset, count);
            _sha.Final(descriptor.ImageSha256, 0);
            WriteFactoryImage(slot, descriptor, image, offset, count);
            if (!ImageMatches(slot, _scratch))
            {
                _recoveryError = "the factory image written to slot " + slot.ToString() + " does not read back with its SHA-256";
                return false;
            }

            ProgramProvenMark(slot);
            SwitchAfterLoadFailure(failed);
            return true;
        }

        /// <summary>Reads boot control into <paramref name="record"/>; false when there is none.</summary>
        public bool ReadRecord(BootControlRecord record)
        {
            int length = _bootControl.Read(_recordBuffer, 0);
            return length >= BootControlRecord.EncodedSize && record.Decode(_recordBuffer, 0, BootControlRecord.EncodedSize);
        }

        /// <summary>
        /// Writes an image installed without a manifest into a slot: its descriptor (in <c>_scratch</c> afterwards),
        /// its sectors erased, the image and every staging mark done. Not yet proven.
        /// </summary>
        private void WriteFactoryImage(int slot, SlotDescriptor descriptor, byte[] image, int offset, int count)
        {
            IFlash flash = _slotFlash[slot];
            flash.Erase(0);
            _scratch.CopyFrom(descriptor);
            _scratch.Factory = true;
            _scratch.ManifestLength = 0;
            _scratch.Encode(_header, 0);
            flash.Program(0, _header, 0, SlotDescriptor.FixedSize);
            int sectors = ((count - 1) / flash.SectorSize) + 1;
            for (int i = 0; i < sectors; i++)
            {
                flash.Erase(1 + i);
            }

            flash.Program(ImageAddress(slot), image, offset, count);
            int chunks = ((count - 1) / descriptor.ChunkSize) + 1;
            byte[] marks = new byte[sectors + chunks];
            flash.Program(MarksOffset, marks, 0, marks.Length);
            flash.Sync();
        }

        /// <summary>True when <paramref name="slot"/> holds a fall-back image; otherwise sets <see cref="RecoveryError"/>.</summary>
        private bool Qualifies(int slot)
        {
            string where = "slot " + slot.ToString();
            if (!ReadDescriptor(slot, _scratch))
            {
                _recoveryError = where + " holds no image";
                return false;
            }

            string what = where + " (firmware " + _scratch.VersionText + ")";
            if (!CanHold(_scratch.ImageSize, _scratch.ChunkSize))
            {
                _recoveryError = what + " describes an image that does not fit it";
                return false;
            }

            IFlash flash = _slotFlash[slot];
            int sectors = ((_scratch.ImageSize - 1) / flash.SectorSize) + 1;
            int chunks = ((_scratch.ImageSize - 1) / _scratch.ChunkSize) + 1;
            byte[] marks = new byte[sectors + chunks];
            flash.Read(MarksOffset, marks, 0, marks.Length);
            flash.Read(ProvenMarkOffset(slot), _probe, 0, 1);
            if (_probe[0] != Done)
            {
                _recoveryError = what + " never ran confirmed (staged, on trial or rolled back)";
                return false;
            }

            for (int i = 0; i < marks.Length; i++)
            {
                if (marks[i] != Done)
                {
                    _recoveryError = what + " is not completely written";
                    return false;
                }
            }

            if (_scratch.SecurityCounter < _record.MinimumSecurityCounter)
            {
                _recoveryError = what + " has security counter " + _scratch.SecurityCounter.ToString() + ", below the minimum " + _record.MinimumSecurityCounter.ToString();
                return false;
            }

            if (!ImageMatches(slot, _scratch))
            {
                _recoveryError = what + " does not match its SHA-256";
                return false;
            }

            return true;
        }

        /// <summary>True when the slot's image bytes hash to the descriptor's SHA-256 (an all-zero hash never matches).</summary>
        private bool ImageMatches(int slot, SlotDescriptor descriptor)
        {
            bool zero = true;
            for (int i = 0; i < SlotDescriptor.DigestSize; i++)
            {
                zero = zero && descriptor.ImageSha256[i] == 0;
            }

            if (zero)
            {
                return false;
            }

            EnsureHasher();
            IFlash flash = _slotFlash[slot];
            int address = ImageAddress(slot);
            for (int done = 0; done < descriptor.ImageSize; done += _compare.Length)
            {
                int n = descriptor.ImageSize - done < _compare.Length ? descriptor.ImageSize - done : _compare.Length;
                flash.Read(address + done, _compare, 0, n);
                _sha.Update(_compare, 0, n);
            }

            _sha.Final(_digest, 0);
            return ByteRuns.Equal(_digest, 0, descriptor.ImageSha256, 0, SlotDescriptor.DigestSize);
        }

        /// <summary>One record write: the other slot runs, confirmed; the unloadable slot is the outcome's subject.</summary>
        private void SwitchAfterLoadFailure(int failed)
        {
            _record.ActiveSlot = 1 - failed;
            _record.Confirmed = true;
            _record.TrialAttemptsLeft = 0;
            _record.LastFailure = TrialFailure.None;
            _record.Outcome = BootOutcome.Recovered;
            _record.OutcomeReason = TrialFailure.None;
            _record.OutcomeSlot = failed;
            _record.OutcomeId++;
            WriteRecord();
            _recoveryError = string.Empty;
            _state.RunningSlot = _record.ActiveSlot;
            _state.Trial = false;
            SetDeadline(-1);
        }

        /// <summary>The hasher for recoveries, allocated at the first one: a normal boot allocates nothing for it.</summary>
        private void EnsureHasher()
        {
            if (_sha == null)
            {
                _sha = new Sha256();
                _digest = new byte[Sha256.HashSize];
            }
        }

        private void ProgramProvenMark(int slot)
        {
            _slotFlash[slot].Program(ProvenMarkOffset(slot), _mark, 0, 1);
            _slotFlash[slot].Sync();
        }

        /// <summary>The last byte of the slot's header sector: 0x00 once its image ran confirmed.</summary>
        private int ProvenMarkOffset(int slot)
        {
            return _slotFlash[slot].SectorSize - 1;
        }

        private static bool SameStaging(SlotDescriptor stored, SlotDescriptor wanted)
        {
            if (stored.Factory || stored.ImageSize != wanted.ImageSize || stored.ChunkSize != wanted.ChunkSize)
            {
                return false;
            }

            return ByteRuns.Equal(stored.ManifestDigest, 0, wanted.ManifestDigest, 0, SlotDescriptor.DigestSize)
                && ByteRuns.Equal(stored.ImageSha256, 0, wanted.ImageSha256, 0, SlotDescriptor.DigestSize);
        }

        private void Open(int slot, int imageSize, int chunkSize)
        {
            _stagingSlot = slot;
            _stagingImageSize = imageSize;
            _stagingChunkSize = chunkSize;
            _stagingSectors = ((imageSize - 1) / _slotFlash[slot].SectorSize) + 1;
            _stagingChunks = ((imageSize - 1) / chunkSize) + 1;
            _marks = new byte[_stagingSectors + _stagingChunks];
            _slotFlash[slot].Read(MarksOffset, _marks, 0, _marks.Length);
        }

        private void SetMark(int index)
        {
            _slotFlash[_stagingSlot].Program(MarksOffset + index, _mark, 0, 1);
            _slotFlash[_stagingSlot].Sync();
            _marks[index] = Done;
        }

        private bool LoadHeader(int slot)
        {
            CheckSlot(slot);
            IFlash flash = _slotFlash[slot];
            flash.Read(0, _header, 0, SlotDescriptor.FixedSize);
            int manifestLength = SlotDescriptor.PeekManifestLength(_header, 0);
            if (manifestLength < 0)
            {
                return false;
            }

            if (manifestLength > 0)
            {
                flash.Read(SlotDescriptor.FixedSize, _header, SlotDescriptor.FixedSize, manifestLength);
            }

            return true;
        }

        private void EnsureRecord()
        {
            if (!_recordLoaded)
            {
                int length = _bootControl.Read(_recordBuffer, 0);
                _recordLoaded = length >= BootControlRecord.EncodedSize && _record.Decode(_recordBuffer, 0, BootControlRecord.EncodedSize);
                if (_recordLoaded)
                {
                    _updaterLength = length - BootControlRecord.EncodedSize;
                    System.Array.Copy(_recordBuffer, BootControlRecord.EncodedSize, _updater, 0, _updaterLength);
                    _state.Record.CopyFrom(_record);
                }
            }
        }

        /// <summary>Writes the boot-control fields and the updater's record as one record (the other copy).</summary>
        private void WriteRecord()
        {
            _record.Encode(_recordBuffer, 0);
            int updater = _updaterLength > 0 ? _updaterLength : 0;
            System.Array.Copy(_updater, 0, _recordBuffer, BootControlRecord.EncodedSize, updater);
            _bootControl.Write(_recordBuffer, 0, BootControlRecord.EncodedSize + updater);
            _recordLoaded = true;
            _state.Record.CopyFrom(_record);
        }

        private void RequireStaging()
        {
            if (_stagingSlot == BootControlRecord.NoSlot)
            {
                throw new System.InvalidOperationException("no staging is open");
            }
        }

        private void RequireTrial()
        {
            EnsureRecord();
            if (!_recordLoaded || _record.Confirmed || !_state.Trial)
            {
                throw new System.InvalidOperationException("no image is on trial");
            }
        }

        private void SetDeadline(long deadline)
        {
            lock (_deadlineLock)
            {
                _state.TrialDeadline = deadline;
            }
        }

        private void CheckSlot(int slot)
        {
            if (slot != 0 && slot != 1)
            {
                throw new System.ArgumentOutOfRangeException("slot", "0 or 1");
            }
        }

        /// <summary>The image starts after the slot's header sector.</summary>
        private int ImageAddress(int slot)
        {
            return _slotFlash[slot].SectorSize;
        }
    }
}
