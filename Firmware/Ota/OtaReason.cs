namespace Firmware.Ota
{
    /// <summary>
    /// Why an announce or an image was refused: the stable words reported on the events topic (and kept in
    /// flash), so a fleet's refusals can be counted by reason.
    /// </summary>
    public static class OtaReason
    {
        // The manifest's bytes.
        public const string ManifestTruncated = "manifest-truncated";
        public const string ManifestTooLarge = "manifest-too-large";
        public const string BadMagic = "bad-magic";
        public const string UnknownFormatVersion = "unknown-format-version";
        public const string UnknownKind = "unknown-kind";
        public const string TrailingBytes = "trailing-bytes";
        public const string FieldTruncated = "field-truncated";
        public const string UnknownField = "unknown-field";
        public const string FieldOutOfOrder = "field-out-of-order";
        public const string BadFieldLength = "bad-field-length";
        public const string BadFieldValue = "bad-field-value";
        public const string MissingField = "missing-field";

        // Trust.
        public const string UnknownKey = "unknown-key";
        public const string RevokedKey = "revoked-key";
        public const string BadSignature = "bad-signature";

        // Whether this device takes this image now.
        public const string WrongHardware = "wrong-hardware";
        public const string RuntimeTooOld = "runtime-too-old";
        public const string SameVersion = "same-version";
        public const string SecurityCounterTooLow = "security-counter-too-low";
        public const string ImageTooLarge = "image-too-large";
        public const string RolledBackBefore = "rolled-back-before";
        public const string BatteryLow = "battery-low";
        public const string UpdateInProgress = "update-in-progress";

        // The image fetched.
        public const string ImageTruncated = "image-truncated";
        public const string ImageHashMismatch = "image-hash-mismatch";

        // The image server: it answers a range request with the whole image, so each session streams it from its start
        // (a download's report, or a refusal when no session can get past the chunks written); it does not answer.
        public const string RangeIgnored = "range-ignored";
        public const string ServerUnreachable = "server-unreachable";

        // Why an announce is ignored: refused before (announce it again to retry), retried as often as allowed, the running
        // image's, a key update applied before, an image verified and waiting for its reboot.
        public const string RefusedBefore = "refused-before";
        public const string RetriesUsedUp = "retries-used-up";
        public const string AlreadyRunning = "already-running";
        public const string AppliedBefore = "applied-before";
        public const string UpdatePending = "update-pending";

        // Boot: the confirmed image's slot no longer loads (a recovery's reason).
        public const string ImageUnloadable = "image-unloadable";

        // Key updates.
        public const string KeySequenceNotNewer = "key-sequence-not-newer";
        public const string RootRevocationNeedsAnotherRoot = "root-revocation-needs-another-root";
        public const string RevokeUnknownKey = "revoke-unknown-key";
        public const string KeyWasRevoked = "key-was-revoked";
        public const string TooManyKeys = "too-many-keys";
        public const string NoKeyLeft = "no-key-left";
    }
}
