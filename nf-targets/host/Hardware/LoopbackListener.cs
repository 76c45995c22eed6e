using System.Net;
using System.Net.Sockets;
using Firmware.SetupPorts;

namespace Firmware.Host.Hardware
{
    /// <summary>The setup page's TCP listener on the host's loopback, standing in for port 80 of the access point.</summary>
    public sealed class LoopbackListener : IStreamListener
    {
        private readonly Socket _socket;

        private LoopbackListener(Socket socket, int port)
        {
            _socket = socket;
            Port = port;
            Origin = $"http://127.0.0.1:{port}";
        }

        public int Port { get; }

        public string Origin { get; }

        /// <summary>Listens on 127.0.0.1:<paramref name="port"/> (0 for a free port); null with the reason when it cannot.</summary>
        public static LoopbackListener Open(int port, out string error)
        {
            Socket socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
                socket.Listen(8);
                error = null;
                return new LoopbackListener(socket, ((IPEndPoint)socket.LocalEndPoint).Port);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                error = $"cannot listen on 127.0.0.1:{port}: {e.Message}";
                return null;
            }
        }

        public IStreamConnection Accept(int timeoutMilliseconds)
        {
            try
            {
                return _socket.Poll(timeoutMilliseconds * 1000, SelectMode.SelectRead) ? new LoopbackConnection(_socket.Accept()) : null;
            }
            catch (SocketException)
            {
                return null;
            }
        }

        public void Close() => _socket.Dispose();
    }
}
