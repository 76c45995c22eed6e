using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Firmware.Host.Tests.Support
{
    /// <summary>
    /// A broker that answers but takes no session, on a loopback port (a stopped broker's): every MQTT 5 CONNECT gets a
    /// CONNACK refusing it as "server unavailable" (0x88), as a broker gives while it starts up or sheds load, and the
    /// connection is closed. It counts the sessions it refused.
    /// </summary>
    public sealed class RefusingBroker : IDisposable
    {
        // CONNACK, 3 bytes follow: no session present, reason 0x88 (server unavailable), no properties.
        private static readonly byte[] Refusal = { 0x20, 0x03, 0x00, 0x88, 0x00 };

        private readonly TcpListener _listener;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly Task _accepting;
        private int _refused;

        private RefusingBroker(int port)
        {
            _listener = new TcpListener(IPAddress.Loopback, port);
            _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            _listener.Start();
            _accepting = Task.Run(Accept);
        }

        /// <summary>Listens on <paramref name="port"/>, which nothing else may hold.</summary>
        public static RefusingBroker Start(int port) => new RefusingBroker(port);

        /// <summary>Sessions refused so far.</summary>
        public int Refused => Volatile.Read(ref _refused);

        private async Task Accept()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is OperationCanceledException || e is SocketException || e is ObjectDisposedException)
                {
                    return;
                }

                _ = Task.Run(() => Refuse(client));
            }
        }

        private async Task Refuse(TcpClient client)
        {
            using (client)
            {
                try
                {
                    NetworkStream stream = client.GetStream();
                    byte[] connect = new byte[512];
                    if (await stream.ReadAsync(connect, _stop.Token).ConfigureAwait(false) == 0 || (connect[0] & 0xF0) != 0x10)
                    {
                        return;
                    }

                    await stream.WriteAsync(Refusal, _stop.Token).ConfigureAwait(false);
                    Interlocked.Increment(ref _refused);

                    // The client closes on the refusal; closed first here, with its bytes unread, the socket would be
                    // reset and the refusal possibly lost.
                    using CancellationTokenSource wait = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                    wait.CancelAfter(TimeSpan.FromSeconds(5));
                    while (await stream.ReadAsync(connect, wait.Token).ConfigureAwait(false) > 0)
                    {
                    }
                }
                catch (Exception e) when (e is OperationCanceledException || e is System.IO.IOException || e is SocketException)
                {
                    // The client went away first, or the listener is closing: nothing was refused.
                }
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _accepting.Wait(TimeSpan.FromSeconds(5));
        }
    }
}
