using System;
using System.Net;
using System.Net.Sockets;
using Firmware.SetupPorts;

namespace Firmware.Esp32.Adapters
{
    /// <summary>The setup DNS's UDP socket on the access point.</summary>
    public sealed class Esp32DatagramSocket : IDatagramSocket
    {
        private readonly Socket _socket;

        // Longer than any query answered, so a longer datagram is seen as such and dropped.
        private readonly byte[] _scratch = new byte[1024];
        private EndPoint _sender = new IPEndPoint(IPAddress.Any, 0);

        private Esp32DatagramSocket(Socket socket)
        {
            _socket = socket;
        }

        /// <summary>Binds <paramref name="port"/> of every interface; null with the reason when it cannot.</summary>
        public static Esp32DatagramSocket Open(int port, out string error)
        {
            Socket socket = null;
            try
            {
                socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                socket.Bind(new IPEndPoint(IPAddress.Any, port));
                error = null;
                return new Esp32DatagramSocket(socket);
            }
            catch (Exception e)
            {
                if (socket != null)
                {
                    socket.Close();
                }

                error = "cannot bind UDP port " + port.ToString() + ": " + e.Message;
                return null;
            }
        }

        public int Receive(byte[] buffer, int offset, int count, int timeoutMilliseconds)
        {
            try
            {
                if (!_socket.Poll(timeoutMilliseconds * 1000, SelectMode.SelectRead))
                {
                    return 0;
                }

                EndPoint from = new IPEndPoint(IPAddress.Any, 0);
                int length = _socket.ReceiveFrom(_scratch, 0, _scratch.Length, SocketFlags.None, ref from);
                _sender = from;
                if (length > count || length >= _scratch.Length)
                {
                    return -1;
                }

                Array.Copy(_scratch, 0, buffer, offset, length);
                return length;
            }
            catch (Exception)
            {
                return 0;
            }
        }

        public bool Reply(byte[] buffer, int offset, int count)
        {
            try
            {
                return _socket.SendTo(buffer, offset, count, SocketFlags.None, _sender) == count;
            }
            catch (Exception)
            {
                return false;
            }
        }

        public void Close()
        {
            _socket.Close();
        }
    }
}
