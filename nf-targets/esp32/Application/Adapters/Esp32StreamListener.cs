using System;
using System.Net;
using System.Net.Sockets;
using Firmware.SetupPorts;

namespace Firmware.Esp32.Adapters
{
    /// <summary>The setup page's TCP listener on the access point.</summary>
    public sealed class Esp32StreamListener : IStreamListener
    {
        private readonly Socket _socket;

        private Esp32StreamListener(Socket socket, string origin)
        {
            _socket = socket;
            Origin = origin;
        }

        public string Origin { get; private set; }

        /// <summary>Listens on <paramref name="port"/> of every interface; null with the reason when it cannot.</summary>
        public static Esp32StreamListener Open(int port, string address, out string error)
        {
            Socket socket = null;
            try
            {
                socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(IPAddress.Any, port));
                socket.Listen(4);
                error = null;
                return new Esp32StreamListener(socket, port == 80 ? "http://" + address : "http://" + address + ":" + port.ToString());
            }
            catch (Exception e)
            {
                if (socket != null)
                {
                    socket.Close();
                }

                error = "cannot listen on port " + port.ToString() + ": " + e.Message;
                return null;
            }
        }

        public IStreamConnection Accept(int timeoutMilliseconds)
        {
            try
            {
                return _socket.Poll(timeoutMilliseconds * 1000, SelectMode.SelectRead) ? new Esp32StreamConnection(_socket.Accept()) : null;
            }
            catch (Exception)
            {
                return null;
            }
        }

        public void Close()
        {
            _socket.Close();
        }
    }
}
