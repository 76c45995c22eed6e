using System;
using System.Net;
using System.Net.Sockets;
using MQTTnet.Server;

namespace Firmware.Host.Mqtt
{
    /// <summary>An in-process MQTT broker (MQTTnet's server) on a loopback port, the twin's default.</summary>
    public sealed class EmbeddedBroker : IDisposable
    {
        private readonly MqttServer _server;

        private EmbeddedBroker(MqttServer server, int port)
        {
            _server = server;
            Port = port;
        }

        public int Port { get; }

        /// <summary>Starts a broker on 127.0.0.1 at <paramref name="port"/>, or on a free port when 0.</summary>
        public static EmbeddedBroker Start(int port)
        {
            if (port == 0)
            {
                port = FreeLoopbackPort();
            }

            MqttServerOptions options = new MqttServerOptionsBuilder()
                .WithDefaultEndpoint()
                .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
                .WithDefaultEndpointPort(port)
                .WithPersistentSessions(true)
                .Build();
            MqttServer server = new MqttServerFactory().CreateMqttServer(options);
            server.StartAsync().GetAwaiter().GetResult();
            return new EmbeddedBroker(server, port);
        }

        public static int FreeLoopbackPort()
        {
            TcpListener listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }

        public void Dispose()
        {
            _server.StopAsync().GetAwaiter().GetResult();
            _server.Dispose();
        }
    }
}
