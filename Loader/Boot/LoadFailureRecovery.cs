namespace Firmware.Boot
{
    /// <summary>
    /// What the loader does when the confirmed image does not load (its bundle is unreadable or an assembly does not
    /// load), after MCUboot, which validates a slot before it boots it: fall back to the other slot when its image
    /// qualifies (<see cref="SlotValidation"/>), else, as a last resort, write a factory image the loader holds into
    /// that slot. Either ends in one record write (<see cref="BootDecision.Recovered"/>,
    /// <see cref="BootOutcome.Recovered"/>); a cut before it leaves the record naming the unloadable image, so the next
    /// boot repeats the recovery. Each step returns null when it switched, or why it could not, for people.
    /// </summary>
    public sealed class LoadFailureRecovery
    {
        private readonly SlotArea[] _areas;
        private readonly BootControlStore _control;
        private readonly BootDecision _decision;
        private readonly SlotValidation _validation;
        private readonly SlotDescriptor _scratch;

        public LoadFailureRecovery(SlotArea[] areas, BootControlStore control, BootDecision decision, SlotDescriptor scratch)
        {
            _areas = areas;
            _control = control;
            _decision = decision;
            _scratch = scratch;
            _validation = new SlotValidation(areas);
        }

        /// <summary>
        /// Switches to the other slot when its image qualifies as a fall-back: it holds the proven mark, every staging
        /// mark is done, its security counter is not below the minimum, and its bytes match its SHA-256 now. Otherwise
        /// changes nothing.
        /// </summary>
        public string FallBack()
        {
            BootControlRecord record = _control.Record;
            int failed = record.ActiveSlot;
            string refused = _validation.WhyNotFallback(1 - failed, _scratch, record.MinimumSecurityCounter);
            if (refused == null)
            {
                _decision.Recovered(failed);
            }

            return refused;
        }

        /// <summary>
        /// Writes the factory image (it fits a slot and matches its descriptor's size) into the slot that is not
        /// active, checks it back against its SHA-256 (computed here from <paramref name="image"/> into the
        /// descriptor), marks it proven and switches to it. An image whose security counter is below the minimum is a
        /// downgrade the device refuses from any source: nothing is written.
        /// </summary>
        public string RestoreFactory(SlotDescriptor descriptor, byte[] image, int offset, int count)
        {
            BootControlRecord record = _control.Record;
            if (descriptor.SecurityCounter < record.MinimumSecurityCounter)
            {
                return "the factory image " + descriptor.VersionText + " has security counter " + descriptor.SecurityCounter.ToString() + ", below the minimum " + record.MinimumSecurityCounter.ToString();
            }

            int failed = record.ActiveSlot;
            int slot = 1 - failed;
            _validation.Hash(image, offset, count, descriptor.ImageSha256);
            _areas[slot].WriteFactoryImage(descriptor, image, offset, count, _scratch);
            if (!_validation.ImageMatches(slot, _scratch))
            {
                return "the factory image written to slot " + slot.ToString() + " does not read back with its SHA-256";
            }

            _areas[slot].MarkProven();
            _decision.Recovered(failed);
            return null;
        }
    }
}
