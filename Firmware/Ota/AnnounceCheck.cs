using Firmware.Boot;
using Firmware.Crypto;

namespace Firmware.Ota
{
    /// <summary>
    /// The checks of an announced manifest, before anything is written, in this order: its structure
    /// (<see cref="ManifestReader"/>), a trusted signing key (<see cref="KeyRing"/>) and its signature (strict
    /// Ed25519: a small-order key would verify one signature for every message), the hardware model; then, for a
    /// firmware image, the runtime version, a version other than the running one, the security counter, room in a
    /// slot; and last what only puts it off: an update pending or on trial, a low battery.
    /// </summary>
    public sealed class AnnounceCheck
    {
        private readonly IUpdateSlots _slots;
        private readonly KeyRing _keys;
        private readonly OtaSettings _settings;
        private readonly ManifestReader _reader = new ManifestReader();
        private readonly Manifest _manifest = new Manifest();
        private readonly byte[] _publicKey = new byte[ManifestFormat.PublicKeySize];
        private Ed25519Verifier _verifier;

        public AnnounceCheck(IUpdateSlots slots, KeyRing keys, OtaSettings settings)
        {
            _slots = slots;
            _keys = keys;
            _settings = settings;
        }

        /// <summary>The manifest the last check read (cleared when its bytes were not a manifest).</summary>
        public Manifest Manifest
        {
            get { return _manifest; }
        }

        /// <summary>Why the last check refused or put off the announce (an <see cref="OtaReason"/> word), or null.</summary>
        public string Reason { get; private set; }

        /// <summary>Details of the refusal or deferral, for people, or null.</summary>
        public string Detail { get; private set; }

        /// <summary>
        /// Reads an announce's structure only, into <see cref="Manifest"/> (no key, no signature: for what an ignored
        /// announce says of itself); false when its bytes are not a manifest.
        /// </summary>
        public bool Read(byte[] payload, int offset, int count)
        {
            return _reader.Read(payload, offset, count, _manifest);
        }

        /// <summary>
        /// Checks an announce against the trusted keys of <paramref name="state"/> and the running image
        /// (<paramref name="running"/>, or null when unknown). Returns <see cref="OtaDecision.Accepted"/> for a firmware
        /// image to download, <see cref="OtaDecision.KeysUpdated"/> for an authentic key update to apply (signed by
        /// <see cref="KeyRing.FoundRoot"/>), or <see cref="OtaDecision.Rejected"/> or <see cref="OtaDecision.Deferred"/>
        /// with <see cref="Reason"/> and <see cref="Detail"/>.
        /// </summary>
        /// <param name="batteryPercent">State of charge, or -1 for a device without a battery.</param>
        public int Check(byte[] payload, int offset, int count, UpdaterState state, SlotDescriptor running, int batteryPercent)
        {
            Reason = null;
            Detail = null;
            Manifest m = _manifest;
            if (!_reader.Read(payload, offset, count, m))
            {
                return Refuse(_reader.Reason, _reader.Detail);
            }

            string untrusted = _keys.Find(state, m.KeyId, 0, _publicKey);
            if (untrusted != null)
            {
                return Refuse(untrusted, "key " + KeyRing.IdText(m.KeyId, 0));
            }

            if (!Verifier().Verify(_publicKey, 0, payload, offset, m.SignedLength, payload, offset + m.SignedLength))
            {
                return Refuse(OtaReason.BadSignature, "signature does not verify with key " + KeyRing.IdText(m.KeyId, 0));
            }

            if (m.HardwareModel != _slots.HardwareModel)
            {
                return Refuse(OtaReason.WrongHardware, "for " + m.HardwareModel + "; this is " + _slots.HardwareModel);
            }

            if (m.Kind == ManifestFormat.KindKeyUpdate)
            {
                return OtaDecision.KeysUpdated;
            }

            if (RuntimeOlderThan(m.RuntimeVersion))
            {
                return Refuse(OtaReason.RuntimeTooOld, "needs runtime " + Version4(m.RuntimeVersion) + "; this is " + Version4(_slots.RuntimeVersion));
            }

            if (running != null && running.SameVersion(m.VersionMajor, m.VersionMinor, m.VersionPatch))
            {
                return Refuse(OtaReason.SameVersion, "already runs " + m.VersionText);
            }

            long minimum = _slots.State.Record.MinimumSecurityCounter;
            if (m.SecurityCounter < minimum)
            {
                return Refuse(OtaReason.SecurityCounterTooLow, "counter " + m.SecurityCounter.ToString() + " is below the minimum " + minimum.ToString());
            }

            if (!_slots.CanHold(m.ImageSize, m.ChunkSize))
            {
                return Refuse(OtaReason.ImageTooLarge, m.ImageSize.ToString() + " bytes in chunks of " + m.ChunkSize.ToString() + " do not fit a slot");
            }

            if (_slots.StagingSlot == BootControlRecord.NoSlot)
            {
                return PutOff(OtaReason.UpdateInProgress, "an image is pending or on trial");
            }

            if (batteryPercent >= 0 && batteryPercent < _settings.MinimumBatteryPercent)
            {
                return PutOff(OtaReason.BatteryLow, "battery " + batteryPercent.ToString() + "%, an update needs " + _settings.MinimumBatteryPercent.ToString() + "%");
            }

            return OtaDecision.Accepted;
        }

        private int Refuse(string reason, string detail)
        {
            Reason = reason;
            Detail = detail;
            return OtaDecision.Rejected;
        }

        private int PutOff(string reason, string detail)
        {
            Reason = reason;
            Detail = detail;
            return OtaDecision.Deferred;
        }

        private Ed25519Verifier Verifier()
        {
            if (_verifier == null)
            {
                _verifier = new Ed25519Verifier();
                _verifier.RejectSmallOrderPublicKeys = true;
            }

            return _verifier;
        }

        private bool RuntimeOlderThan(int[] required)
        {
            int[] running = _slots.RuntimeVersion;
            for (int i = 0; i < 4; i++)
            {
                if (running[i] != required[i])
                {
                    return running[i] < required[i];
                }
            }

            return false;
        }

        private static string Version4(int[] v)
        {
            return v[0].ToString() + "." + v[1].ToString() + "." + v[2].ToString() + "." + v[3].ToString();
        }
    }
}
