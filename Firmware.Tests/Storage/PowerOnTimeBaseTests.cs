using Firmware.Device;
using Firmware.Ports;
using Firmware.Readings;
using Firmware.Storage;
using Firmware.Tests.Fakes;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Storage
{
    [TestClass]
    public class PowerOnTimeBaseTests
    {
        [TestMethod]
        public void ReadingsTakenBeforeTheClockIsSetGetTheirWallTimeOnceItIs()
        {
            RamFlash flash = new RamFlash(1024, 16);
            FakeClock clock = new FakeClock();
            DeviceStorage storage = Open(flash, WakeCause.PowerOn, clock);
            clock.UptimeMilliseconds = 10000;
            storage.Log.Append(Sample(clock));
            storage.Log.Sync();

            // A deep sleep: a new boot, same power-on; the clock is set in this wake.
            clock.DeepSleep(300000);
            storage = Open(flash, WakeCause.Timer, clock);
            clock.UptimeMilliseconds = 1000;
            storage.Log.Append(Sample(clock));
            clock.UptimeMilliseconds = 2000;
            clock.SetUnixTimeMilliseconds(StorageTestData.Noon);
            storage.ObserveClock(clock);

            Reading[] batch = StorageTestData.Batch(2, 3);
            Assert.AreEqual(2, Open(flash, WakeCause.Timer, clock).Log.ReadOldest(batch, 0, 2));
            Assert.IsFalse(batch[0].TimeKnown);
            Assert.IsTrue(storage.Time.Resolve(batch[0]));
            Assert.IsTrue(storage.Time.Resolve(batch[1]));

            // Set at 312 s after power-on: the first reading was taken 302 s before, the second 1 s before.
            Assert.IsTrue(batch[0].TimeKnown);
            Assert.AreEqual(StorageTestData.Noon - 302000, batch[0].UnixTimeMilliseconds);
            Assert.AreEqual(StorageTestData.Noon - 1000, batch[1].UnixTimeMilliseconds);
        }

        [TestMethod]
        public void AReadingWhosePowerOnNeverLearntTheTimeStaysTimeUnknown()
        {
            RamFlash flash = new RamFlash(1024, 16);
            DeviceStorage storage = LoseTheRtcThenLearnTheTime(flash, WakeCause.PowerOn, 5000, 7000);
            Assert.AreEqual(2, storage.Time.Count);
        }

        [TestMethod]
        public void APowerOnAfterTheClockWasKnownOpensANewEpochEvenWithoutThePowerOnCause()
        {
            RamFlash flash = new RamFlash(1024, 16);
            FakeClock clock = new FakeClock();
            DeviceStorage storage = Open(flash, WakeCause.PowerOn, clock);
            clock.SetUnixTimeMilliseconds(StorageTestData.Noon);
            storage.ObserveClock(clock);

            clock.PowerOn();
            storage = Open(flash, WakeCause.Fault, clock);

            Assert.AreEqual(2, storage.Time.Count);
            Assert.AreEqual(-1L, storage.Time.CurrentWallAtPowerOn);
            Assert.AreEqual(2L, storage.Boot.Boots);
        }

        [TestMethod]
        public void AFaultResetThatLostTheRtcNeverLendsItsWallTimeToTheReadingsBeforeIt()
        {
            // A brown-out: the port reports a fault, and the RTC starts again from zero.
            LoseTheRtcThenLearnTheTime(new RamFlash(1024, 16), WakeCause.Fault, 600000, 2000);
        }

        /// <summary>
        /// A reading at <paramref name="before"/> ms after a power-on, the RTC lost, a boot with <paramref name="cause"/>,
        /// a reading at <paramref name="after"/> ms, the clock set at <see cref="StorageTestData.Noon"/>: the first
        /// reading must stay time-unknown (it cannot be known), the second be stamped.
        /// </summary>
        private static DeviceStorage LoseTheRtcThenLearnTheTime(RamFlash flash, WakeCause cause, long before, long after)
        {
            FakeClock clock = new FakeClock();
            DeviceStorage storage = Open(flash, WakeCause.PowerOn, clock);
            clock.UptimeMilliseconds = before;
            storage.Log.Append(Sample(clock));
            storage.Log.Sync();

            clock.PowerOn();
            storage = Open(flash, cause, clock);
            clock.UptimeMilliseconds = after;
            storage.Log.Append(Sample(clock));
            clock.SetUnixTimeMilliseconds(StorageTestData.Noon);
            storage.ObserveClock(clock);

            Reading[] batch = StorageTestData.Batch(2, 3);
            Assert.AreEqual(2, storage.Log.ReadOldest(batch, 0, 2));
            Assert.IsFalse(storage.Time.Resolve(batch[0]));
            Assert.IsFalse(batch[0].TimeKnown);
            Assert.IsTrue(storage.Time.Resolve(batch[1]));
            Assert.AreEqual(StorageTestData.Noon, batch[1].UnixTimeMilliseconds);
            return storage;
        }

        [TestMethod]
        public void AReadingWithWallTimeIsLeftAlone()
        {
            RamFlash flash = new RamFlash(1024, 16);
            FakeClock clock = new FakeClock();
            clock.SetUnixTimeMilliseconds(StorageTestData.Noon);
            DeviceStorage storage = Open(flash, WakeCause.PowerOn, clock);
            Reading reading = Sample(clock);

            Assert.IsFalse(storage.Time.Resolve(reading));
            Assert.AreEqual(0, storage.Time.Count);
            Assert.AreEqual(1L, storage.Boot.PowerOns);
        }

        private static DeviceStorage Open(RamFlash flash, WakeCause cause, FakeClock clock)
        {
            DeviceStorage storage = new DeviceStorage(flash);
            storage.Open(cause, clock);
            return storage;
        }

        private static Reading Sample(FakeClock clock)
        {
            Reading reading = StorageTestData.Climate(0, 2100);
            reading.TimeKnown = clock.IsWallTimeKnown;
            reading.UnixTimeMilliseconds = clock.UnixTimeMilliseconds;
            reading.SincePowerOnMilliseconds = clock.IsWallTimeKnown ? -1 : clock.SincePowerOnMilliseconds;
            return reading;
        }
    }
}
