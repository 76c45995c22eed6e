using Firmware.Power;
using Firmware.Text;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Power
{
    [TestClass]
    public class EnergyLedgerTests
    {
        /// <summary>A linear regulator without ground current: battery current equals load current, so sums are easy to check.</summary>
        private static BoardProfile Plain()
        {
            BoardProfile p = BoardProfile.Esp32WroomLiIon();
            p.QuiescentInputNanoamps = 0;
            return p;
        }

        [TestMethod]
        public void EachPhaseAccumulatesDurationTimesItsCurrent()
        {
            EnergyLedger ledger = new EnergyLedger(Plain());

            ledger.Add(PowerPhase.WifiConnect, 2000);
            ledger.Add(PowerPhase.DeepSleep, 3600000);

            // 2 s at 120 mA = 240 mA·s = 66.67 µAh; 1 h at 10 µA = 10 µAh.
            Assert.AreEqual(2000000L, ledger.Microseconds(PowerPhase.WifiConnect));
            Assert.AreEqual(240000000000L, ledger.ChargeNanoampMilliseconds(PowerPhase.WifiConnect));
            Assert.AreEqual(66666L, ledger.ChargeNanoampHours(PowerPhase.WifiConnect));
            Assert.AreEqual(10000L, ledger.ChargeNanoampHours(PowerPhase.DeepSleep));
            Assert.AreEqual(76L, ledger.TotalMicroampHours);
            Assert.AreEqual(3602000000L, ledger.TotalMicroseconds);
        }

        [TestMethod]
        public void FlashPageProgramsAreAccountedInMicroseconds()
        {
            EnergyLedger ledger = new EnergyLedger(Plain());

            ledger.AddMicroseconds(PowerPhase.FlashProgram, 700);

            // 0.7 ms at 60 mA = 42 mA·ms = 42,000,000 nA·ms.
            Assert.AreEqual(42000000L, ledger.ChargeNanoampMilliseconds(PowerPhase.FlashProgram));
            Assert.AreEqual(700L, ledger.Microseconds(PowerPhase.FlashProgram));
        }

        [TestMethod]
        public void ManySmallStepsAddUpToOneLargeOne()
        {
            EnergyLedger small = new EnergyLedger(BoardProfile.Esp32WroomTwoAa());
            EnergyLedger large = new EnergyLedger(BoardProfile.Esp32WroomTwoAa());

            for (int i = 0; i < 1000; i++)
            {
                small.Add(PowerPhase.DeepSleep, 300000);
                small.AddMicroseconds(PowerPhase.FlashProgram, 333);
            }

            large.Add(PowerPhase.DeepSleep, 300000000);
            large.Add(PowerPhase.FlashProgram, 333);

            // Whole milliseconds are exact; a sub-millisecond remainder loses less than 1 nA·ms per step.
            Assert.AreEqual(large.ChargeNanoampMilliseconds(PowerPhase.DeepSleep), small.ChargeNanoampMilliseconds(PowerPhase.DeepSleep));
            long lost = large.ChargeNanoampMilliseconds(PowerPhase.FlashProgram) - small.ChargeNanoampMilliseconds(PowerPhase.FlashProgram);
            Assert.IsTrue(lost >= 0 && lost < 1000, "lost " + lost.ToString() + " nA·ms");
            Assert.AreEqual(large.Microseconds(PowerPhase.FlashProgram), small.Microseconds(PowerPhase.FlashProgram));
        }

        [TestMethod]
        public void MarkingPhaseChangesAccountsTheTimeBetweenThem()
        {
            EnergyLedger ledger = new EnergyLedger(Plain());

            ledger.Begin(PowerPhase.CpuActive, 100);
            ledger.Begin(PowerPhase.SensorMeasure, 150);
            Assert.AreEqual(PowerPhase.SensorMeasure, ledger.OpenPhase);
            ledger.End(170);
            ledger.End(500);

            Assert.AreEqual(50000L, ledger.Microseconds(PowerPhase.CpuActive));
            Assert.AreEqual(20000L, ledger.Microseconds(PowerPhase.SensorMeasure));
            Assert.AreEqual(-1, ledger.OpenPhase);
        }

        [TestMethod]
        public void AWakeAddsTheBoardsBootTime()
        {
            EnergyLedger ledger = new EnergyLedger(Plain());

            ledger.AddWake();
            ledger.AddWake();
            ledger.CountRadioSession();
            ledger.CountReadings(2);

            Assert.AreEqual(2L, ledger.Wakes);
            Assert.AreEqual(1L, ledger.RadioSessions);
            Assert.AreEqual(3000000L, ledger.Microseconds(PowerPhase.Boot));

            // Two boots of 1.5 s at 50 mA = 150 mA·s = 41.67 µAh, over two readings.
            Assert.AreEqual(20833L, ledger.NanoampHoursPerReading);
        }

        [TestMethod]
        public void TheCountersRoundTripThroughTheirBytes()
        {
            EnergyLedger ledger = new EnergyLedger(BoardProfile.Esp32WroomTwoAa());
            ledger.AddWake();
            ledger.Add(PowerPhase.DeepSleep, 299000);
            ledger.Add(PowerPhase.WifiConnect, 2345);
            ledger.AddMicroseconds(PowerPhase.FlashProgram, 700);
            ledger.CountRadioSession();
            ledger.CountReadings(12);
            byte[] buffer = new byte[EnergyLedger.MaxEncodedLength + 3];

            int length = ledger.Encode(buffer, 3);

            EnergyLedger restored = new EnergyLedger(BoardProfile.Esp32WroomTwoAa());
            Assert.IsTrue(restored.Decode(buffer, 3, length), restored.Error);
            for (int phase = 0; phase < PowerPhase.Count; phase++)
            {
                Assert.AreEqual(ledger.Microseconds(phase), restored.Microseconds(phase));
                Assert.AreEqual(ledger.ChargeNanoampMilliseconds(phase), restored.ChargeNanoampMilliseconds(phase));
            }

            Assert.AreEqual(1L, restored.Wakes);
            Assert.AreEqual(1L, restored.RadioSessions);
            Assert.AreEqual(12L, restored.Readings);
            Assert.IsTrue(length < 60, "compact: " + length.ToString() + " bytes");
        }

        [TestMethod]
        public void ARecordOfTheFormatBeforeTheLoadPhaseIsStillRead()
        {
            // Format 1: version, 9 phases of (µs, nA·ms), wakes, sessions, readings; what a firmware before OTA stored.
            byte[] buffer = new byte[64];
            int at = OldRecord(buffer, 1, 9, 3);
            EnergyLedger ledger = new EnergyLedger(BoardProfile.Esp32WroomTwoAa());
            ledger.Add(PowerPhase.BundleLoad, 5);

            Assert.IsTrue(ledger.Decode(buffer, 0, at), ledger.Error);

            Assert.AreEqual(9000L, ledger.Microseconds(PowerPhase.RadioReceive));
            Assert.AreEqual(0L, ledger.Microseconds(PowerPhase.BundleLoad), "the new phase starts at zero");
            Assert.AreEqual(3L, ledger.Wakes);
            byte[] again = new byte[EnergyLedger.MaxEncodedLength];
            Assert.IsTrue(ledger.Encode(again, 0) > 0);
            Assert.AreEqual((int)EnergyLedger.FormatVersion, (int)again[0], "written back in the current format");
            Assert.AreEqual(PowerPhase.Count, (int)again[1]);
        }

        [TestMethod]
        public void ARecordOfTheFormatBeforeTheHeaterPhaseIsStillRead()
        {
            // Format 2: version, 10 phases (up to the bundle load), wakes, sessions, readings.
            byte[] buffer = new byte[64];
            int at = OldRecord(buffer, 2, 10, 4);
            EnergyLedger ledger = new EnergyLedger(BoardProfile.Esp32WroomTwoAa());
            ledger.Add(PowerPhase.GasHeater, 5);

            Assert.IsTrue(ledger.Decode(buffer, 0, at), ledger.Error);

            Assert.AreEqual(10000L, ledger.Microseconds(PowerPhase.BundleLoad));
            Assert.AreEqual(0L, ledger.Microseconds(PowerPhase.GasHeater), "the new phase starts at zero");
            Assert.AreEqual(4L, ledger.Wakes);
            Assert.AreEqual("heater", PowerPhase.Name(PowerPhase.GasHeater));
        }

        [TestMethod]
        public void TheGasHeaterIsChargedAtItsOwnCurrent()
        {
            BoardProfile profile = BoardProfile.Esp32WroomLiIon();
            EnergyLedger ledger = new EnergyLedger(profile);

            ledger.Add(PowerPhase.GasHeater, 50);

            // 50 ms at 52 mA (the CPU waiting at 40 mA and the heater's 12 mA) and the LDO's 2 µA.
            Assert.AreEqual(52000, profile.GasHeaterMicroamps);
            Assert.AreEqual(50L * 52002000, ledger.ChargeNanoampMilliseconds(PowerPhase.GasHeater));
        }

        [TestMethod]
        public void MalformedBytesAreRejectedAndChangeNothing()
        {
            EnergyLedger source = new EnergyLedger(BoardProfile.Esp32WroomTwoAa());
            source.AddWake();
            source.Add(PowerPhase.RadioReceive, 777);
            byte[] buffer = new byte[EnergyLedger.MaxEncodedLength + 1];
            int length = source.Encode(buffer, 0);

            EnergyLedger target = new EnergyLedger(BoardProfile.Esp32WroomTwoAa());
            target.CountReadings(5);
            for (int cut = 0; cut < length; cut++)
            {
                Assert.IsFalse(target.Decode(buffer, 0, cut), "accepted " + cut.ToString() + " of " + length.ToString() + " bytes");
                Assert.IsNotNull(target.Error);
            }

            Assert.IsFalse(target.Decode(buffer, 0, length + 1));
            Assert.IsTrue(Ordinal.IndexOf(target.Error, "trailing") >= 0, target.Error);

            buffer[0] = 9;
            Assert.IsFalse(target.Decode(buffer, 0, length));
            Assert.IsTrue(Ordinal.IndexOf(target.Error, "version 9") >= 0, target.Error);

            buffer[0] = EnergyLedger.FormatVersion;
            buffer[1] = 4;
            Assert.IsFalse(target.Decode(buffer, 0, length));
            Assert.IsTrue(Ordinal.IndexOf(target.Error, "4 phases") >= 0, target.Error);

            Assert.AreEqual(5L, target.Readings);
            Assert.AreEqual(0L, target.Wakes);
            Assert.AreEqual(0L, target.TotalChargeNanoampMilliseconds);
        }

        [TestMethod]
        public void ResetForgetsEverything()
        {
            EnergyLedger ledger = new EnergyLedger(Plain());
            ledger.AddWake();
            ledger.CountReadings(1);
            ledger.Begin(PowerPhase.CpuActive, 0);

            ledger.Reset();

            Assert.AreEqual(0L, ledger.TotalChargeNanoampMilliseconds);
            Assert.AreEqual(0L, ledger.Wakes);
            Assert.AreEqual(0L, ledger.Readings);
            Assert.AreEqual(-1, ledger.OpenPhase);
        }

        [TestMethod]
        public void CallerBugsThrow()
        {
            EnergyLedger ledger = new EnergyLedger(Plain());
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => ledger.Add(PowerPhase.Count, 1));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => ledger.Add(PowerPhase.CpuActive, -1));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => ledger.AddMicroseconds(PowerPhase.CpuActive, EnergyLedger.MaxSpanMicroseconds + 1));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => ledger.Encode(new byte[10], 0));

            BoardProfile bad = Plain();
            bad.EfficiencyPermille = 0;
            Assert.ThrowsException(typeof(System.ArgumentException), () => new EnergyLedger(bad));
        }
    
        [TestMethod]
        public void TenYearsOfAMainsDeviceAwakeAt40MilliampsNeitherOverflowsNorLosesItsAverage()
        {
            // A mains thermostat never resets its ledger; at 40 mA, 10 years is about 3,500 Ah, past what nA·ms
            // in a long holds (about 2,560 Ah).
            EnergyLedger ledger = new EnergyLedger(Plain());
            long span = EnergyLedger.MaxSpanMicroseconds / 1000;
            byte[] buffer = new byte[EnergyLedger.MaxEncodedLength];
            for (int i = 0; i < 122; i++)
            {
                ledger.Add(PowerPhase.CpuActive, span);
                ledger.Add(PowerPhase.RadioReceive, 60000);
                Assert.IsTrue(ledger.TotalChargeNanoampMilliseconds > 0, "total went negative at span " + i.ToString());
                Assert.IsTrue(ledger.ChargeNanoampMilliseconds(PowerPhase.CpuActive) > 0, "phase went negative at span " + i.ToString());
                ledger.Encode(buffer, 0);
            }

            // The average current stays the phase's 40 mA (within rounding), whatever was done to make room.
            long averageNanoamps = ledger.ChargeNanoampMilliseconds(PowerPhase.CpuActive) / (ledger.Microseconds(PowerPhase.CpuActive) / 1000);
            Assert.AreEqual(40000000L, averageNanoamps);
            Assert.IsTrue(ledger.TotalMicroampHours > 0);
        }

        [TestMethod]
        public void AProfileDrawingMoreThanTheLedgerCanAccountIsRefused()
        {
            // 2 A on the rail from 0.5 V through a 0.1 % efficient boost: valid parts, an impossible battery current.
            BoardProfile p = BoardProfile.Esp32WroomTwoAa();
            p.TransmitMicroamps = 2000000;
            p.BatteryMillivolts = 500;
            p.EfficiencyPermille = 1;
            string error = p.Validate();
            Assert.IsNotNull(error);
            Assert.IsTrue(Ordinal.IndexOf(error, "battery current") >= 0, error);
            Assert.ThrowsException(typeof(System.ArgumentException), () => new EnergyLedger(p));
        }

        /// <summary>A record of an earlier format: phase n took (n + 1) ms at 7 (n + 1) nA·ms; then the wakes, 2 sessions and 1 reading.</summary>
        private static int OldRecord(byte[] buffer, byte version, int phases, int wakes)
        {
            int at = 0;
            buffer[at++] = version;
            buffer[at++] = (byte)phases;
            for (int phase = 0; phase < phases; phase++)
            {
                CompactInteger.Write(buffer, ref at, (phase + 1) * 1000);
                CompactInteger.Write(buffer, ref at, (phase + 1) * 7);
            }

            CompactInteger.Write(buffer, ref at, wakes);
            CompactInteger.Write(buffer, ref at, 2);
            CompactInteger.Write(buffer, ref at, 1);
            return at;
        }
    }
}
