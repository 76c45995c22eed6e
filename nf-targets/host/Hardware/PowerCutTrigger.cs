namespace Firmware.Host.Hardware
{
    /// <summary>
    /// Counts the mutating operations of a simulated medium (across reboots) and says which one the power
    /// cut interrupts. Reads are not counted: a cut during a read changes nothing a cut before it would not.
    /// </summary>
    public sealed class PowerCutTrigger
    {
        /// <summary>Mutating operations started so far; the next one has this index.</summary>
        public long Operations { get; private set; }

        /// <summary>Index of the operation to interrupt, or -1.</summary>
        public long CutAt { get; set; } = -1;

        /// <summary>Starts an operation; true when power is cut during it.</summary>
        public bool Start()
        {
            bool cut = Operations == CutAt;
            Operations++;
            if (cut)
            {
                CutAt = -1;
            }

            return cut;
        }
    }
}
