using System.Collections;

namespace Firmware.Ota
{
    /// <summary>
    /// The updater's events waiting for the events topic, oldest first. At most <see cref="OtaSettings.MaxQueuedEvents"/>
    /// wait: a new one beyond that drops the oldest, and the drop is counted.
    /// </summary>
    public sealed class OtaEventQueue
    {
        private readonly ArrayList _events = new ArrayList();
        private readonly OtaSettings _settings;

        public OtaEventQueue(OtaSettings settings)
        {
            _settings = settings;
        }

        public int Count
        {
            get { return _events.Count; }
        }

        /// <summary>Events dropped because more than <see cref="OtaSettings.MaxQueuedEvents"/> waited.</summary>
        public int Dropped { get; private set; }

        /// <summary>Event <paramref name="index"/> (0 is the oldest).</summary>
        public OtaEvent Get(int index)
        {
            return (OtaEvent)_events[index];
        }

        public void Add(OtaEvent e)
        {
            if (_events.Count >= _settings.MaxQueuedEvents)
            {
                _events.RemoveAt(0);
                Dropped++;
            }

            _events.Add(e);
        }

        /// <summary>Removes and returns the oldest event.</summary>
        public OtaEvent RemoveOldest()
        {
            OtaEvent e = (OtaEvent)_events[0];
            _events.RemoveAt(0);
            return e;
        }

        /// <summary>True when an event reporting boot control's outcome <paramref name="outcomeId"/> waits.</summary>
        public bool HoldsOutcome(long outcomeId)
        {
            for (int i = 0; i < _events.Count; i++)
            {
                if (Get(i).OutcomeId == outcomeId)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>True when an event reporting the updater's refusal <paramref name="refusalId"/> waits.</summary>
        public bool HoldsRefusal(long refusalId)
        {
            for (int i = 0; i < _events.Count; i++)
            {
                if (Get(i).RefusalId == refusalId)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
