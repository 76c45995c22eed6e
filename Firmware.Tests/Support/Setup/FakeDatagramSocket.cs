using System.Collections;
using Firmware.SetupPorts;

namespace Firmware.Tests.Setup
{
    /// <summary>A UDP socket fed with queued datagrams; it keeps every reply.</summary>
    public sealed class FakeDatagramSocket : IDatagramSocket
    {
        private readonly ArrayList _incoming = new ArrayList();

        public FakeDatagramSocket()
        {
            Replies = new ArrayList();
        }

        /// <summary>The replies sent, each a byte array.</summary>
        public ArrayList Replies { get; private set; }

        public bool Closed { get; private set; }

        public void Enqueue(byte[] datagram)
        {
            _incoming.Add(datagram);
        }

        public int Receive(byte[] buffer, int offset, int count, int timeoutMilliseconds)
        {
            if (_incoming.Count == 0)
            {
                return 0;
            }

            byte[] next = (byte[])_incoming[0];
            _incoming.RemoveAt(0);
            if (next.Length > count)
            {
                return -1;
            }

            System.Array.Copy(next, 0, buffer, offset, next.Length);
            return next.Length;
        }

        public bool Reply(byte[] buffer, int offset, int count)
        {
            byte[] reply = new byte[count];
            System.Array.Copy(buffer, offset, reply, 0, count);
            Replies.Add(reply);
            return true;
        }

        public void Close()
        {
            Closed = true;
        }
    }
}
