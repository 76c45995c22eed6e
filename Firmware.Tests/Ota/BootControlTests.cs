using Firmware.Boot;
using Firmware.Ports;
using Firmware.Storage;
using Firmware.Tests.Fakes;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Ota
{
    [TestClass]
    public class BootControlTests
    {
        [TestMethod]
        public void TheRecordAlternatesBetweenItsCopiesWithGrowingSequence()
        {
            RamFlash flash = new RamFlash(4096, 4);
            MirroredRecord record = new MirroredRecord(flash, 1, 0x54534554, 16);
            byte[] buffer = new byte[16];
            Assert.AreEqual(-1, record.Read(buffer, 0));

            record.Write(new byte[] { 1, 2, 3 }, 0, 3);
            record.Write(new byte[] { 4, 5 }, 0, 2);
            record.Write(new byte[] { 6 }, 0, 1);

            MirroredRecord again = new MirroredRecord(flash, 1, 0x54534554, 16);
            Assert.AreEqual(1, again.Read(buffer, 0));
            Assert.AreEqual((byte)6, buffer[0]);
            Assert.AreEqual(3u, again.Sequence);
            Assert.AreEqual(0x54534554u, LittleEndian.ReadUInt32(Bytes(flash, 1 * 4096, 4), 0), "copy 0 holds records 1 and 3");
            Assert.AreEqual(2u, LittleEndian.ReadUInt32(Bytes(flash, (2 * 4096) + 4, 4), 0), "copy 1 holds record 2");
            Assert.AreEqual((byte)0xFF, Bytes(flash, 0, 1)[0], "sector 0 is not the record's");
            Assert.AreEqual((byte)0xFF, Bytes(flash, 3 * 4096, 1)[0], "sector 3 is not the record's");
        }

        [TestMethod]
        public void ATornNewerCopyFallsBackToTheOlderOne()
        {
            RamFlash flash = new RamFlash(4096, 2);
            MirroredRecord record = new MirroredRecord(flash, 0, 0x54534554, 16);
            record.Write(new byte[] { 1 }, 0, 1);
            record.Write(new byte[] { 2 }, 0, 1);

            // Tear record 2 (in copy 1): any single changed bit makes its CRC fail.
            flash.FlipBit(4096 + 12, 4);
            byte[] buffer = new byte[16];
            MirroredRecord again = new MirroredRecord(flash, 0, 0x54534554, 16);
            Assert.AreEqual(1, again.Read(buffer, 0));
            Assert.AreEqual((byte)1, buffer[0]);

            // The next write replaces the torn copy, never the good one.
            again.Write(new byte[] { 3 }, 0, 1);
            Assert.AreEqual((byte)1, Bytes(flash, 12, 1)[0], "record 1 is kept");
            Assert.AreEqual(1, new MirroredRecord(flash, 0, 0x54534554, 16).Read(buffer, 0));
            Assert.AreEqual((byte)3, buffer[0]);
        }

        [TestMethod]
        public void ACutWriteLeavesThePreviousRecord()
        {
            PowerCutFlash flash = new PowerCutFlash(new RamFlash(4096, 2));
            MirroredRecord record = new MirroredRecord(flash, 0, 0x54534554, 16);
            record.Write(new byte[] { 1 }, 0, 1);
            for (int cut = 1; cut <= 2; cut++)
            {
                flash.FailAt = flash.Operations + cut;
                Assert.ThrowsException(typeof(System.IO.IOException), () => record.Write(new byte[] { 9 }, 0, 1));
                flash.PowerOn();
                byte[] buffer = new byte[16];
                MirroredRecord again = new MirroredRecord(flash, 0, 0x54534554, 16);
                Assert.AreEqual(1, again.Read(buffer, 0));
                Assert.AreEqual((byte)1, buffer[0], "cut at operation " + cut.ToString());
            }
        }

        [TestMethod]
        public void TheBootControlRecordRoundTripsAndRefusesInconsistentContents()
        {
            BootControlRecord r = new BootControlRecord();
            r.ActiveSlot = 1;
            r.Confirmed = true;
            r.PendingSlot = 0;
            r.TrialAttemptsLeft = 2;
            r.LastFailure = TrialFailure.Hang;
            r.MinimumSecurityCounter = 4000000000;
            r.Outcome = BootOutcome.RolledBack;
            r.OutcomeReason = TrialFailure.Crash;
            r.OutcomeSlot = 0;
            r.OutcomeId = 7;
            byte[] buffer = new byte[BootControlRecord.EncodedSize];
            r.Encode(buffer, 0);

            BootControlRecord back = new BootControlRecord();
            Assert.IsTrue(back.Decode(buffer, 0, buffer.Length));
            Assert.AreEqual(1, back.ActiveSlot);
            Assert.AreEqual(0, back.PendingSlot);
            Assert.AreEqual(TrialFailure.Hang, back.LastFailure);
            Assert.AreEqual(4000000000L, back.MinimumSecurityCounter);
            Assert.AreEqual(7L, back.OutcomeId);

            buffer[3] = 1;
            Assert.IsFalse(back.Decode(buffer, 0, buffer.Length), "pending slot equal to the active one");
            buffer[3] = 0;
            buffer[2] = 0;
            Assert.IsFalse(back.Decode(buffer, 0, buffer.Length), "a pending image while the active one is on trial");
            buffer[2] = 1;
            buffer[0] = 2;
            Assert.IsFalse(back.Decode(buffer, 0, buffer.Length), "unknown format");
        }

        private static byte[] Bytes(IFlash flash, int address, int count)
        {
            byte[] bytes = new byte[count];
            flash.Read(address, bytes, 0, count);
            return bytes;
        }
    }
}
