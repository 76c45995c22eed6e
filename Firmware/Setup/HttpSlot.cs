using Firmware.SetupPorts;

namespace Firmware.Setup
{
    /// <summary>One connection the setup page is serving: its socket, the request read so far and when it must be whole.</summary>
    public sealed class HttpSlot
    {
        public HttpSlot()
        {
            Parser = new HttpRequestParser();
        }

        /// <summary>The connection, or null while the slot is free.</summary>
        public IStreamConnection Connection { get; private set; }

        public HttpRequestParser Parser { get; private set; }

        /// <summary>Uptime by which the request must have arrived whole (a slow sender is answered 408).</summary>
        public long Deadline { get; private set; }

        /// <summary>True while the connection waits for the outcome of the attempt its form started.</summary>
        public bool AwaitsOutcome { get; set; }

        /// <summary>Uptime until which an awaiting connection is held before it is sent to the "connecting" view.</summary>
        public long HoldUntil { get; set; }

        public bool IsFree
        {
            get { return Connection == null; }
        }

        public void Open(IStreamConnection connection, long deadline)
        {
            Connection = connection;
            Deadline = deadline;
            AwaitsOutcome = false;
            Parser.Reset();
        }

        public void Close()
        {
            if (Connection != null)
            {
                Connection.Close();
                Connection = null;
            }

            AwaitsOutcome = false;
        }
    }
}
