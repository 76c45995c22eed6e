using Firmware.SetupPorts;

namespace Firmware.Tests.Setup
{
    /// <summary>
    /// A connection that delivers its request in chunks of <see cref="ChunkBytes"/> (one per read) and keeps what is
    /// written to it. With <see cref="Stalls"/> it sends nothing more after its first chunk, as a slow sender does.
    /// </summary>
    public sealed class FakeStreamConnection : IStreamConnection
    {
        private readonly byte[] _request;
        private readonly byte[] _written = new byte[64 * 1024];
        private int _read;

        public FakeStreamConnection(byte[] request)
        {
            _request = request;
            ChunkBytes = 1 << 20;
        }

        public int ChunkBytes { get; set; }

        public bool Stalls { get; set; }

        /// <summary>The peer closes once its request is sent.</summary>
        public bool ClosesAfterRequest { get; set; }

        public bool Closed { get; private set; }

        public int WrittenLength { get; private set; }

        public int Reads { get; private set; }

        /// <summary>What the server sent, as text.</summary>
        public string Response
        {
            get { return Firmware.Text.Utf8.Decode(_written, 0, WrittenLength); }
        }

        public int Read(byte[] buffer, int offset, int count, int timeoutMilliseconds)
        {
            Reads++;
            if (Closed)
            {
                return -1;
            }

            if (_read >= _request.Length || (Stalls && _read > 0))
            {
                return ClosesAfterRequest && _read >= _request.Length ? -1 : 0;
            }

            int n = _request.Length - _read;
            n = n < ChunkBytes ? n : ChunkBytes;
            n = n < count ? n : count;
            System.Array.Copy(_request, _read, buffer, offset, n);
            _read += n;
            return n;
        }

        public bool Write(byte[] buffer, int offset, int count)
        {
            if (Closed || WrittenLength + count > _written.Length)
            {
                return false;
            }

            System.Array.Copy(buffer, offset, _written, WrittenLength, count);
            WrittenLength += count;
            return true;
        }

        public void Close()
        {
            Closed = true;
        }
    }
}
