using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using Firmware.Host.Hardware;
using Firmware.Ports;
using MQTTnet;
using MQTTnet.Adapter;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;
using MQTTnet.Packets;
using MQTTnet.Protocol;

namespace Firmware.Host.Mqtt
{
    /// <summary>
    /// <see cref="IMqttLink"/> over a blocking TCP socket used by the device's own thread alone, speaking MQTT 3.1.1 with
    /// MQTTnet's packet formatter (MQTTnet encodes and decodes every packet; this class only sends and reads them). It is
    /// the fleet's link: MQTTnet's client runs each connection on the thread pool (a receive loop, a keep-alive task, a
    /// hand-off per PUBACK), and with a thousand devices on two cores those thread switches cost more than the firmware's
    /// own work. Here a round trip is a send and a blocking read on the device's thread, as on a board.
    /// <para>
    /// The socket is read whenever the device waits (for a CONNACK, a SUBACK, a PUBACK, a PINGRESP or a message), and
    /// every packet read is handled then: a PUBLISH is queued for <see cref="Receive"/> and, at QoS 1, acknowledged at
    /// once; a PUBACK queues its publish's token. Timeouts are device time as with <see cref="MqttNetLink"/>: an answer
    /// gets a grace in real time (the broker on the loopback answers within it unless the answer is lost) and the rest of
    /// the timeout passes on the clock; a PUBACK not seen within its grace is asked after with a PINGREQ (the broker
    /// answers it after everything sent before it). A wait for a message between samples sleeps in device time and ends
    /// when the socket has something to read (<see cref="ITwinClock.SleepUnless"/>).
    /// </para>
    /// <para>
    /// The socket is TCP to the configuration's host and port, or a Unix domain socket of the same broker on this machine
    /// (<see cref="LocalSocket"/>): the same MQTT bytes without the loopback's TCP (its handshakes, segments and
    /// acknowledgements): in a profile of a fleet on TCP, sending through the loopback was a tenth of all the samples.
    /// </para>
    /// <para>
    /// Plain MQTT only: TLS is <see cref="MqttNetLink"/>'s (a connect asking for TLS is refused with a reason). Keep-alive
    /// is real time at the broker; the link sends a PINGREQ when the device uses it after half the keep-alive without
    /// sending, and a device of the fleet never idles that long in real time.
    /// </para>
    /// </summary>
    public sealed class BlockingMqttLink : IMqttLink, IDisposable
    {
        private const int InboundLimit = 256;
        private const int ReadBufferBytes = 16 * 1024;
        private const int LargestPacketBytes = 1024 * 1024;

        private readonly IClock _deviceClock;
        private readonly object _socketGate = new object();
        private readonly MqttPacketFormatterAdapter _formatter = new MqttPacketFormatterAdapter(MqttProtocolVersion.V311, new MqttBufferWriter(4096, 65536));
        private readonly Queue<int> _acknowledged = new Queue<int>();
        private readonly Dictionary<ushort, int> _inFlight = new Dictionary<ushort, int>();
        private readonly Queue<Inbound> _inbound = new Queue<Inbound>();
        private readonly Func<bool> _readable;
        private byte[] _read = new byte[ReadBufferBytes];
        private int _readStart;
        private int _readEnd;
        private Socket _socket;
        private bool _answersDue;
        private int _nextToken;
        private ushort _lastPacketId;
        private long _lastSentAt;
        private int _keepAliveMilliseconds;
        private MqttConnAckPacket _connAck;
        private MqttSubAckPacket _subAck;
        private bool _pingAnswered;
        private bool _readableSeen;

