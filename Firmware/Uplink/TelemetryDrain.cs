using Firmware.Readings;
using Firmware.Ports;
using Firmware.Power;
using Firmware.Storage;
using Firmware.Text;

namespace Firmware.Uplink
{
    /// <summary>
    /// Sends what the reading log holds, oldest first, as SenML batches of up to a configured payload size,
    /// QoS 1, with a bounded window of batches in flight, and acknowledges readings in the log only when their
    /// batch's PUBACK has arrived: the log's acknowledged-through point moves to the end of the longest run of
    /// acknowledged batches from the oldest, so it never passes a batch still in flight. A PUBACK that never
    /// comes (a lost connection, an adapter that missed the event) leaves that batch and everything after it in
    /// the log: it is sent again, once more in this session if the connection is still up, else in the next
    /// one, and a receiver de-duplicates by sequence number. The session's budget bounds every wait.
    ///
    /// Buffers are sized once; a drain allocates nothing per reading or per batch.
    /// </summary>
    public sealed class TelemetryDrain
    {
        /// <summary>Most readings one batch carries (the payload limit usually stops it first).</summary>
        public const int MaxReadingsPerBatch = 128;

        private readonly ReadingLog _log;
        private readonly PowerOnTimeBase _time;
        private readonly IMqttLink _link;
        private readonly IClock _clock;
        private readonly string _topic;
        private readonly SenmlEncoder _encoder;
        private readonly JsonWriter _writer = new JsonWriter();
        private readonly byte[] _payload;
        private readonly int _payloadLimit;
        private readonly int _ackTimeout;
        private readonly int _channelCount;

        // The readings of a batch, made at the first Run: a wake that only samples never allocates them.
        private Reading[] _readings;

        // The window: batches in flight, oldest at _head.
        private readonly int[] _tokens;
        private readonly long[] _lastSequence;
        private readonly int[] _readingCount;
        private readonly bool[] _acknowledged;
        private int _head;
        private int _inFlight;
        private long _nextSequence;

        // Where the pack's first reading ended in the last pack encoded: the opening, the first record and a reading
        // without relative times come before it, readings with them after it.
        private int _firstReadingEnd;

        // Readings read from the log for the next batch: a few more than the last batch held, so each slot is read
        // about once (a batch is limited by its payload, rarely by this).
        private int _readAhead = 8;

        public TelemetryDrain(ReadingLog log, PowerOnTimeBase time, IMqttLink link, IClock clock, ChannelTable channels, string deviceId,
            string topic, byte[] payload, int payloadLimit, int window, int ackTimeoutMilliseconds)
        {
            if (window < 1 || payloadLimit < 64 || payloadLimit > payload.Length)
            {
                throw new System.ArgumentOutOfRangeException("window", "the window must be at least 1 and the payload limit 64 to the payload buffer's length");
            }

            _log = log;
            _time = time;
            _link = link;
            _clock = clock;
            _topic = topic;
            _encoder = new SenmlEncoder(channels, deviceId + "/");
            _payload = payload;
            _payloadLimit = payloadLimit;
            _ackTimeout = ackTimeoutMilliseconds;
            _channelCount = channels.Count;
            _tokens = new int[window];
            _lastSequence = new long[window];
            _readingCount = new int[window];
            _acknowledged = new bool[window];
            FullBatchReadings = MaxReadingsPerBatch;
        }

        /// <summary>Readings acknowledged by the broker (and released in the log) since creation.</summary>
        public long Delivered { get; private set; }

        /// <summary>Batches published since creation (a batch sent again counts again).</summary>
        public long BatchesSent { get; private set; }

        /// <summary>Batches sent again in the same session after their PUBACK did not come.</summary>
        public long BatchesResent { get; private set; }

        /// <summary>Readings published since creation (a reading sent again counts again).</summary>
        public long ReadingsSent { get; private set; }

