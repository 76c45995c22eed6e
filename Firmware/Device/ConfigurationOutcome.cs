namespace Firmware.Device
{
    /// <summary>What became of one configuration document, for the answer on the events topic.</summary>
    public sealed class ConfigurationOutcome
    {
        /// <summary>Applied and kept (it does not change how the device connects).</summary>
        public const string ResultApplied = "applied";

        /// <summary>Applied on trial: the next connection uses it, and confirms or reverts it.</summary>
        public const string ResultTrial = "trial";

        /// <summary>Not applied; <see cref="Error"/> says exactly why.</summary>
        public const string ResultRejected = "rejected";

        /// <summary>The version was dealt with before (the retained desired state comes again): no answer.</summary>
        public const string ResultUnchanged = "unchanged";

        public string Result { get; private set; }

        /// <summary>The document's version, or -1 when it had none (or could not be read).</summary>
        public long Version { get; private set; }

        /// <summary>The keys the document set (names only, never values).</summary>
        public string Keys { get; private set; }

        /// <summary>For a trial: the connectivity keys that change.</summary>
        public string Changes { get; private set; }

        public string Error { get; private set; }

        public ConfigurationOutcome Applied(long version, string keys)
        {
            return Set(ResultApplied, version, keys, null, null);
        }

        public ConfigurationOutcome OnTrial(long version, string keys, string changes)
        {
            return Set(ResultTrial, version, keys, changes, null);
        }

        public ConfigurationOutcome Rejected(long version, string error)
        {
            return Set(ResultRejected, version, null, null, error);
        }

        public ConfigurationOutcome Unchanged(long version)
        {
            return Set(ResultUnchanged, version, null, null, null);
        }

        private ConfigurationOutcome Set(string result, long version, string keys, string changes, string error)
        {
            Result = result;
            Version = version;
            Keys = keys;
            Changes = changes;
            Error = error;
            return this;
        }
    }
}
