using System;
using System.Net.Sockets;
using Firmware.SetupPorts;

namespace Firmware.Esp32.Adapters
{
    /// <summary>One connection to the setup page, over nanoFramework's sockets (lwIP underneath).</summary>
    public sealed class Esp32StreamConnection : IStreamConnection
    {
        /// <summary>The longest a write waits for a slow phone.</summary>
        public const int WriteTimeoutMilliseconds = 5000;

        private readonly Socket _socket;

        public Esp32StreamConnection(Socket socket)
        {
            _socket = socket;
            _socket.SendTimeout = WriteTimeoutMilliseconds;
        }

        public int Read(byte[] buffer, int offset, int count, int timeoutMilliseconds)
        {
            try
            {
                if (!_socket.Poll(timeoutMilliseconds * 1000, SelectMode.SelectRead))
                {
                    return 0;
                }

                // Readable with nothing to read: the peer closed.
                int available = _socket.Available;
                if (available <= 0)
                {
                    return -1;
                }

                return _socket.Receive(buffer, offset, available < count ? available : count, SocketFlags.None);
            }
            catch (Exception)
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
                    int n = _socket.Send(buffer, offset + sent, count - sent, SocketFlags.None);
                    if (n <= 0)
                    {
                        return false;
                    }

                    sent += n;
                }

                return true;
            }
            catch (Exception)
            {
                return false;
            }
        }

        public void Close()
        {
            try
            {
                _socket.Close();
            }
            catch (Exception)
            {
                // Already closed by the peer or the stack.
            }
        }
    }
}