        /// <summary>Payload bytes handed to the link since creation.</summary>
        public long BytesSent { get; private set; }

        /// <summary>True when the last <see cref="Run"/> left nothing unacknowledged in the log.</summary>
        public bool Drained { get; private set; }

        /// <summary>
        /// How many readings surely fit in one batch, judged by the last batch published: the payload's room over its
        /// bytes per reading, less one for readings a little longer (values with more digits); <see cref="MaxReadingsPerBatch"/>
        /// until a batch was published. A batch of one reading judges a little high (its reading has no relative times).
        /// </summary>
        public int FullBatchReadings { get; private set; }

        /// <summary>Why the last <see cref="Run"/> stopped before the log was empty, or null.</summary>
        public string LastError { get; private set; }

        /// <summary>
        /// Sends and acknowledges until the log is empty, the budget is spent or the connection fails. Returns
        /// the readings acknowledged in this run. Medium failures of the log throw <see cref="System.IO.IOException"/>.
        /// </summary>
        public int Run(SessionBudget budget)
        {
            if (_readings == null)
            {
                _readings = new Reading[MaxReadingsPerBatch];
                for (int i = 0; i < _readings.Length; i++)
                {
                    _readings[i] = new Reading(_channelCount);
                }
            }

            LastError = null;
            Drained = false;
            _head = 0;
            _inFlight = 0;
            _nextSequence = 0;
            int delivered = 0;
            int unsynced = 0;
            bool resent = false;
            while (true)
            {
                if (!FillWindow(budget))
                {
                    break;
                }

                if (_inFlight == 0)
                {
                    Drained = _log.Held == 0 || _log.ReadFrom(0, _readings, 0, 1) == 0;
                    break;
                }

                int token = _link.WaitForAcknowledgement(budget.Clip(_ackTimeout));
                if (token == 0)
                {
                    if (_link.IsConnected && !resent && !budget.IsExhausted)
                    {
                        // Missed or lost PUBACKs: send everything unacknowledged once more, as a new window.
                        resent = true;
                        BatchesResent += _inFlight;
                        _inFlight = 0;
                        _nextSequence = 0;
                        continue;
                    }

                    LastError = !_link.IsConnected ? "connection lost with " + _inFlight.ToString() + " batch(es) in flight"
                        : budget.IsExhausted ? "the radio session's time budget ran out" : "no PUBACK within " + _ackTimeout.ToString() + " ms";
                    break;
                }

                bool matched;
                int released = Acknowledge(token, out matched);
                if (!matched && budget.IsExhausted)
                {
                    // A PUBACK for no batch in flight (an unknown or repeated packet id): once the budget is spent,
                    // only PUBACKs of batches in flight (at most a window of them) may keep the drain going.
                    LastError = "the radio session's time budget ran out";
                    break;
                }

                if (released > 0)
                {
                    delivered += released;
                    unsynced++;
                    if (unsynced >= _tokens.Length)
                    {
                        _log.Sync();
                        unsynced = 0;
                    }
                }
            }

            if (unsynced > 0)
            {
                _log.Sync();
            }

            Delivered += delivered;
            return delivered;
        }

