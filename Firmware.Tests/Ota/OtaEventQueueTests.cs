using Firmware.Ota;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Ota
{
    /// <summary>The events waiting for the events topic (<see cref="OtaEventQueue"/>).</summary>
    [TestClass]
    public class OtaEventQueueTests
    {
        [TestMethod]
        public void BeyondItsLimitTheOldestEventIsDroppedAndCounted()
        {
            OtaSettings settings = new OtaSettings();
            settings.MaxQueuedEvents = 2;
            OtaEventQueue events = new OtaEventQueue(settings);
            events.Add(Event(1));
            events.Add(Event(2));
            Assert.AreEqual(0, events.Dropped);

            events.Add(Event(3));

            Assert.AreEqual(2, events.Count);
            Assert.AreEqual(1, events.Dropped);
            Assert.AreEqual(2L, events.Get(0).OutcomeId);
            Assert.AreEqual(2L, events.RemoveOldest().OutcomeId);
            Assert.AreEqual(3L, events.RemoveOldest().OutcomeId);
            Assert.AreEqual(0, events.Count);
        }

        [TestMethod]
        public void ItTellsWhetherAnOutcomeOrTheStoredRefusalIsWaiting()
        {
            OtaEventQueue events = new OtaEventQueue(new OtaSettings());
            Assert.IsFalse(events.HoldsOutcome(4));
            Assert.IsFalse(events.HoldsStoredRejection());

            events.Add(Event(4));
            OtaEvent refusal = new OtaEvent(OtaOutcome.Rejected);
            refusal.ReportsStoredRejection = true;
            events.Add(refusal);

            Assert.IsTrue(events.HoldsOutcome(4));
            Assert.IsFalse(events.HoldsOutcome(5));
            Assert.IsTrue(events.HoldsStoredRejection());
            events.RemoveOldest();
            Assert.IsFalse(events.HoldsOutcome(4));
        }

        private static OtaEvent Event(long outcomeId)
        {
            OtaEvent e = new OtaEvent(OtaOutcome.Updated);
            e.OutcomeId = outcomeId;
            return e;
        }
    }
}
