namespace Firmware.Host.Tests.Support
{
    /// <summary>A fault <see cref="RangeHttpServer"/> puts into one response.</summary>
    public sealed class HttpFault
    {
        /// <summary>Sends this many body bytes, then drops the connection (-1: the whole body).</summary>
        public int DropAfterBytes { get; set; } = -1;

        /// <summary>Flips bits of the body byte at this offset (-1: none).</summary>
        public int CorruptByteAt { get; set; } = -1;

        /// <summary>Waits this long before answering.</summary>
        public int DelayMilliseconds { get; set; }
    }
}
