using System.Net.Sockets;
using MQTTnet;

namespace Firmware.Host.Fleet
{
    /// <summary>
    /// The socket of a client that receives a whole fleet's messages (the judge, the monitor, a rollout). MQTTnet sizes
    /// a client's socket buffers from its 8 KiB default, and a receive buffer set that small before the connect also
    /// turns off the kernel's window scaling: the broker may then have no more than 8 KiB on the way to the receiver, and
    /// with delayed acknowledgements that is about 100 messages a second however idle both ends are. A fleet's receiver
    /// behind by a few thousand messages (after a burst of sessions) then took many minutes to catch up,
    /// and the time line waited for it at its next flush.
    /// <para>
    /// A receiver on the machine of a broker that also listens on a Unix domain socket connects through it
    /// (<see cref="Endpoint"/>), as the fleet's devices do.
    /// </para>
    /// </summary>
    public static class ReceiverSocket
    {
        /// <summary>Room for about a second of a 1,000-device fleet's messages.</summary>
        public const int BufferBytes = 4 * 1024 * 1024;

        /// <summary>
        /// The broker's address in <paramref name="builder"/>: its Unix domain socket <paramref name="localSocket"/> when
        /// given (a stream socket of the Unix family: MQTTnet's defaults are a TCP socket of the Internet families, with
        /// TCP's no-delay option, none of which a Unix socket takes), else <paramref name="host"/> and
        /// <paramref name="port"/>.
        /// </summary>
        public static MqttClientOptionsBuilder Endpoint(MqttClientOptionsBuilder builder, string host, int port, string localSocket) =>
            localSocket == null ? builder.WithTcpServer(host, port) : builder.WithEndPoint(new UnixDomainSocketEndPoint(localSocket)).WithTcpServer(tcp =>
            {
                tcp.AddressFamily = AddressFamily.Unix;
                tcp.ProtocolType = ProtocolType.Unspecified;
                tcp.NoDelay = false;
            });

        /// <summary>Gives <paramref name="options"/> a receive buffer of <see cref="BufferBytes"/>; returns them.</summary>
        public static MqttClientOptions Widened(MqttClientOptions options)
        {
            if (options.ChannelOptions is MqttClientTcpOptions tcp)
            {
                tcp.BufferSize = BufferBytes;
            }

            return options;
        }
    }
}
