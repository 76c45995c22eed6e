using System.Collections;
using Firmware.SetupPorts;
using Firmware.Tests.Fakes;

namespace Firmware.Tests.Setup
{
    /// <summary>
    /// A listener that hands out the connections queued on it, one per accept; every accept that waits passes its
    /// timeout on the clock, so a session's loop moves through time as it would on a device.
    /// </summary>
    public sealed class FakeStreamListener : IStreamListener
    {
        private readonly ArrayList _queue = new ArrayList();
        private readonly FakeClock _clock;

        public FakeStreamListener(FakeClock clock, string origin)
        {
            _clock = clock;
            Origin = origin;
        }

        public string Origin { get; private set; }

        public bool Closed { get; private set; }

        /// <summary>Called at every accept, before it looks at the queue (a test's script of events).</summary>
        public System.Action Tick { get; set; }

        public void Enqueue(IStreamConnection connection)
        {
            _queue.Add(connection);
        }

        public IStreamConnection Accept(int timeoutMilliseconds)
        {
            if (Tick != null)
            {
                Tick();
            }

            if (_queue.Count == 0)
            {
                _clock.UptimeMilliseconds += timeoutMilliseconds;
                return null;
            }

            IStreamConnection next = (IStreamConnection)_queue[0];
            _queue.RemoveAt(0);
            return next;
        }

        public void Close()
        {
            Closed = true;
        }
    }
}
