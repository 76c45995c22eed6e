using Firmware.Ports;

namespace Firmware.Power
{
    /// <summary>
    /// The time a radio session may keep the radio on. Every network step's timeout is clipped to what is
    /// left, so a broker that does not answer costs at most the budget, and what the session could not do
    /// waits for the next one. Allocation-free; one instance is reused every wake.
    /// </summary>
    public sealed class SessionBudget
    {
        private readonly IClock _clock;
        private long _deadline;
        private long _started;

        public SessionBudget(IClock clock)
        {
            _clock = clock;
            _deadline = long.MinValue;
        }

        /// <summary>Starts a session that may last <paramref name="budgetMilliseconds"/> from now.</summary>
        public void Start(long budgetMilliseconds)
        {
            if (budgetMilliseconds < 0)
            {
                throw new System.ArgumentOutOfRangeException("budgetMilliseconds", "the budget must not be negative");
            }

            _started = _clock.UptimeMilliseconds;
            _deadline = _started + budgetMilliseconds;
        }

        /// <summary>Milliseconds left, 0 once spent (or before <see cref="Start"/>).</summary>
        public long RemainingMilliseconds
        {
            get
            {
                if (_deadline == long.MinValue)
                {
                    return 0;
                }

                long left = _deadline - _clock.UptimeMilliseconds;
                return left > 0 ? left : 0;
            }
        }

        /// <summary>True when nothing is left: the session must end and release the radio.</summary>
        public bool IsExhausted
        {
            get { return RemainingMilliseconds == 0; }
        }

        /// <summary>Milliseconds since <see cref="Start"/>.</summary>
        public long ElapsedMilliseconds
        {
            get { return _deadline == long.MinValue ? 0 : _clock.UptimeMilliseconds - _started; }
        }

        /// <summary>The timeout to give a step: its own timeout, or what is left of the session if that is less (0 when spent).</summary>
        public int Clip(int stepTimeoutMilliseconds)
        {
            long left = RemainingMilliseconds;
            return stepTimeoutMilliseconds < left ? stepTimeoutMilliseconds : (int)left;
        }
    }
}
