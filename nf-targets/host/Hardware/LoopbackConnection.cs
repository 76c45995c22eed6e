using System;
using System.Net.Sockets;
using Firmware.SetupPorts;

namespace Firmware.Host.Hardware
{
    /// <summary>One connection to the setup page on the loopback.</summary>
    public sealed class LoopbackConnection : IStreamConnection
    {
        /// <summary>The longest a write waits for a slow reader.</summary>
        public const int WriteTimeoutMilliseconds = 5000;

        private readonly Socket _socket;

        public LoopbackConnection(Socket socket)
        {
            _socket = socket;
            _socket.SendTimeout = WriteTimeoutMilliseconds;
            _socket.NoDelay = true;
        }

        public int Read(byte[] buffer, int offset, int count, int timeoutMilliseconds)
        {
            try
            {
                if (!_socket.Poll(timeoutMilliseconds * 1000, SelectMode.SelectRead))
                {
                    return 0;
                }

                int read = _socket.Receive(buffer, offset, count, SocketFlags.None);
                return read == 0 ? -1 : read;
            }
            catch (Exception e) when (e is SocketException || e is ObjectDisposedException)
            {
                return -1;
            }
        }

        public bool Write(byte[] buffer, int offset, int count)
        {
            try
            {
                int sent = 0;
                while (sent < count)
                {
                    sent += _socket.Send(buffer, offset + sent, count - sent, SocketFlags.None);
                }

                return true;
            }
            catch (Exception e) when (e is SocketException || e is ObjectDisposedException)
            {
                return false;
            }
        }

        public void Close()
        {
            try
            {
                // Send what is queued and the end of the stream before the socket goes.
                _socket.Shutdown(SocketShutdown.Send);
            }
            catch (SocketException)
            {
                // The peer is gone already.
            }

            _socket.Dispose();
        }
    }
}
