using Firmware.Boot;
using Firmware.Storage;

namespace Firmware.Ota
{
    /// <summary>
    /// What the updater keeps across boots, in the record <see cref="IUpdateSlots"/> holds for it: the trusted
    /// keys added and revoked by key updates, the last outcome it reported, the last manifest it refused (so a
    /// retained announce is refused and reported once, and a tampered image is not fetched again) and how often it was
    /// tried again since, the id of its last refusal, and how often the current image failed its hash check.
    /// <para>
    /// Encoding (little-endian): format (1), revoked-root mask (1), added key count (1), revoked id count (1),
    /// key sequence (4), reported outcome id (4), settled flags (1: bit 0 held, bit 1 reported), settled
    /// reason length (1), hash failures (1), retries of the settled announce (1; a reserved zero before, so a record of an
    /// earlier application reads as none), settled announce digest (32), digest the hash failures are about (32), reason
    /// (36, ASCII), refusal id (4), added keys (32 each), revoked ids (8 each).
    /// </para>
    /// <para>
    /// The refusal id takes the last 4 bytes of what was a 40-byte reason field (no reason is longer than 34 characters),
    /// so the format number and the sizes stay: a record of an earlier application reads as no refusal yet, and an earlier
    /// application (the one a rollback returns to) still reads this one whole. It writes the 4 bytes as zero, so after it
    /// saved the record the refusal ids start again from 1.
    /// </para>
    /// </summary>
    public sealed class UpdaterState
    {
        public const int MaxAddedKeys = 8;

        public const int MaxRevokedIds = 8;

        public const int MaxReasonLength = 36;

        /// <summary>Largest encoding.</summary>
        public const int MaxEncodedSize = FixedSize + (MaxAddedKeys * ManifestFormat.PublicKeySize) + (MaxRevokedIds * ManifestFormat.KeyIdSize);

        private const int Format = 1;
        private const int FixedSize = 120;

        /// <summary>Where the reason starts and how long its field was before the refusal id took its last 4 bytes.</summary>
        private const int ReasonOffset = 80;
        private const int ReasonField = 40;
        private const int RefusalIdOffset = ReasonOffset + MaxReasonLength;

        public UpdaterState()
        {
            AddedKeys = new byte[MaxAddedKeys * ManifestFormat.PublicKeySize];
            RevokedIds = new byte[MaxRevokedIds * ManifestFormat.KeyIdSize];
            SettledDigest = new byte[SlotDescriptor.DigestSize];
            HashFailureDigest = new byte[SlotDescriptor.DigestSize];
        }

        /// <summary>Sequence of the last key update applied (0: none).</summary>
        public long KeySequence { get; set; }

        /// <summary>Bit i set: the loader's root key i is revoked.</summary>
        public int RevokedRootMask { get; set; }

        /// <summary>Keys added by key updates, 32 bytes each.</summary>
        public byte[] AddedKeys { get; private set; }

        public int AddedKeyCount { get; set; }

        /// <summary>Ids (8 bytes each) of added keys revoked since, so a manifest they signed is refused as revoked.</summary>
        public byte[] RevokedIds { get; private set; }

        public int RevokedIdCount { get; set; }

        /// <summary>The last boot-control outcome (its id) reported on the events topic.</summary>
        public long ReportedOutcomeId { get; set; }

        /// <summary>True when <see cref="SettledDigest"/> names a settled announce.</summary>
        public bool HasSettled { get; set; }

        /// <summary>True once the outcome was published.</summary>
        public bool SettledReported { get; set; }

        public byte[] SettledDigest { get; private set; }

        /// <summary>The refusal's <see cref="OtaReason"/>, or empty for an applied key update.</summary>
        public string SettledReason { get; set; }

        /// <summary>
        /// The id of the updater's last refusal (0: none yet), published as "refusalId" with it: grows by one with every
        /// refusal, so a receiver counts each once. A refusal stored in <see cref="SettledDigest"/> and not reported yet
        /// always has the latest: the one refusal not stored (a download a key update stopped) comes right after that key
        /// update took the place of the stored announce.
        /// </summary>
        public long RefusalId { get; set; }

        /// <summary>Times the announce in <see cref="SettledDigest"/> was tried again after a refusal (kept while it is tried).</summary>
        public int SettledRetries { get; set; }

        /// <summary>The manifest whose image failed its hash check <see cref="HashFailures"/> times.</summary>
        public byte[] HashFailureDigest { get; private set; }

        public int HashFailures { get; set; }

