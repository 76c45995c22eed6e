using System;

namespace Firmware.Host.Fleet
{
    /// <summary>
    /// The fleet's own receivers could not open their sessions with the broker at the start of a run (no broker listens
    /// at the address given, or it refused them): the run does not begin. Its message names the broker and the cause.
    /// </summary>
    public sealed class FleetBrokerUnreachableException : InvalidOperationException
    {
        public FleetBrokerUnreachableException(string message, Exception inner)
            : base(message, inner)
        {
        }
    }
}