        /// <summary>A link whose timeouts are device time on <paramref name="deviceClock"/> (see the class).</summary>
        /// <param name="graceMilliseconds">Real time an answer gets (a CONNACK, a SUBACK, a PUBACK, a PINGRESP).</param>
        /// <param name="localSocket">The broker's Unix domain socket to connect to instead of the host and port; null for TCP.</param>
        public BlockingMqttLink(IClock deviceClock, int graceMilliseconds = MqttNetLink.DefaultRequestGraceMilliseconds, string localSocket = null)
        {
            _deviceClock = deviceClock ?? throw new ArgumentNullException(nameof(deviceClock));
            GraceMilliseconds = graceMilliseconds;
            LocalSocket = localSocket;
            _readable = Readable;
        }

        /// <summary>Real time an answer gets before the rest of its timeout passes in device time.</summary>
        public int GraceMilliseconds { get; }

        /// <summary>
        /// The path of a Unix domain socket on which the broker of the configuration's host and port also listens (one started
        /// on this machine), connected to instead of them; null for TCP.
        /// </summary>
        public string LocalSocket { get; }

        /// <summary>Connects the broker accepted.</summary>
        public int Accepted { get; private set; }

        /// <summary>PUBACK waits that found the PUBACK lost and passed the rest of their timeout in device time.</summary>
        public int PubacksFoundLost { get; private set; }

        /// <summary>Messages dropped because the firmware did not take them fast enough.</summary>
        public int InboundDropped { get; private set; }

        public bool IsConnected => _socket != null;

        public bool SessionPresent { get; private set; }

        public string LastError { get; private set; }

        public MqttConnectResult Connect(MqttConnectOptions options, int timeoutMilliseconds)
        {
            Close();
            if (options.UseTls)
            {
                LastError = "TLS: the fleet's link speaks plain TCP only";
                return MqttConnectResult.InvalidOptions;
            }

            long start = DeviceNow();
            int real = Math.Min(timeoutMilliseconds, GraceMilliseconds);
            long deadline = Environment.TickCount64 + real;
            string where = BrokerFailure.Endpoint(options.Host, options.Port);
            Socket socket;
            try
            {
                socket = LocalSocket != null ? OpenLocal(LocalSocket, real) : Open(options.Host, options.Port, real);
            }
            catch (SocketException e)
            {
                LastError = "broker unreachable: " + (LocalSocket != null ? "no broker takes connections on the local socket " + LocalSocket + " (" + e.Message + ")"
                    : BrokerFailure.Transport(e, options.Host, options.Port));
                return MqttConnectResult.Unreachable;
            }

            if (socket == null)
            {
                LastError = "no CONNACK from " + where + " within " + timeoutMilliseconds + " ms";
                PassRest(start, timeoutMilliseconds);
                return MqttConnectResult.Timeout;
            }

            lock (_socketGate)
            {
                _socket = socket;
            }

            _keepAliveMilliseconds = options.KeepAliveSeconds * 1000;
            _connAck = null;
            MqttConnectPacket connect = new MqttConnectPacket
            {
                ClientId = options.ClientId,
                CleanSession = options.CleanSession,
                KeepAlivePeriod = (ushort)options.KeepAliveSeconds,
                Username = options.UserName,
                Password = options.Password == null ? null : System.Text.Encoding.UTF8.GetBytes(options.Password),
            };
            if (options.WillTopic != null)
            {
                connect.WillFlag = true;
                connect.WillTopic = options.WillTopic;
                connect.WillMessage = options.WillPayload ?? Array.Empty<byte>();
                connect.WillRetain = options.WillRetain;
                connect.WillQoS = (MqttQualityOfServiceLevel)options.WillQos;
            }

            if (!Send(connect))
            {
                LastError = "broker unreachable: " + where + " closed the connection before CONNACK";
                return MqttConnectResult.Unreachable;
            }

            while (_connAck == null && _socket != null && ReadOne(Left(deadline)))
            {
            }

            if (_connAck == null)
            {
                bool closed = _socket == null;
                Close();
                if (closed)
                {
                    LastError = "broker unreachable: " + where + " closed the connection before CONNACK";
                    return MqttConnectResult.Unreachable;
                }

                LastError = "no CONNACK from " + where + " within " + timeoutMilliseconds + " ms";
                PassRest(start, timeoutMilliseconds);
                return MqttConnectResult.Timeout;
            }

            if (_connAck.ReturnCode != MqttConnectReturnCode.ConnectionAccepted)
            {
                Close();
                // MQTTnet's own reading of a 3.1.1 CONNACK; a code 3.1.1 does not have is no answer it names.
                MqttClientConnectResultCode code = MqttClientConnectResultCode.ServerUnavailable;
                try
                {
                    code = MqttClientConnectResultFactory.Create(_connAck, MqttProtocolVersion.V311).ResultCode;
                    LastError = BrokerFailure.Refusal(code, options.Host, options.Port);
                }
                catch (MqttProtocolViolationException)
                {
                    LastError = where + " refused the session with CONNACK code " + (int)_connAck.ReturnCode + ", which MQTT 3.1.1 does not have";
                }

                return MqttNetLink.MapRefusal(code);
            }

            SessionPresent = _connAck.IsSessionPresent;
            _answersDue = true;
            LastError = null;
            Accepted++;
            return MqttConnectResult.Accepted;
        }

