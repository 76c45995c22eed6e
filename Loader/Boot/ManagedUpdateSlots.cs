using Firmware.Ports;

namespace Firmware.Boot
{
    /// <summary>
    /// Two image slots and boot control in NOR flash, in managed code: the backend of <see cref="IUpdateSlots"/>
    /// for runtimes without a native in-field update, and the part of the frozen loader that picks the slot to
    /// boot (<see cref="BeginBoot"/>). It checks what each call may do now and hands it to the part that does it:
    /// <list type="bullet">
    /// <item><see cref="BootControlStore"/>: boot control, two sectors holding the two copies of one record (the
    /// boot-control fields, then the updater's own record);</item>
    /// <item><see cref="SlotArea"/>: a slot, a header sector (descriptor, manifest, marks, proven mark) then the image
    /// sectors;</item>
    /// <item><see cref="BootTransitions"/>: the state table; <see cref="BootDecision"/>: this boot's slot, its trial and
    /// verdict;</item>
    /// <item><see cref="SlotStaging"/>: the resumable steps that write an update;</item>
    /// <item><see cref="LoadFailureRecovery"/>: a fall-back or the factory image when the confirmed image does not load.</item>
    /// </list>
    /// Staging writes only the slot that is neither active nor the fall-back (only while confirmed with nothing
    /// pending), so a cut at any flash operation leaves a record that names a verified image.
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

        /// <summary>How long a loader with no image that loads sleeps before it tries again (1 h): no reboot loop that drains a battery.</summary>
        public const int UnbootableRetryMilliseconds = 60 * 60 * 1000;

        private readonly SlotArea[] _areas;
        private readonly byte[][] _rootKeys;
        private readonly string _hardwareModel;
        private readonly int[] _runtimeVersion;
        private readonly BootState _state = new BootState();
        private readonly BootControlStore _control;
        private readonly BootControlRecord _record;
        private readonly BootDecision _decision;
        private readonly SlotStaging _staging = new SlotStaging();
        private readonly LoadFailureRecovery _recovery;
        private readonly SlotDescriptor _scratch = new SlotDescriptor();
        private string _recoveryError = string.Empty;

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

            IFlash[] slots = new IFlash[] { slot0, slot1 };
            for (int i = 0; i < 2; i++)
            {
                if (slots[i].SectorSize < MinimumSectorSize || slots[i].Size < 2 * slots[i].SectorSize)
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

            byte[] header = new byte[SlotArea.MarksOffset];
            _areas = new SlotArea[] { new SlotArea(slot0, header), new SlotArea(slot1, header) };
            _rootKeys = rootKeys;
            _hardwareModel = hardwareModel;
            _runtimeVersion = runtimeVersion;
            _control = new BootControlStore(bootControl, MaxUpdaterState, _state);
            _record = _control.Record;
            _decision = new BootDecision(_control, _state, clock);
            _recovery = new LoadFailureRecovery(_areas, _control, _decision, _scratch);
            _state.LoadMilliseconds = -1;
        }

        /// <summary>Failed boots an image on trial may have before it is rolled back (1 to 255; default 3).</summary>
        public int MaxTrialAttempts
        {
            get { return _decision.MaxTrialAttempts; }
            set { _decision.MaxTrialAttempts = value; }
        }

        /// <summary>How long an image on trial may run without a verdict before the loader resets it (default 10 min).</summary>
        public int TrialDeadlineMilliseconds
        {
            get { return _decision.TrialDeadlineMilliseconds; }
            set { _decision.TrialDeadlineMilliseconds = value; }
        }

