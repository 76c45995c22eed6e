using Firmware.Storage;

namespace Firmware.Boot
{
    /// <summary>
    /// The boot-control record: which slot boots and in which state (see <see cref="BootTransitions"/>
    /// for the state table). Plain data with a fixed little-endian encoding of <see cref="EncodedSize"/> bytes,
    /// kept by a <see cref="MirroredRecord"/> (two copies, sequence number, CRC).
    /// </summary>
    public sealed class BootControlRecord
    {
        /// <summary>Bytes of the encoded record.</summary>
        public const int EncodedSize = 20;

        /// <summary>The encoding this loader writes and reads.</summary>
        public const int Format = 1;

        /// <summary>No slot (as <see cref="PendingSlot"/>).</summary>
        public const int NoSlot = -1;

        /// <summary>The slot the loader boots: the confirmed image, or the image on trial when not <see cref="Confirmed"/>.</summary>
        public int ActiveSlot { get; set; }

        /// <summary>True when the active slot's image passed its health check (or was installed in the factory).</summary>
        public bool Confirmed { get; set; }

        /// <summary>A verified image the loader switches to at the next boot, on trial; or <see cref="NoSlot"/>.</summary>
        public int PendingSlot { get; set; }

        /// <summary>Failed boots the image on trial may still have before it is rolled back.</summary>
        public int TrialAttemptsLeft { get; set; }

        /// <summary>The reason of the last failed trial attempt (<see cref="TrialFailure"/>).</summary>
        public int LastFailure { get; set; }

        /// <summary>Images with a lower security counter are refused; raised when an image is confirmed.</summary>
        public long MinimumSecurityCounter { get; set; }

        /// <summary>The last update's result (<see cref="BootOutcome"/>).</summary>
        public int Outcome { get; set; }

        /// <summary>For a rollback, the <see cref="TrialFailure"/> that caused it.</summary>
        public int OutcomeReason { get; set; }

        /// <summary>The slot the outcome is about: the confirmed image, or the one rolled back or abandoned by a recovery.</summary>
        public int OutcomeSlot { get; set; }

        /// <summary>Grows by one with every outcome, so the application reports each one once.</summary>
        public long OutcomeId { get; set; }

        public void CopyFrom(BootControlRecord other)
        {
            ActiveSlot = other.ActiveSlot;
            Confirmed = other.Confirmed;
            PendingSlot = other.PendingSlot;
            TrialAttemptsLeft = other.TrialAttemptsLeft;
            LastFailure = other.LastFailure;
            MinimumSecurityCounter = other.MinimumSecurityCounter;
            Outcome = other.Outcome;
            OutcomeReason = other.OutcomeReason;
            OutcomeSlot = other.OutcomeSlot;
            OutcomeId = other.OutcomeId;
        }

        public void Encode(byte[] buffer, int offset)
        {
            buffer[offset] = Format;
            buffer[offset + 1] = (byte)ActiveSlot;
            buffer[offset + 2] = (byte)(Confirmed ? 1 : 0);
            buffer[offset + 3] = (byte)(PendingSlot == NoSlot ? 0xFF : PendingSlot);
            buffer[offset + 4] = (byte)TrialAttemptsLeft;
            buffer[offset + 5] = (byte)LastFailure;
            buffer[offset + 6] = (byte)Outcome;
            buffer[offset + 7] = (byte)OutcomeReason;
            buffer[offset + 8] = (byte)OutcomeSlot;
            buffer[offset + 9] = 0;
            buffer[offset + 10] = 0;
            buffer[offset + 11] = 0;
            LittleEndian.WriteUInt32(buffer, offset + 12, (uint)MinimumSecurityCounter);
            LittleEndian.WriteUInt32(buffer, offset + 16, (uint)OutcomeId);
        }

        /// <summary>Decodes a record; false (and this object unchanged) when the bytes are not a consistent record.</summary>
        public bool Decode(byte[] buffer, int offset, int count)
        {
            if (count != EncodedSize || buffer[offset] != Format)
            {
                return false;
            }

            int active = buffer[offset + 1];
            int flags = buffer[offset + 2];
            int pending = buffer[offset + 3] == 0xFF ? NoSlot : buffer[offset + 3];
            int attempts = buffer[offset + 4];
            int lastFailure = buffer[offset + 5];
            int outcome = buffer[offset + 6];
            int outcomeReason = buffer[offset + 7];
            int outcomeSlot = buffer[offset + 8];
            bool confirmed = flags == 1;
            if (active > 1 || flags > 1 || (pending != NoSlot && (pending > 1 || pending == active)) || (pending != NoSlot && !confirmed)
                || lastFailure > TrialFailure.HealthCheck || outcome > BootOutcome.Recovered || outcomeReason > TrialFailure.HealthCheck
                || outcomeSlot > 1 || buffer[offset + 9] != 0 || buffer[offset + 10] != 0 || buffer[offset + 11] != 0)
            {
                return false;
            }

            ActiveSlot = active;
            Confirmed = confirmed;
            PendingSlot = pending;
            TrialAttemptsLeft = attempts;
            LastFailure = lastFailure;
            Outcome = outcome;
            OutcomeReason = outcomeReason;
            OutcomeSlot = outcomeSlot;
            MinimumSecurityCounter = LittleEndian.ReadUInt32(buffer, offset + 12);
            OutcomeId = LittleEndian.ReadUInt32(buffer, offset + 16);
            return true;
        }
    }
}