        public void CopyFrom(UpdaterState other)
        {
            KeySequence = other.KeySequence;
            RevokedRootMask = other.RevokedRootMask;
            AddedKeyCount = other.AddedKeyCount;
            RevokedIdCount = other.RevokedIdCount;
            ReportedOutcomeId = other.ReportedOutcomeId;
            RefusalId = other.RefusalId;
            HasSettled = other.HasSettled;
            SettledReported = other.SettledReported;
            SettledReason = other.SettledReason;
            HashFailures = other.HashFailures;
            SettledRetries = other.SettledRetries;
            System.Array.Copy(other.AddedKeys, AddedKeys, AddedKeys.Length);
            System.Array.Copy(other.RevokedIds, RevokedIds, RevokedIds.Length);
            System.Array.Copy(other.SettledDigest, SettledDigest, SettledDigest.Length);
            System.Array.Copy(other.HashFailureDigest, HashFailureDigest, HashFailureDigest.Length);
        }

        /// <summary>Writes the record into the buffer; returns its length.</summary>
        public int Encode(byte[] buffer, int offset)
        {
            System.Array.Clear(buffer, offset, FixedSize);
            buffer[offset] = Format;
            buffer[offset + 1] = (byte)RevokedRootMask;
            buffer[offset + 2] = (byte)AddedKeyCount;
            buffer[offset + 3] = (byte)RevokedIdCount;
            LittleEndian.WriteUInt32(buffer, offset + 4, (uint)KeySequence);
            LittleEndian.WriteUInt32(buffer, offset + 8, (uint)ReportedOutcomeId);
            buffer[offset + 12] = (byte)((HasSettled ? 1 : 0) | (SettledReported ? 2 : 0));
            string reason = SettledReason ?? string.Empty;
            int reasonLength = reason.Length > MaxReasonLength ? MaxReasonLength : reason.Length;
            buffer[offset + 13] = (byte)reasonLength;
            buffer[offset + 14] = (byte)(HashFailures > 255 ? 255 : HashFailures);
            buffer[offset + 15] = (byte)(SettledRetries > 255 ? 255 : SettledRetries);
            System.Array.Copy(SettledDigest, 0, buffer, offset + 16, 32);
            System.Array.Copy(HashFailureDigest, 0, buffer, offset + 48, 32);
            for (int i = 0; i < reasonLength; i++)
            {
                char c = reason[i];
                buffer[offset + ReasonOffset + i] = (byte)(c < 0x80 ? c : '?');
            }

            LittleEndian.WriteUInt32(buffer, offset + RefusalIdOffset, (uint)RefusalId);

            int position = offset + FixedSize;
            int keys = AddedKeyCount * ManifestFormat.PublicKeySize;
            System.Array.Copy(AddedKeys, 0, buffer, position, keys);
            position += keys;
            int ids = RevokedIdCount * ManifestFormat.KeyIdSize;
            System.Array.Copy(RevokedIds, 0, buffer, position, ids);
            return position + ids - offset;
        }

        /// <summary>Reads a record; false (this object unchanged) when the bytes are not one.</summary>
        public bool Decode(byte[] buffer, int offset, int count)
        {
            if (count < FixedSize || buffer[offset] != Format)
            {
                return false;
            }

            int added = buffer[offset + 2];
            int revoked = buffer[offset + 3];
            int reasonLength = buffer[offset + 13];
            if (added > MaxAddedKeys || revoked > MaxRevokedIds || reasonLength > ReasonField || buffer[offset + 12] > 3
                || count != FixedSize + (added * ManifestFormat.PublicKeySize) + (revoked * ManifestFormat.KeyIdSize))
            {
                return false;
            }

            char[] reason = new char[reasonLength];
            for (int i = 0; i < reasonLength; i++)
            {
                reason[i] = (char)buffer[offset + ReasonOffset + i];
            }

            RevokedRootMask = buffer[offset + 1];
            AddedKeyCount = added;
            RevokedIdCount = revoked;
            KeySequence = LittleEndian.ReadUInt32(buffer, offset + 4);
            ReportedOutcomeId = LittleEndian.ReadUInt32(buffer, offset + 8);

            // A reason longer than the field now is (none was) would leave no refusal id.
            RefusalId = reasonLength > MaxReasonLength ? 0 : LittleEndian.ReadUInt32(buffer, offset + RefusalIdOffset);
            HasSettled = (buffer[offset + 12] & 1) != 0;
            SettledReported = (buffer[offset + 12] & 2) != 0;
            HashFailures = buffer[offset + 14];
            SettledRetries = buffer[offset + 15];
            SettledReason = new string(reason);
            System.Array.Copy(buffer, offset + 16, SettledDigest, 0, 32);
            System.Array.Copy(buffer, offset + 48, HashFailureDigest, 0, 32);
            int position = offset + FixedSize;
            System.Array.Copy(buffer, position, AddedKeys, 0, added * ManifestFormat.PublicKeySize);
            position += added * ManifestFormat.PublicKeySize;
            System.Array.Copy(buffer, position, RevokedIds, 0, revoked * ManifestFormat.KeyIdSize);
            return true;
        }
    }
}
