using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace Firmware.Host.Faults
{
    /// <summary>
    /// Writes packets to a stream a fixed time after they were handed over, in order, from a thread of its own, so
    /// a burst of packets is delayed as a burst (latency, not a narrower pipe). With no delay it writes at once.
    /// </summary>
    public sealed class DelayedWriter : IDisposable
    {
        private readonly Stream _stream;
        private readonly int _delay;
        private readonly BlockingCollection<(long Due, byte[] Packet)> _queue = new BlockingCollection<(long, byte[])>();
        private readonly Stopwatch _time = Stopwatch.StartNew();
        private readonly Thread _thread;
        private int _pending;
        private volatile bool _failed;

        public DelayedWriter(Stream stream, int delayMilliseconds)
        {
            _stream = stream;
            _delay = delayMilliseconds;
            if (_delay > 0)
            {
                _thread = new Thread(Run) { IsBackground = true, Name = "fault-proxy-delay" };
                _thread.Start();
            }
        }

        public void Write(byte[] packet)
        {
            if (_delay <= 0)
            {
                _stream.Write(packet, 0, packet.Length);
                return;
            }

            if (_failed)
            {
                throw new IOException("the delayed side of the connection is closed");
            }

            Interlocked.Increment(ref _pending);
            _queue.Add((_time.ElapsedMilliseconds + _delay, packet));
        }

        /// <summary>Waits until every packet handed over has been written (or the stream failed).</summary>
        public void Flush()
        {
            while (_delay > 0 && Volatile.Read(ref _pending) > 0 && !_failed)
            {
                Thread.Sleep(1);
            }

            _stream.Flush();
        }

        public void Dispose()
        {
            _queue.CompleteAdding();
        }

        private void Run()
        {
            try
            {
                foreach ((long due, byte[] packet) in _queue.GetConsumingEnumerable())
                {
                    long wait = due - _time.ElapsedMilliseconds;
                    if (wait > 0)
                    {
                        Thread.Sleep((int)wait);
                    }

                    _stream.Write(packet, 0, packet.Length);
                    Interlocked.Decrement(ref _pending);
                }
            }
            catch (Exception e) when (e is IOException || e is ObjectDisposedException || e is InvalidOperationException)
            {
                // The connection closed under the delayed packets: they are lost, as on a cut link.
                _failed = true;
            }
        }
    }
}
