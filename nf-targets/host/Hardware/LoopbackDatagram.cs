using System;
using System.Net;
using System.Net.Sockets;
using Firmware.SetupPorts;

namespace Firmware.Host.Hardware
{
    /// <summary>The setup DNS's UDP socket on the host's loopback, standing in for port 53 of the access point.</summary>
    public sealed class LoopbackDatagram : IDatagramSocket
    {
        private readonly Socket _socket;
        private readonly byte[] _scratch = new byte[65536];
        private EndPoint _sender = new IPEndPoint(IPAddress.Loopback, 0);

        private LoopbackDatagram(Socket socket)
        {
            _socket = socket;
            Port = ((IPEndPoint)socket.LocalEndPoint).Port;
        }

        public int Port { get; }

        /// <summary>Binds 127.0.0.1:<paramref name="port"/> (0 for a free port); null with the reason when it cannot.</summary>
        public static LoopbackDatagram Open(int port, out string error)
        {
            Socket socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
                error = null;
                return new LoopbackDatagram(socket);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                error = $"cannot bind UDP 127.0.0.1:{port}: {e.Message}";
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

                EndPoint from = new IPEndPoint(IPAddress.Loopback, 0);
                int length = _socket.ReceiveFrom(_scratch, ref from);
                _sender = from;
                if (length > count)
                {
                    return -1;
                }

                Buffer.BlockCopy(_scratch, 0, buffer, offset, length);
                return length;
            }
            catch (Exception e) when (e is SocketException || e is ObjectDisposedException)
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
            catch (Exception e) when (e is SocketException || e is ObjectDisposedException)
            {
                return false;
            }
        }

        public void Close() => _socket.Dispose();
    }
}
