using System;
using System.Collections.Generic;
using System.Threading;

namespace Firmware.Host.Mqtt
{
    /// <summary>
    /// A bounded queue from MQTTnet's threads to a device's thread whose taker blocks without spinning.
    /// <see cref="System.Collections.Concurrent.BlockingCollection{T}"/> waits on a SemaphoreSlim, which spins and
    /// yields before it blocks: with hundreds of devices on two cores, that spinning took most of a fleet's CPU (the
    /// yields most of its time in the kernel) away from the threads that would have answered. This one waits on the
    /// monitor at once.
    /// </summary>
    public sealed class HandOffQueue<T>
    {
        private readonly Queue<T> _items = new Queue<T>();
        private readonly int _capacity;
        private int _waiting;

        public HandOffQueue(int capacity = int.MaxValue)
        {
            if (capacity <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "a queue holds at least one item");
            }

            _capacity = capacity;
        }

        public int Count
        {
            get
            {
                lock (_items)
                {
                    return _items.Count;
                }
            }
        }

        /// <summary>Adds the item unless the queue is full (then false); never blocks.</summary>
        public bool TryAdd(T item)
        {
            lock (_items)
            {
                if (_items.Count >= _capacity)
                {
                    return false;
                }

                _items.Enqueue(item);
                if (_waiting > 0)
                {
                    Monitor.Pulse(_items);
                }

                return true;
            }
        }

        /// <summary>Takes the oldest item if there is one; never blocks.</summary>
        public bool TryTake(out T item)
        {
            lock (_items)
            {
                return _items.TryDequeue(out item);
            }
        }

        /// <summary>Takes the oldest item, waiting up to <paramref name="timeoutMilliseconds"/> of real time for one.</summary>
        public bool TryTake(out T item, int timeoutMilliseconds)
        {
            long deadline = Environment.TickCount64 + Math.Max(0, timeoutMilliseconds);
            lock (_items)
            {
                while (!_items.TryDequeue(out item))
                {
                    long left = deadline - Environment.TickCount64;
                    if (left <= 0)
                    {
                        return false;
                    }

                    _waiting++;
                    try
                    {
                        Monitor.Wait(_items, (int)left);
                    }
                    finally
                    {
                        _waiting--;
                    }
                }

                return true;
            }
        }

        public void Clear()
        {
            lock (_items)
            {
                _items.Clear();
            }
        }
    }
}
