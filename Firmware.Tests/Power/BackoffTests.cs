using Firmware.Ports;
using Firmware.Power;
using Firmware.Tests.Fakes;
using Firmware.Text;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Power
{
    [TestClass]
    public class BackoffTests
    {
        [TestMethod]
        public void TheBoundDoublesFromTheBaseUpToTheCap()
        {
            Backoff backoff = new Backoff(1000, 60000);

            Assert.AreEqual(1000L, backoff.UpperBoundMilliseconds(0));
            Assert.AreEqual(2000L, backoff.UpperBoundMilliseconds(1));
            Assert.AreEqual(32000L, backoff.UpperBoundMilliseconds(5));
            Assert.AreEqual(60000L, backoff.UpperBoundMilliseconds(6));
            Assert.AreEqual(60000L, backoff.UpperBoundMilliseconds(1000000));
        }

        [TestMethod]
        public void EachDelayIsDrawnFromZeroToItsBoundInclusive()
        {
            Backoff backoff = new Backoff(1000, 60000);
            FakeRandom random = new FakeRandom(1);
            random.Extreme = 1;

            Assert.AreEqual(1000L, backoff.Failed(random));
            Assert.AreEqual(1001, random.LastMaxExclusive);
            Assert.AreEqual(2000L, backoff.Failed(random));
            Assert.AreEqual(4000L, backoff.Failed(random));
            Assert.AreEqual(3, backoff.Failures);

            random.Extreme = -1;
            Assert.AreEqual(0L, backoff.Failed(random));
            Assert.AreEqual(8001, random.LastMaxExclusive);
        }

        [TestMethod]
        public void PseudoRandomDelaysStayWithinTheirBounds()
        {
            Backoff backoff = new Backoff(500, 20000);
            FakeRandom random = new FakeRandom(42);
            for (int n = 0; n < 40; n++)
            {
                long bound = backoff.UpperBoundMilliseconds(backoff.Failures);
                long delay = backoff.Failed(random);
                Assert.IsTrue(delay >= 0 && delay <= bound, "attempt " + n.ToString() + ": " + delay.ToString() + " outside [0, " + bound.ToString() + "]");
            }
        }

        [TestMethod]
        public void ASuccessStartsOverFromTheBase()
        {
            Backoff backoff = new Backoff(1000, 60000);
            FakeRandom random = new FakeRandom(1);
            random.Extreme = 1;
            backoff.Failed(random);
            backoff.Failed(random);

            backoff.Succeeded();

            Assert.AreEqual(0, backoff.Failures);
            Assert.AreEqual(1000L, backoff.Failed(random));
        }

        [TestMethod]
        public void TheFailureCountSurvivesADeepSleep()
        {
            Backoff before = new Backoff(1000, 3600000);
            FakeRandom random = new FakeRandom(7);
            for (int i = 0; i < 5; i++)
            {
                before.Failed(random);
            }

            byte[] state = new byte[Backoff.MaxEncodedLength];
            int length = before.Encode(state, 0);

            // Deep sleep: RAM is gone; the next boot builds a new object from the stored bytes.
            Backoff after = new Backoff(1000, 3600000);
            Assert.IsTrue(after.Decode(state, 0, length), after.Error);
            Assert.AreEqual(5, after.Failures);
            random.Extreme = 1;
            Assert.AreEqual(32000L, after.Failed(random));
        }

        [TestMethod]
        public void AMalformedRecordIsRejectedAndKeepsTheCount()
        {
            Backoff backoff = new Backoff(1000, 60000);
            FakeRandom random = new FakeRandom(1);
            backoff.Failed(random);

            Assert.IsFalse(backoff.Decode(new byte[] { 1 }, 0, 1));
            Assert.IsTrue(Ordinal.IndexOf(backoff.Error, "too short") >= 0, backoff.Error);
            Assert.IsFalse(backoff.Decode(new byte[] { 2, 3 }, 0, 2));
            Assert.IsTrue(Ordinal.IndexOf(backoff.Error, "version 2") >= 0, backoff.Error);
            Assert.IsFalse(backoff.Decode(new byte[] { 1, 3, 0 }, 0, 3));
            Assert.IsFalse(backoff.Decode(new byte[] { 1, 0x80 }, 0, 2));
            Assert.AreEqual(1, backoff.Failures);
        }

        [TestMethod]
        public void BadSettingsAreACallerBug()
        {
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => new Backoff(0, 10));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => new Backoff(10, 5));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => new Backoff(10, Backoff.MaxCapMilliseconds + 1));
        }

        [TestMethod]
        public void WithTheBrokerDownEachWakeTriesOnceWithinItsBudgetAndSleepsThroughTheDelay()
        {
            FakeClock clock = new FakeClock();
            SilentMqttLink broker = new SilentMqttLink(clock);
            FakeRandom random = new FakeRandom(3);
            byte[] stored = new byte[Backoff.MaxEncodedLength];
            int storedLength = new Backoff(60000, 3600000).Encode(stored, 0);
            MqttConnectOptions options = new MqttConnectOptions();
            long sampleInterval = 300000;
            long radioOn = 0;

            for (int wake = 0; wake < 8; wake++)
            {
                // A fresh boot: state comes only from the stored bytes.
                clock.UptimeMilliseconds = 0;
                Backoff backoff = new Backoff(60000, 3600000);
                Assert.IsTrue(backoff.Decode(stored, 0, storedLength), backoff.Error);
                Assert.AreEqual(wake, backoff.Failures);
                SessionBudget session = new SessionBudget(clock);
                session.Start(20000);

                MqttConnectResult result = broker.Connect(options, session.Clip(30000));

                Assert.AreEqual(MqttConnectResult.Timeout, result);
                Assert.IsTrue(session.IsExhausted);
                radioOn += session.ElapsedMilliseconds;
                long bound = backoff.UpperBoundMilliseconds(backoff.Failures);
                long delay = backoff.Failed(random);
                Assert.IsTrue(delay >= 0 && delay <= bound);
                Assert.IsTrue(RadioPlanner.SampleWakesFor(delay, sampleInterval) >= 1);
                storedLength = backoff.Encode(stored, 0);
            }

            Assert.AreEqual(8, broker.Attempts);
            Assert.AreEqual(20000, broker.LastTimeout);
            Assert.AreEqual(8L * 20000, radioOn);
        }
    }
}