        /// <summary>Publishes batches until the window is full or the log has nothing more; false when a publish failed or time ran out.</summary>
        private bool FillWindow(SessionBudget budget)
        {
            while (_inFlight < _tokens.Length)
            {
                if (budget.IsExhausted)
                {
                    LastError = "the radio session's time budget ran out";
                    return _inFlight > 0;
                }

                int read = _log.ReadFrom(_nextSequence, _readings, 0, _readAhead);
                if (read == 0)
                {
                    return true;
                }

                int count = Encode(read, _payloadLimit);
                if (count == read && read == _readAhead && _readAhead < _readings.Length)
                {
                    // Everything read fitted: read more and pack again, so batches fill their payload.
                    _readAhead = _readAhead * 2 < _readings.Length ? _readAhead * 2 : _readings.Length;
                    continue;
                }

                if (count > 0 && count + 4 < _readAhead)
                {
                    _readAhead = count + 4;
                }

                if (count == 0)
                {
                    // One reading larger than the configured payload: it goes alone, in the whole buffer.
                    count = Encode(1, _payload.Length);
                    if (count == 0)
                    {
                        throw new System.InvalidOperationException("a reading does not fit in a " + _payload.Length.ToString() + "-byte payload");
                    }
                }

                int token = _link.Publish(_topic, _payload, 0, _writer.Length, 1, false);
                if (token <= 0)
                {
                    LastError = "telemetry publish failed: " + _link.LastError;
                    return _inFlight > 0;
                }

                int slot = (_head + _inFlight) % _tokens.Length;
                _tokens[slot] = token;
                _lastSequence[slot] = _readings[count - 1].Sequence;
                _readingCount[slot] = count;
                _acknowledged[slot] = false;
                _inFlight++;
                _nextSequence = _lastSequence[slot] + 1;
                BatchesSent++;
                ReadingsSent += count;
                BytesSent += _writer.Length;
                MeasureBatch(count, _writer.Length);
            }

            return true;
        }

        private void MeasureBatch(int count, int bytes)
        {
            long fit;
            if (count >= 2)
            {
                // The pack up to its first reading, then readings of about the same size each, then the closing bracket.
                long perReading = (bytes - 1 - _firstReadingEnd) / (count - 1);
                fit = perReading <= 0 ? MaxReadingsPerBatch : 1 + ((_payloadLimit - 1 - _firstReadingEnd) / perReading);
            }
            else
            {
                // One reading, without the pack's overhead: later readings add their relative times, so this errs late
                // by a reading or two, and the next batch of several corrects it.
                long perReading = _firstReadingEnd - 1 - _encoder.HeaderBytes;
                fit = perReading <= 0 ? MaxReadingsPerBatch : (_payloadLimit - 2 - _encoder.HeaderBytes) / perReading;
            }

            // Less one for readings a little longer (values with more digits).
            fit--;
            FullBatchReadings = fit < 1 ? 1 : fit > MaxReadingsPerBatch ? MaxReadingsPerBatch : (int)fit;
        }

        /// <summary>Packs as many of the first <paramref name="available"/> readings as fit; returns how many.</summary>
        private int Encode(int available, int limit)
        {
            _writer.Reset(_payload, 0, limit);
            _encoder.Epoch = _log.Epoch;
            _encoder.Begin(_writer);
            int count = 0;
            for (int i = 0; i < available; i++)
            {
                Reading reading = _readings[i];
                _time.Resolve(reading);
                if (!_encoder.Append(_writer, reading))
                {
                    break;
                }

                count++;
                if (count == 1)
                {
                    _firstReadingEnd = _writer.Length;
                }
            }

            if (count == 0 || !_encoder.End(_writer))
            {
                return 0;
            }

            return count;
        }

        /// <summary>
        /// Marks the batch of <paramref name="token"/> acknowledged (<paramref name="matched"/> false when no batch in
        /// flight has that token) and releases the acknowledged run from the oldest; returns the readings released.
        /// </summary>
        private int Acknowledge(int token, out bool matched)
        {
            matched = false;
            for (int i = 0; i < _inFlight; i++)
            {
                int slot = (_head + i) % _tokens.Length;
                if (_tokens[slot] == token && !_acknowledged[slot])
                {
                    _acknowledged[slot] = true;
                    matched = true;
                    break;
                }
            }

            int released = 0;
            long through = -1;
            while (_inFlight > 0 && _acknowledged[_head])
            {
                through = _lastSequence[_head];
                released += _readingCount[_head];
                _head = (_head + 1) % _tokens.Length;
                _inFlight--;
            }

            if (through > 0 && through > _log.AcknowledgedThrough)
            {
                _log.Acknowledge(through);
            }

            return released;
        }
    }
}
