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
        public void ItTellsWhetherAnOutcomeOrARefusalIsWaiting()
        {
            OtaEventQueue events = new OtaEventQueue(new OtaSettings());
            Assert.IsFalse(events.HoldsOutcome(4));
            Assert.IsFalse(events.HoldsRefusal(4));

            events.Add(Event(4));
            OtaEvent refusal = new OtaEvent(OtaOutcome.Rejected);
            refusal.RefusalId = 2;
            events.Add(refusal);

            Assert.IsTrue(events.HoldsOutcome(4));
            Assert.IsFalse(events.HoldsOutcome(5));
            Assert.IsFalse(events.HoldsOutcome(2), "a refusal id is no outcome id");
            Assert.IsTrue(events.HoldsRefusal(2));
            Assert.IsFalse(events.HoldsRefusal(4), "an outcome id is no refusal id");
            events.RemoveOldest();
            Assert.IsFalse(events.HoldsOutcome(4));
            events.RemoveOldest();
            Assert.IsFalse(events.HoldsRefusal(2));
        }

        private static OtaEvent Event(long outcomeId)
        {
            OtaEvent e = new OtaEvent(OtaOutcome.Updated);
            e.OutcomeId = outcomeId;
            return e;
        }
    }
}
