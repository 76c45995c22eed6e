using Firmware.Boot;
using Firmware.Crypto;

namespace Firmware.Ota
{
    /// <summary>
    /// The updater's record as it keeps it in boot control (<see cref="IUpdateSlots.ReadUpdaterState"/>): its
    /// <see cref="UpdaterState"/>, read once per boot and saved after each change, and the questions the updater asks
    /// of it: was this announce settled, how often was it tried again, which events were published, how often did this
    /// image fail its hash check.
    /// </summary>
    public sealed class UpdaterRecord
    {
        private readonly IUpdateSlots _slots;
        private readonly UpdaterState _state = new UpdaterState();
        private readonly byte[] _buffer;

        public UpdaterRecord(IUpdateSlots slots)
        {
            if (slots.UpdaterStateCapacity < UpdaterState.MaxEncodedSize)
            {
                throw new System.ArgumentException("the slots keep " + slots.UpdaterStateCapacity.ToString() + " bytes for the updater; it needs " + UpdaterState.MaxEncodedSize.ToString(), "slots");
            }

            _slots = slots;
            _buffer = new byte[UpdaterState.MaxEncodedSize];
        }

        /// <summary>The record's fields; call <see cref="Save"/> after changing them.</summary>
        public UpdaterState State
        {
            get { return _state; }
        }

        /// <summary>Reads the stored record. False when one is stored but unreadable: the state then stays empty (the loader's keys only).</summary>
        public bool Load()
        {
            int length = _slots.ReadUpdaterState(_buffer, 0);
            return length <= 0 || _state.Decode(_buffer, 0, length);
        }

        public void Save()
        {
            int length = _state.Encode(_buffer, 0);
            _slots.WriteUpdaterState(_buffer, 0, length);
        }

        /// <summary>True when the announce with this SHA-256 was settled: refused for good, or a key update applied.</summary>
        public bool IsSettled(byte[] digest)
        {
            return _state.HasSettled && ByteRuns.Equal(digest, 0, _state.SettledDigest, 0, SlotDescriptor.DigestSize);
        }

        /// <summary>
        /// Refuses the announce with this SHA-256 for good: settled with <paramref name="reason"/> (an
        /// <see cref="OtaReason"/>), not reported yet, under a new refusal id. Returns the id. Not saved.
        /// </summary>
        public long Refuse(byte[] digest, string reason)
        {
            Settle(digest, reason, false);
            return NewRefusalId();
        }

        /// <summary>
        /// The id of a new refusal (one more than the last; see <see cref="UpdaterState.RefusalId"/>), for one that is
        /// reported but not stored. Not saved.
        /// </summary>
        public long NewRefusalId()
        {
            _state.RefusalId++;
            return _state.RefusalId;
        }

        /// <summary>
        /// Remembers the announce with this SHA-256 as settled (<paramref name="reason"/>: the refusal's
        /// <see cref="OtaReason"/>, or empty for an applied key update), reported already or still to be. Not saved.
        /// </summary>
        public void Settle(byte[] digest, string reason, bool reported)
        {
            if (!ByteRuns.Equal(digest, 0, _state.SettledDigest, 0, SlotDescriptor.DigestSize))
            {
                // Another announce: its retries start from none. The same one refused again keeps its count.
                _state.SettledRetries = 0;
            }

            _state.HasSettled = true;
            _state.SettledReported = reported;
            _state.SettledReason = reason;
            System.Array.Copy(digest, _state.SettledDigest, SlotDescriptor.DigestSize);
        }

        /// <summary>
        /// The settled announce with this SHA-256 is tried again: it is no longer settled (a cut during the retry resumes its
        /// download), its retries are counted (kept with its digest, so a refusal again keeps the count) and its image's
        /// hash failures start again. Returns how many retries it had now. Not saved.
        /// </summary>
        public int Retry(byte[] digest)
        {
            _state.HasSettled = false;
            _state.SettledRetries++;
            if (ByteRuns.Equal(_state.HashFailureDigest, 0, digest, 0, SlotDescriptor.DigestSize))
            {
                _state.HashFailures = 0;
            }

            return _state.SettledRetries;
        }

        /// <summary>
        /// Counts a complete download of the manifest with this SHA-256 whose image did not match it; returns how many in
        /// a row (a failure of another manifest starts again at 1). Not saved.
        /// </summary>
        public int CountHashFailure(byte[] manifestDigest)
        {
            if (!ByteRuns.Equal(_state.HashFailureDigest, 0, manifestDigest, 0, SlotDescriptor.DigestSize))
            {
                System.Array.Copy(manifestDigest, _state.HashFailureDigest, SlotDescriptor.DigestSize);
                _state.HashFailures = 0;
            }

            _state.HashFailures++;
            return _state.HashFailures;
        }

        /// <summary>True when the record holds a refusal not reported yet (it has the latest refusal id).</summary>
        public bool HoldsUnreportedRefusal
        {
            get { return _state.HasSettled && !_state.SettledReported && _state.SettledReason.Length > 0; }
        }

        /// <summary>
        /// An event was published: the boot-control outcome it reports, or the stored refusal (its refusal id), is reported
        /// for good. Returns true when the record changed (not saved).
        /// </summary>
        public bool Published(OtaEvent e)
        {
            bool changed = false;
            if (e.OutcomeId > _state.ReportedOutcomeId)
            {
                _state.ReportedOutcomeId = e.OutcomeId;
                changed = true;
            }

            if (e.RefusalId == _state.RefusalId && HoldsUnreportedRefusal)
            {
                _state.SettledReported = true;
                changed = true;
            }

            return changed;
        }
    }
}
