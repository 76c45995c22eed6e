using System;
using System.IO;

namespace Firmware.Host.Faults
{
    /// <summary>
    /// Reads whole MQTT 3.1.1 control packets from a stream: the fixed header's first byte, the remaining
    /// length (1 to 4 bytes, 7 bits each, section 2.2.3 of the standard), then that many bytes. Enough framing
    /// for the fault proxy to count packets and recognise PUBACKs without understanding their contents.
    /// </summary>
    public sealed class MqttPacketReader
    {
        /// <summary>Packet type of PUBACK (the high nibble of the first byte).</summary>
        public const int Puback = 4;

        /// <summary>The largest remaining length MQTT can encode.</summary>
        public const int MaxRemainingLength = 268435455;

        private readonly Stream _stream;

        public MqttPacketReader(Stream stream)
        {
            _stream = stream;
        }

        /// <summary>The packet type (1 to 14) of a packet's first byte.</summary>
        public static int TypeOf(byte[] packet) => packet[0] >> 4;

        /// <summary>Reads the next packet, header included; null when the stream ended cleanly between packets.</summary>
        public byte[] Read()
        {
            int first = _stream.ReadByte();
            if (first < 0)
            {
                return null;
            }

            byte[] lengthBytes = new byte[4];
            int lengthCount = 0;
            int remaining = 0;
            int multiplier = 1;
            while (true)
            {
                int b = _stream.ReadByte();
                if (b < 0)
                {
                    throw new EndOfStreamException("the stream ended inside a packet header");
                }

                if (lengthCount == 4)
                {
                    throw new InvalidDataException("an MQTT remaining length has more than 4 bytes");
                }

                lengthBytes[lengthCount++] = (byte)b;
                remaining += (b & 0x7F) * multiplier;
                multiplier *= 128;
                if ((b & 0x80) == 0)
                {
                    break;
                }
            }

            byte[] packet = new byte[1 + lengthCount + remaining];
            packet[0] = (byte)first;
            Array.Copy(lengthBytes, 0, packet, 1, lengthCount);
            int at = 1 + lengthCount;
            while (at < packet.Length)
            {
                int read = _stream.Read(packet, at, packet.Length - at);
                if (read <= 0)
                {
                    throw new EndOfStreamException("the stream ended inside a packet");
                }

                at += read;
            }

            return packet;
        }
    }
}