        /// <summary>
        /// A connection to the broker's Unix domain socket within the real timeout (null when it did not come), blocking. A
        /// local connect waits only for room in the listener's backlog, and no longer than the send timeout set before it.
        /// </summary>
        private static Socket OpenLocal(string path, int realTimeoutMilliseconds)
        {
            Socket socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                socket.SendTimeout = Math.Max(1, realTimeoutMilliseconds);
                socket.Connect(new UnixDomainSocketEndPoint(path));
                return socket;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock || e.SocketErrorCode == SocketError.TimedOut)
            {
                socket.Dispose();
                return null;
            }
            catch (SocketException)
            {
                socket.Dispose();
                throw;
            }
        }

        /// <summary>A TCP connection within the real timeout (null when it did not come), blocking from then on.</summary>
        private static Socket Open(string host, int port, int realTimeoutMilliseconds)
        {
            IPAddress[] addresses = IPAddress.TryParse(host, out IPAddress address) ? new[] { address } : Dns.GetHostAddresses(host);
            SocketException last = new SocketException((int)SocketError.HostNotFound);
            foreach (IPAddress candidate in addresses)
            {
                Socket socket = new Socket(candidate.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    // A connect with a timeout, without the socket's asynchronous machinery (which would leave every later
                    // read waiting on the runtime's event thread instead of in the kernel).
                    socket.Blocking = false;
                    try
                    {
                        socket.Connect(candidate, port);
                    }
                    catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock || e.SocketErrorCode == SocketError.InProgress)
                    {
                        if (!socket.Poll(checked(realTimeoutMilliseconds * 1000), SelectMode.SelectWrite))
                        {
                            socket.Dispose();
                            return null;
                        }

                        int error = (int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error);
                        if (error != 0)
                        {
                            throw new SocketException(error);
                        }
                    }

                    socket.Blocking = true;
                    socket.SendTimeout = Math.Max(1, realTimeoutMilliseconds);
                    return socket;
                }
                catch (SocketException e)
                {
                    socket.Dispose();
                    last = e;
                }
            }

