using Firmware.Power;
using Firmware.Tests.Fakes;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Power
{
    [TestClass]
    public class SessionBudgetTests
    {
        [TestMethod]
        public void StepTimeoutsAreClippedToWhatIsLeft()
        {
            FakeClock clock = new FakeClock();
            clock.UptimeMilliseconds = 1000;
            SessionBudget budget = new SessionBudget(clock);

            budget.Start(10000);
            Assert.AreEqual(5000, budget.Clip(5000));
            clock.Sleep(7000);
            Assert.AreEqual(3000L, budget.RemainingMilliseconds);
            Assert.AreEqual(3000, budget.Clip(5000));
            Assert.AreEqual(7000L, budget.ElapsedMilliseconds);
            Assert.IsFalse(budget.IsExhausted);

            clock.Sleep(4000);
            Assert.IsTrue(budget.IsExhausted);
            Assert.AreEqual(0, budget.Clip(5000));
            Assert.AreEqual(0L, budget.RemainingMilliseconds);
        }

        [TestMethod]
        public void ABudgetNotStartedHasNothingLeft()
        {
            SessionBudget budget = new SessionBudget(new FakeClock());
            Assert.IsTrue(budget.IsExhausted);
            Assert.AreEqual(0, budget.Clip(100));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => budget.Start(-1));
        }
    }
}