        /// <summary>True when an image on trial let its deadline pass: the loader counts a hang and resets.</summary>
        public bool TrialDeadlinePassed
        {
            get { return _decision.TrialDeadlinePassed; }
        }

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
                int a = _areas[0].ImageCapacity;
                int b = _areas[1].ImageCapacity;
                return a < b ? a : b;
            }
        }

        public int StagingSlot
        {
            get
            {
                if (!_control.Load() || !_record.Confirmed || _record.PendingSlot != BootControlRecord.NoSlot)
                {
                    return BootControlRecord.NoSlot;
                }

                return 1 - _record.ActiveSlot;
            }
        }

        public int UpdaterStateCapacity
        {
            get { return _control.UpdaterCapacity; }
        }

        /// <summary>True once boot control holds a valid record (an image was installed).</summary>
        public bool IsProvisioned
        {
            get { return _control.Load(); }
        }

        /// <summary>Why the last <see cref="RecoverFromLoadFailure"/> or <see cref="RestoreFactory"/> found no image to boot (empty otherwise).</summary>
        public string RecoveryError
        {
            get { return _recoveryError; }
        }

        public void CopyRootKey(int index, byte[] buffer, int offset)
        {
            System.Array.Copy(_rootKeys[index], 0, buffer, offset, 32);
        }

        public bool CanHold(int imageSize, int chunkSize)
        {
            return SlotArea.AllHold(_areas, imageSize, chunkSize);
        }

        public bool ReadDescriptor(int slot, SlotDescriptor descriptor)
        {
            return Area(slot).ReadDescriptor(descriptor);
        }

        public int ReadManifest(int slot, byte[] buffer, int offset)
        {
            return Area(slot).ReadManifest(_scratch, buffer, offset);
        }

        public int ReadImage(int slot, int position, byte[] buffer, int offset, int count)
        {
            Area(slot).ReadImage(position, buffer, offset, count);
            return count;
        }

        /// <summary>Reads boot control into <paramref name="record"/>; false when there is none.</summary>
        public bool ReadRecord(BootControlRecord record)
        {
            return _control.ReadInto(record);
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

            return _staging.Open(slot, _areas[slot], descriptor, manifest, offset, count, _scratch);
        }

        public bool EraseNextSector()
        {
            return _staging.EraseNextSector();
        }

        public bool IsChunkWritten(int index)
        {
            return _staging.IsChunkWritten(index);
        }

        public bool WriteChunk(int index, byte[] buffer, int offset, int count)
        {
            return _staging.WriteChunk(index, buffer, offset, count);
        }

        public void AbandonStaging()
        {
            int slot = _staging.Slot != BootControlRecord.NoSlot ? _staging.Slot : StagingSlot;
            if (slot == BootControlRecord.NoSlot)
            {
                throw new System.InvalidOperationException("no staging to abandon");
            }

            _areas[slot].EraseHeader();
            _staging.Close();
        }

        public void MarkPending()
        {
            _staging.RequireComplete();
            if (_staging.Slot != StagingSlot)
            {
                throw new System.InvalidOperationException("boot control changed since the staging was opened");
            }

            BootTransitions.Pending(_record, _staging.Slot);
            _control.Write();
            _staging.Close();
        }

        public void Confirm()
        {
            _decision.RequireTrial();
            int slot = _record.ActiveSlot;
            _decision.Confirm(ReadDescriptor(slot, _scratch) ? _scratch.SecurityCounter : 0);

            // After the record: the mark never claims more than boot control does.
            _areas[slot].MarkProven();
        }

        public void RecordTrialFailure(int reason)
        {
            _decision.RecordTrialFailure(reason);
        }

        public void KeepTrialAlive()
        {
            _decision.KeepTrialAlive();
        }

        public int ReadUpdaterState(byte[] buffer, int offset)
        {
            return _control.ReadUpdater(buffer, offset);
        }

        /// <summary>Kept in the boot-control record's copies, after its fields: written as atomically as they are.</summary>
        public void WriteUpdaterState(byte[] buffer, int offset, int count)
        {
            _control.WriteUpdater(buffer, offset, count);
        }

        /// <summary>
        /// The loader's decision at every boot (<see cref="BootDecision.Begin"/>): reads boot control afresh, applies
        /// the state table (switches a pending image to trial, counts a fault reset during a trial, rolls back an image
        /// out of attempts) and returns the slot to boot, or <see cref="BootControlRecord.NoSlot"/> when no image was
        /// ever installed (see <see cref="Provision"/>).
        /// </summary>
        public int BeginBoot(WakeCause cause)
        {
            _staging.Close();
            return _decision.Begin(cause);
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

            RequireFactoryImage(descriptor, count);
            _areas[0].WriteFactoryImage(descriptor, image, offset, count, _scratch);
            _areas[0].MarkProven();
            _control.ClearUpdater();
            BootTransitions.Provision(_record, descriptor.SecurityCounter);
            _control.Write();
        }

        /// <summary>
        /// The loader could not load the image <see cref="BeginBoot"/> chose (its bundle is unreadable or an assembly
        /// does not load). An image on trial: counts a crash, as any failed attempt (returns
        /// <see cref="BootControlRecord.NoSlot"/>; the loader restarts and rolls back when the attempts are used up).
        /// A confirmed image: switches to the other slot when its image qualifies as a fall-back
        /// (<see cref="LoadFailureRecovery.FallBack"/>), in one record write with <see cref="BootOutcome.Recovered"/>,
        /// and returns that slot: the loader restarts into it. Otherwise returns <see cref="BootControlRecord.NoSlot"/>,
        /// changes nothing and says why in <see cref="RecoveryError"/>.
        /// </summary>
        public int RecoverFromLoadFailure()
        {
            if (!_control.Load() || _state.RunningSlot == BootControlRecord.NoSlot)
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

            string refused = _recovery.FallBack();
            _recoveryError = refused ?? string.Empty;
            return refused == null ? _state.RunningSlot : BootControlRecord.NoSlot;
        }

        /// <summary>
        /// The last resort when neither slot loads: writes a factory image the loader holds (the bundle deployed with
        /// it) into the slot that is not active and switches to it (<see cref="LoadFailureRecovery.RestoreFactory"/>).
        /// Only after <see cref="RecoverFromLoadFailure"/> found no fall-back for a confirmed image. Refused (false,
        /// <see cref="RecoveryError"/> says why) for an image below the minimum security counter (nothing is written) or
        /// one that does not read back with its SHA-256.
        /// </summary>
        public bool RestoreFactory(SlotDescriptor descriptor, byte[] image, int offset, int count)
        {
            if (!_control.Load() || _state.RunningSlot == BootControlRecord.NoSlot || _state.Trial)
            {
                throw new System.InvalidOperationException("the factory image is restored only for a confirmed image that does not load");
            }

            RequireFactoryImage(descriptor, count);
            string refused = _recovery.RestoreFactory(descriptor, image, offset, count);
            _recoveryError = refused ?? string.Empty;
            return refused == null;
        }

        private void RequireFactoryImage(SlotDescriptor descriptor, int count)
        {
            if (count != descriptor.ImageSize || !CanHold(count, descriptor.ChunkSize))
            {
                throw new System.ArgumentException("the image does not fit a slot or differs from its descriptor", "image");
            }
        }

        private SlotArea Area(int slot)
        {
            if (slot != 0 && slot != 1)
            {
                throw new System.ArgumentOutOfRangeException("slot", "0 or 1");
            }

            return _areas[slot];
        }
    }
}