            throw last;
        }

        public int Publish(string topic, byte[] payload, int offset, int count, int qos, bool retain)
        {
            if (qos < 0 || qos > 1)
            {
                throw new ArgumentOutOfRangeException(nameof(qos), "QoS 0 or 1");
            }

            if (_socket == null)
            {
                LastError = "not connected";
                return -1;
            }

            // The formatter refers to the payload without copying it; the packet is sent before this returns.
            MqttPublishPacket publish = new MqttPublishPacket
            {
                Topic = topic,
                PayloadSegment = new ArraySegment<byte>(payload, offset, count),
                QualityOfServiceLevel = (MqttQualityOfServiceLevel)qos,
                Retain = retain,
            };
            int token = 0;
            if (qos == 1)
            {
                publish.PacketIdentifier = NextPacketId();
                token = ++_nextToken;
                _inFlight[publish.PacketIdentifier] = token;
            }

            if (!Send(publish))
            {
                LastError = "publish: not sent, the connection was lost";
                return -1;
            }

            return token;
        }

        public int WaitForAcknowledgement(int timeoutMilliseconds)
        {
            long start = DeviceNow();
            int token = TakeAcknowledgement(Math.Min(timeoutMilliseconds, GraceMilliseconds));
            if (token != 0 || _socket == null)
            {
                return token;
            }

            if (Ping(Math.Min(Left(start, timeoutMilliseconds), GraceMilliseconds)))
            {
                // Whatever the broker sent before its PINGRESP has been read: a PUBACK among it is queued.
                token = TakeAcknowledgement(0);
                if (token != 0)
                {
                    return token;
                }
            }

            if (_socket == null)
            {
                return 0;
            }

            PubacksFoundLost++;
            PassRest(start, timeoutMilliseconds);
            return TakeAcknowledgement(0);
        }

        /// <summary>Takes a PUBACK's token, reading up to the timeout in real time; 0 when none came or the connection is gone.</summary>
        private int TakeAcknowledgement(int realTimeoutMilliseconds)
        {
            long deadline = Environment.TickCount64 + Math.Max(0, realTimeoutMilliseconds);
            while (_acknowledged.Count == 0 && _socket != null && ReadOne(Left(deadline)))
            {
            }

            return _acknowledged.Count > 0 ? _acknowledged.Dequeue() : 0;
        }

        /// <summary>A PINGREQ answered within the real timeout.</summary>
        private bool Ping(int realTimeoutMilliseconds)
        {
            if (_socket == null || realTimeoutMilliseconds <= 0)
            {
                return false;
            }

            _pingAnswered = false;
            if (!Send(MqttPingReqPacket.Instance))
            {
                return false;
            }

            long deadline = Environment.TickCount64 + realTimeoutMilliseconds;
            while (!_pingAnswered && _socket != null && ReadOne(Left(deadline)))
            {
            }

            return _pingAnswered;
        }

        public bool Subscribe(string topicFilter, int qos, int timeoutMilliseconds)
        {
            if (_socket == null)
            {
                LastError = "not connected";
                return false;
            }

            long start = DeviceNow();
            ushort id = NextPacketId();
            MqttSubscribePacket subscribe = new MqttSubscribePacket { PacketIdentifier = id };
            subscribe.TopicFilters.Add(new MqttTopicFilter { Topic = topicFilter, QualityOfServiceLevel = (MqttQualityOfServiceLevel)qos });
            _subAck = null;
            if (!Send(subscribe))
            {
                LastError = "subscribe: the connection was lost";
                return false;
            }

            long deadline = Environment.TickCount64 + Math.Min(timeoutMilliseconds, GraceMilliseconds);
            while ((_subAck == null || _subAck.PacketIdentifier != id) && _socket != null && ReadOne(Left(deadline)))
            {
            }

            if (_subAck == null || _subAck.PacketIdentifier != id)
            {
                if (_socket == null)
                {
                    LastError = "subscribe: the connection was lost";
                    return false;
                }

                PassRest(start, timeoutMilliseconds);
                LastError = "subscribe: no SUBACK within " + timeoutMilliseconds + " ms";
                return false;
            }

            foreach (MqttSubscribeReasonCode code in _subAck.ReasonCodes)
            {
                if ((int)code > 2)
                {
                    LastError = "subscription refused: " + code;
                    return false;
                }
            }

            _answersDue = true;
            return true;
        }

        /// <summary>
        /// Takes the oldest message, reading the socket for one. The first wait after a connect or a subscription reads
        /// the broker's answers on their way (queued and retained messages) up to a PINGRESP; after that nothing is on its
        /// way, and the wait is device time that ends when the socket has something to read (a message, or the
        /// connection's end).
        /// </summary>
        public bool Receive(MqttMessage message, int timeoutMilliseconds)
        {
            if (_inbound.Count == 0 && _socket != null)
            {
                if (timeoutMilliseconds > 0)
                {
                    WaitForInbound(timeoutMilliseconds);
                }
                else
                {
                    ReadArrived();
                }
            }

            if (_inbound.Count == 0)
            {
                return false;
            }

            Inbound inbound = _inbound.Dequeue();
            message.Set(inbound.Topic, inbound.Payload, 0, inbound.Payload.Length, inbound.Retained);
            return true;
        }

        private void WaitForInbound(int timeoutMilliseconds)
        {
            if (_answersDue)
            {
                // The broker answers a PINGREQ after what it queued before it: the messages a persistent session held and
                // the retained ones of each subscription are read by the time its PINGRESP is (one it had not yet written,
                // as a large message behind a full socket, is taken when the wait below ends).
                _answersDue = false;
                Ping(GraceMilliseconds);
                if (_inbound.Count > 0)
                {
                    return;
                }
            }

            if (_socket != null)
            {
                // The first look at the socket is the sleep's: what has already arrived ends it at once.
                if (_deviceClock is ITwinClock clock)
                {
                    clock.SleepUnless(_readable, timeoutMilliseconds);
                }
                else
                {
                    _deviceClock.Sleep(timeoutMilliseconds);
                }

                ReadArrived();
            }
        }

        /// <summary>Reads what has arrived, without waiting, until a message is queued.</summary>
        private void ReadArrived()
        {
            while (_inbound.Count == 0 && _socket != null && ReadOne(0))
            {
            }
        }

        /// <summary>True when the socket has bytes to read or has closed (a read would not block).</summary>
        private bool Readable()
        {
            Socket socket = _socket;
            if (socket == null || _readEnd > _readStart)
            {
                return true;
            }

            try
            {
                _readableSeen = socket.Poll(0, SelectMode.SelectRead);
                return _readableSeen;
            }
            catch (Exception e) when (e is SocketException || e is ObjectDisposedException)
            {
                return true;
            }
        }

        public void Disconnect()
        {
            if (_socket != null && !Send(new MqttDisconnectPacket()))
            {
                LastError = "disconnect: the connection was already gone";
            }

            Close();
        }

        /// <summary>
        /// Closes the connection without a DISCONNECT (the broker sees it vanish and sends the will). What was sent is
        /// still delivered: the link ends its side first (FIN after its last bytes) and reads until the broker has
        /// closed its own, up to the grace, since a socket closed with bytes unread is reset, and a reset can drop what
        /// the broker had not yet read (a weak link's last publish).
        /// </summary>
        public void Dispose()
        {
            Socket socket = _socket;
            if (socket != null)
            {
                try
                {
                    // What still comes is discarded into the read buffer, which the close empties anyway.
                    socket.Shutdown(SocketShutdown.Send);
                    long deadline = Environment.TickCount64 + GraceMilliseconds;
                    while (socket.Poll(checked(Left(deadline) * 1000), SelectMode.SelectRead) && socket.Receive(_read, 0, _read.Length, SocketFlags.None) > 0)
                    {
                    }
                }
                catch (Exception e) when (e is SocketException || e is ObjectDisposedException)
                {
                    // Already gone: nothing left to deliver.
                }
            }

            Close();
        }

        private void Close()
        {
            Socket socket;
            lock (_socketGate)
            {
                socket = _socket;
                _socket = null;
            }

            socket?.Dispose();
            _acknowledged.Clear();
            _inFlight.Clear();
            _inbound.Clear();
            _readStart = 0;
            _readEnd = 0;
            _answersDue = false;
            _readableSeen = false;
        }

        /// <summary>Sends one packet, first a PINGREQ if the broker has not heard from the device for half its keep-alive; false (and closed) when the connection is gone.</summary>
        private bool Send(MqttPacket packet)
        {
            Socket socket = _socket;
            if (socket == null)
            {
                return false;
            }

            long now = Environment.TickCount64;
            if (_keepAliveMilliseconds > 0 && now - _lastSentAt > _keepAliveMilliseconds / 2 && !(packet is MqttConnectPacket) && !(packet is MqttPingReqPacket))
            {
                if (!Write(socket, MqttPingReqPacket.Instance))
                {
                    return false;
                }
            }

            _lastSentAt = now;
            return Write(socket, packet);
        }

        private bool Write(Socket socket, MqttPacket packet)
        {
            try
            {
                MqttPacketBuffer buffer = _formatter.Encode(packet);
                ArraySegment<byte> bytes = buffer.Payload.Length == 0 ? buffer.Packet : buffer.Join();
                socket.Send(bytes.Array, bytes.Offset, bytes.Count, SocketFlags.None);
                return true;
            }
            catch (Exception e) when (e is SocketException || e is ObjectDisposedException)
            {
                Close();
                return false;
            }
            finally
            {
                _formatter.Cleanup();
            }
        }

        /// <summary>
        /// Reads and handles one packet, waiting up to the real timeout for its bytes; false when none came in time or the
        /// connection ended (then it is closed).
        /// </summary>
        private bool ReadOne(int realTimeoutMilliseconds)
        {
            long deadline = Environment.TickCount64 + Math.Max(0, realTimeoutMilliseconds);
            while (true)
            {
                if (TryHandleBuffered(out bool failed))
                {
                    return true;
                }

                if (failed)
                {
                    return false;
                }

                Socket socket = _socket;
                if (socket == null)
                {
                    return false;
                }

                try
                {
                    if (!_readableSeen && !socket.Poll(checked(Left(deadline) * 1000), SelectMode.SelectRead))
                    {
                        return false;
                    }

                    _readableSeen = false;

                    MakeRoom();
                    int read = socket.Receive(_read, _readEnd, _read.Length - _readEnd, SocketFlags.None);
                    if (read == 0)
                    {
                        LastError = "the broker closed the connection";
                        Close();
                        return false;
                    }

                    _readEnd += read;
                }
                catch (Exception e) when (e is SocketException || e is ObjectDisposedException)
                {
                    LastError = "the connection was lost";
                    Close();
                    return false;
                }
            }
        }

        /// <summary>Moves unread bytes to the buffer's start, and grows it for a packet larger than it.</summary>
        private void MakeRoom()
        {
            if (_readStart > 0)
            {
                Buffer.BlockCopy(_read, _readStart, _read, 0, _readEnd - _readStart);
                _readEnd -= _readStart;
                _readStart = 0;
            }

            if (_readEnd == _read.Length)
            {
                Array.Resize(ref _read, _read.Length * 2);
            }
        }

        /// <summary>Handles one whole packet already in the buffer; false when none is whole yet (<paramref name="failed"/> when the bytes are not MQTT: then the connection is closed).</summary>
        private bool TryHandleBuffered(out bool failed)
        {
            failed = false;
            int available = _readEnd - _readStart;
            if (available < 2)
            {
                return false;
            }

            int remaining = 0;
            int multiplier = 1;
            int at = _readStart + 1;
            while (true)
            {
                if (at >= _readEnd)
                {
                    return false;
                }

                byte b = _read[at++];
                remaining += (b & 0x7F) * multiplier;
                if ((b & 0x80) == 0)
                {
                    break;
                }

                multiplier *= 128;
                if (multiplier > 128 * 128 * 128)
                {
                    return Fail("the broker sent a malformed remaining length", out failed);
                }
            }

            int headerBytes = at - _readStart;
            if (headerBytes + remaining > LargestPacketBytes)
            {
                return Fail("the broker sent a packet of " + (headerBytes + remaining) + " bytes (more than " + LargestPacketBytes + ")", out failed);
            }

            if (available < headerBytes + remaining)
            {
                if (headerBytes + remaining > _read.Length)
                {
                    Array.Resize(ref _read, Math.Max(_read.Length * 2, headerBytes + remaining));
                }

                return false;
            }

            byte fixedHeader = _read[_readStart];
            ReceivedMqttPacket received = new ReceivedMqttPacket(fixedHeader, new ArraySegment<byte>(_read, at, remaining), headerBytes + remaining);
            _readStart = at + remaining;
            MqttPacket packet;
            try
            {
                packet = _formatter.Decode(received);
            }
            catch (MqttProtocolViolationException e)
            {
                return Fail("the broker sent a packet that is not MQTT 3.1.1: " + e.Message, out failed);
            }

            return Handle(packet, out failed);
        }

        private bool Handle(MqttPacket packet, out bool failed)
        {
            failed = false;
            switch (packet)
            {
                case MqttPublishPacket publish:
                    if (publish.QualityOfServiceLevel == MqttQualityOfServiceLevel.ExactlyOnce)
                    {
                        return Fail("the broker sent a QoS 2 message on a QoS 1 subscription", out failed);
                    }

                    // The payload refers to the read buffer, which the next read reuses.
                    byte[] copy = publish.Payload.Length == 0 ? Array.Empty<byte>() : System.Buffers.BuffersExtensions.ToArray(publish.Payload);
                    if (_inbound.Count < InboundLimit)
                    {
                        _inbound.Enqueue(new Inbound(publish.Topic, copy, publish.Retain));
                    }
                    else
                    {
                        InboundDropped++;
                    }

                    if (publish.QualityOfServiceLevel == MqttQualityOfServiceLevel.AtLeastOnce)
                    {
                        Send(new MqttPubAckPacket { PacketIdentifier = publish.PacketIdentifier });
                    }

                    return true;
                case MqttPubAckPacket ack:
                    if (_inFlight.Remove(ack.PacketIdentifier, out int token))
                    {
                        _acknowledged.Enqueue(token);
                    }

                    return true;
                case MqttSubAckPacket subAck:
                    _subAck = subAck;
                    return true;
                case MqttConnAckPacket connAck:
                    _connAck = connAck;
                    return true;
                case MqttPingRespPacket:
                    _pingAnswered = true;
                    return true;
                default:
                    return Fail("the broker sent an unexpected " + packet.GetType().Name, out failed);
            }
        }

        private bool Fail(string reason, out bool failed)
        {
            LastError = reason;
            Close();
            failed = true;
            return false;
        }

        private ushort NextPacketId()
        {
            _lastPacketId = (ushort)(_lastPacketId == ushort.MaxValue ? 1 : _lastPacketId + 1);
            return _lastPacketId;
        }

        private long DeviceNow() => _deviceClock.UptimeMilliseconds;

        /// <summary>What is left of a device-time timeout begun at <paramref name="start"/>.</summary>
        private int Left(long start, int timeoutMilliseconds) => (int)Math.Max(0, timeoutMilliseconds - (DeviceNow() - start));

        /// <summary>What is left of a real-time deadline (Environment.TickCount64).</summary>
        private static int Left(long deadline) => (int)Math.Max(0, deadline - Environment.TickCount64);

        /// <summary>Lets the rest of a timeout begun at <paramref name="start"/> pass on the device clock.</summary>
        private void PassRest(long start, int timeoutMilliseconds)
        {
            int left = Left(start, timeoutMilliseconds);
            if (left > 0)
            {
                _deviceClock.Sleep(left);
            }
        }

        private sealed record Inbound(string Topic, byte[] Payload, bool Retained);
    }
}
