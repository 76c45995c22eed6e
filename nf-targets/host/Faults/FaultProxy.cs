using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace Firmware.Host.Faults
{
    /// <summary>
    /// A TCP proxy on a loopback port between the device's MQTT link and the broker (embedded or any other),
    /// injecting the faults of a <see cref="FaultPlan"/>:
    /// - while the broker is down (a window of virtual time) new connections are accepted and reset at once,
    ///   and open ones are cut when the window begins;
    /// - a connection is cut after the device sent N packets: the N-th reaches the broker, nothing the broker
    ///   says after it reaches the device;
    /// - PUBACKs from the broker are dropped with the plan's probability (seeded), so QoS 1 publishes go
    ///   unacknowledged while the connection stays up;
    /// - every packet is delayed by half the plan's added round-trip latency in each direction (real time).
    /// Plain MQTT only: the packet faults need to see MQTT framing (a TLS connection can only be refused or cut).
    /// </summary>
    public sealed class FaultProxy : IDisposable
    {
        private readonly FaultPlan _plan;
        private readonly string _brokerHost;
        private readonly int _brokerPort;
        private readonly Func<long> _now;
        private readonly TcpListener _listener;
        private readonly Random _random;
        private readonly List<Session> _sessions = new List<Session>();
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly Thread _acceptor;
        private readonly Thread _monitor;
        private int _refused;
        private int _cutByWindow;
        private int _cutAfterPackets;
        private int _pubacksLost;
        private int _sessionsOpened;

        private FaultProxy(FaultPlan plan, string brokerHost, int brokerPort, Func<long> virtualNow)
        {
            _plan = plan;
            _brokerHost = brokerHost;
            _brokerPort = brokerPort;
            _now = virtualNow;
            _random = new Random(plan.Seed);
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _acceptor = new Thread(Accept) { IsBackground = true, Name = "fault-proxy-accept" };
            _monitor = new Thread(Monitor) { IsBackground = true, Name = "fault-proxy-monitor" };
            _acceptor.Start();
            _monitor.Start();
        }

        /// <summary>The loopback port the device connects to instead of the broker's.</summary>
        public int Port { get; }

        /// <summary>Connections reset because the broker was down.</summary>
        public int Refused => Volatile.Read(ref _refused);

        /// <summary>Open connections cut when a down window began.</summary>
        public int CutByWindow => Volatile.Read(ref _cutByWindow);

        /// <summary>Connections cut after the plan's number of packets.</summary>
        public int CutAfterPackets => Volatile.Read(ref _cutAfterPackets);

        /// <summary>PUBACKs dropped on their way to the device.</summary>
        public int PubacksLost => Volatile.Read(ref _pubacksLost);

        /// <summary>Connections passed through to the broker.</summary>
        public int Sessions => Volatile.Read(ref _sessionsOpened);

        /// <summary>Starts a proxy to <paramref name="brokerHost"/>:<paramref name="brokerPort"/>; <paramref name="virtualNow"/> gives the twin's virtual time in ms.</summary>
        public static FaultProxy Start(FaultPlan plan, string brokerHost, int brokerPort, Func<long> virtualNow)
        {
            return new FaultProxy(plan, brokerHost, brokerPort, virtualNow);
        }

        /// <summary>What the proxy did, for the twin's report.</summary>
        public string Summary()
        {
            List<string> parts = new List<string> { $"{Sessions} connection(s) passed" };
            if (_plan.BrokerDownWindows.Count > 0)
            {
                parts.Add($"{Refused} refused while the broker was down, {CutByWindow} cut when it went down");
            }

            if (_plan.DropAfterPackets > 0)
            {
                parts.Add($"{CutAfterPackets} cut after {_plan.DropAfterPackets} packet(s)");
            }

            if (_plan.LosePubackProbability > 0)
            {
                parts.Add($"{PubacksLost} PUBACK(s) lost");
            }

            return string.Join(", ", parts);
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            lock (_sessions)
            {
                foreach (Session session in _sessions)
                {
                    session.Close();
                }

                _sessions.Clear();
            }

            _acceptor.Join(2000);
            _monitor.Join(2000);
        }

        private void Accept()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient device;
                try
                {
                    device = _listener.AcceptTcpClient();
                }
                catch (Exception e) when (e is SocketException || e is ObjectDisposedException || e is InvalidOperationException)
                {
                    // Disposed: the listener is stopped. Stopped between the loop's check and the accept, it throws
                    // InvalidOperationException ("Not listening"), which on this thread would end the process.
                    return;
                }

                if (_plan.IsBrokerDown(_now()))
                {
                    Interlocked.Increment(ref _refused);
                    Reset(device);
                    continue;
                }

                TcpClient broker = new TcpClient();
                try
                {
                    broker.Connect(_brokerHost, _brokerPort);
                }
                catch (SocketException)
                {
                    // The real broker is unreachable too: the device sees the same.
                    broker.Dispose();
                    Reset(device);
                    continue;
                }

                device.NoDelay = true;
                broker.NoDelay = true;
                Session session = new Session(device, broker);
                lock (_sessions)
                {
                    _sessions.Add(session);
                }

                Interlocked.Increment(ref _sessionsOpened);
                new Thread(() => PumpFromDevice(session)) { IsBackground = true, Name = "fault-proxy-up" }.Start();
                new Thread(() => PumpFromBroker(session)) { IsBackground = true, Name = "fault-proxy-down" }.Start();
            }
        }

        private void Monitor()
        {
            while (!_stop.Token.WaitHandle.WaitOne(10))
            {
                if (!_plan.IsBrokerDown(_now()))
                {
                    continue;
                }

                lock (_sessions)
                {
                    foreach (Session session in _sessions)
                    {
                        if (session.Close())
                        {
                            Interlocked.Increment(ref _cutByWindow);
                        }
                    }

                    _sessions.Clear();
                }
            }
        }

        private void PumpFromDevice(Session session)
        {
            int packets = 0;
            try
            {
                MqttPacketReader reader = new MqttPacketReader(session.Device.GetStream());
                using DelayedWriter toBroker = new DelayedWriter(session.Broker.GetStream(), _plan.LatencyMilliseconds / 2);
                byte[] packet;
                while ((packet = reader.Read()) != null && !session.IsClosed)
                {
                    if (CutIfDown(session))
                    {
                        return;
                    }

                    packets++;
                    bool last = _plan.DropAfterPackets > 0 && packets >= _plan.DropAfterPackets;
                    if (last)
                    {
                        // Nothing the broker says from now on may reach the device, not even the answer to this packet.
                        session.Mute();
                        Interlocked.Increment(ref _cutAfterPackets);
                    }

                    toBroker.Write(packet);
                    if (last)
                    {
                        toBroker.Flush();
                        break;
                    }
                }
            }
            catch (Exception e) when (e is IOException || e is SocketException || e is ObjectDisposedException || e is InvalidDataException)
            {
                // Either side closed, or the proxy cut the session: the session ends.
            }

            Forget(session);
        }

        private void PumpFromBroker(Session session)
        {
            try
            {
                MqttPacketReader reader = new MqttPacketReader(session.Broker.GetStream());
                using DelayedWriter toDevice = new DelayedWriter(session.Device.GetStream(), _plan.LatencyMilliseconds - (_plan.LatencyMilliseconds / 2));
                byte[] packet;
                while ((packet = reader.Read()) != null && !session.IsClosed)
                {
                    if (CutIfDown(session))
                    {
                        return;
                    }

                    if (MqttPacketReader.TypeOf(packet) == MqttPacketReader.Puback && Lose())
                    {
                        Interlocked.Increment(ref _pubacksLost);
                        continue;
                    }

                    if (session.IsMuted)
                    {
                        // The device's side is about to be cut: what the broker says is dropped.
                        continue;
                    }

                    toDevice.Write(packet);
                }
            }
            catch (Exception e) when (e is IOException || e is SocketException || e is ObjectDisposedException || e is InvalidDataException)
            {
                // Either side closed, or the proxy cut the session: the session ends.
            }

            Forget(session);
        }

        /// <summary>
        /// Cuts the session when a down window has begun. Checked at every packet as well as by the monitor,
        /// since virtual time may run thousands of times faster than the monitor looks.
        /// </summary>
        private bool CutIfDown(Session session)
        {
            if (!_plan.IsBrokerDown(_now()))
            {
                return false;
            }

            if (session.Close())
            {
                Interlocked.Increment(ref _cutByWindow);
            }

            Forget(session);
            return true;
        }

        private bool Lose()
        {
            if (_plan.LosePubackProbability <= 0)
            {
                return false;
            }

            lock (_random)
            {
                return _random.NextDouble() < _plan.LosePubackProbability;
            }
        }

        private void Forget(Session session)
        {
            session.Close();
            lock (_sessions)
            {
                _sessions.Remove(session);
            }
        }

        private static void Reset(TcpClient device)
        {
            // Linger 0 sends a reset, as a host with nothing listening would.
            device.LingerState = new LingerOption(true, 0);
            device.Dispose();
        }

        private sealed class Session
        {
            private int _closed;
            private int _muted;

            public Session(TcpClient device, TcpClient broker)
            {
                Device = device;
                Broker = broker;
            }

            public TcpClient Device { get; }

            public TcpClient Broker { get; }

            public bool IsClosed => Volatile.Read(ref _closed) != 0;

            /// <summary>True once nothing more may be passed from the broker to the device.</summary>
            public bool IsMuted => Volatile.Read(ref _muted) != 0 || IsClosed;

            public void Mute()
            {
                Volatile.Write(ref _muted, 1);
            }

            /// <summary>Closes both sides; true for the call that closed it.</summary>
            public bool Close()
            {
                if (Interlocked.Exchange(ref _closed, 1) != 0)
                {
                    return false;
                }

                Device.LingerState = new LingerOption(true, 0);
                Device.Dispose();
                Broker.Dispose();
                return true;
            }
        }
    }
}
