using Firmware.Ports;

namespace Firmware.Power
{
    /// <summary>
    /// Exponential backoff with full jitter for connection attempts: after the (n+1)-th consecutive failure
    /// the next attempt waits a random delay in [0, min(cap, base·2^n)] (n = failures before this one), so a
    /// fleet that lost its broker together does not come back together. The failure count is the only state;
    /// it survives deep sleep through <see cref="Encode"/> and <see cref="Decode"/>, and a success resets it.
    ///
    /// The delay says when to try again, not how long to keep the radio on: a battery device sleeps through
    /// it (aligned to sample wakes with <see cref="RadioPlanner.SampleWakesFor"/>) and each session's own
    /// time is bounded by a <see cref="SessionBudget"/>.
    /// </summary>
    public sealed class Backoff
    {
        /// <summary>Format version written by <see cref="Encode"/>.</summary>
        public const byte FormatVersion = 1;

        /// <summary>Bytes <see cref="Encode"/> needs at most.</summary>
        public const int MaxEncodedLength = 1 + CompactInteger.MaxLength;

        /// <summary>The count stops growing here; the bound has long reached the cap by then.</summary>
        public const int MaxFailures = 1000000;

        /// <summary>The largest cap: delays are drawn with <see cref="IRandom.Next"/>, an int.</summary>
        public const long MaxCapMilliseconds = int.MaxValue - 1;

        private readonly long _base;
        private readonly long _cap;

        /// <param name="baseMilliseconds">Bound of the first retry's delay (at least 1).</param>
        /// <param name="capMilliseconds">Largest bound; at least the base, at most <see cref="MaxCapMilliseconds"/> (24.8 days).</param>
        public Backoff(long baseMilliseconds, long capMilliseconds)
        {
            if (baseMilliseconds < 1 || capMilliseconds < baseMilliseconds || capMilliseconds > MaxCapMilliseconds)
            {
                throw new System.ArgumentOutOfRangeException("capMilliseconds", "need 1 <= base <= cap <= " + MaxCapMilliseconds.ToString() + " ms");
            }

            _base = baseMilliseconds;
            _cap = capMilliseconds;
        }

        public long BaseMilliseconds
        {
            get { return _base; }
        }

        public long CapMilliseconds
        {
            get { return _cap; }
        }

        /// <summary>Consecutive failures since the last success.</summary>
        public int Failures { get; private set; }

        /// <summary>The delay the last <see cref="Failed"/> returned, or -1 (not persisted).</summary>
        public long LastDelayMilliseconds { get; private set; } = -1;

        /// <summary>Why the last <see cref="Decode"/> failed, or null.</summary>
        public string Error { get; private set; }

        /// <summary>min(cap, base·2^n): the bound of the delay after a failure with <paramref name="n"/> failures before it.</summary>
        public long UpperBoundMilliseconds(int n)
        {
            if (n < 0)
            {
                throw new System.ArgumentOutOfRangeException("n", "n must not be negative");
            }

            long bound = _base;
            for (int i = 0; i < n && bound < _cap; i++)
            {
                bound <<= 1;
            }

            return bound < _cap ? bound : _cap;
        }

        /// <summary>
        /// Records a failed attempt and returns how long to wait before the next one: uniform in
        /// [0, <see cref="UpperBoundMilliseconds"/>(failures before this one)], both ends included.
        /// </summary>
        public long Failed(IRandom random)
        {
            long bound = UpperBoundMilliseconds(Failures);
            long delay = random.Next((int)(bound + 1));
            if (Failures < MaxFailures)
            {
                Failures++;
            }

            LastDelayMilliseconds = delay;
            return delay;
        }

        /// <summary>Records a successful attempt: the next failure starts from the base again.</summary>
        public void Succeeded()
        {
            Failures = 0;
            LastDelayMilliseconds = -1;
        }

        /// <summary>Writes the version and the failure count at <paramref name="offset"/>; returns the bytes written.</summary>
        public int Encode(byte[] buffer, int offset)
        {
            if (buffer == null || offset < 0 || offset > buffer.Length - MaxEncodedLength)
            {
                throw new System.ArgumentOutOfRangeException("offset", "needs " + MaxEncodedLength.ToString() + " bytes");
            }

            int at = offset;
            buffer[at++] = FormatVersion;
            CompactInteger.Write(buffer, ref at, Failures);
            return at - offset;
        }

        /// <summary>
        /// Restores the failure count from <paramref name="count"/> bytes at <paramref name="offset"/>; on
        /// malformed input returns false with <see cref="Error"/> set and keeps the count it had.
        /// </summary>
        public bool Decode(byte[] buffer, int offset, int count)
        {
            if (buffer == null || offset < 0 || count < 0 || offset > buffer.Length - count)
            {
                throw new System.ArgumentOutOfRangeException("count", "offset and count must lie within the buffer");
            }

            if (count < 2)
            {
                Error = "backoff record is too short";
                return false;
            }

            if (buffer[offset] != FormatVersion)
            {
                Error = "backoff record has version " + buffer[offset].ToString() + ", expected " + FormatVersion.ToString();
                return false;
            }

            int at = offset + 1;
            long failures = CompactInteger.Read(buffer, ref at, offset + count);
            if (failures < 0 || failures > MaxFailures || at != offset + count)
            {
                Error = "backoff record is malformed";
                return false;
            }

            Failures = (int)failures;
            LastDelayMilliseconds = -1;
            Error = null;
            return true;
        }
    }
}
