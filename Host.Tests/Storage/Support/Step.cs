namespace Firmware.Host.Tests.Storage.Support
{
    public enum StepKind
    {
        /// <summary>Append Count readings, then sync.</summary>
        Append,

        /// <summary>Append Count readings without a sync (they may be lost at a cut).</summary>
        AppendUnsynced,

        /// <summary>Read up to Count oldest readings, acknowledge through the last, sync.</summary>
        Acknowledge,

        /// <summary>Acknowledge through the oldest held + Count - 1 without reading, sync.</summary>
        AcknowledgeThrough,

        /// <summary>Write a new value of state key Key, then sync.</summary>
        StateWrite,

        /// <summary>Write a new value of state key Key without a sync.</summary>
        StateWriteUnsynced,

        /// <summary>Commit whatever is pending.</summary>
        Sync,
    }

    /// <summary>One step of a scripted storage workload.</summary>
    public readonly record struct Step(StepKind Kind, int Count = 1, int Key = 1, int Channels = 3, bool Wide = false);
}
