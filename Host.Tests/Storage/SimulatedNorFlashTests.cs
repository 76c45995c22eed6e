using System;
using System.IO;
using Firmware.Host.Hardware;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Storage
{
    [TestClass]
    public sealed class SimulatedNorFlashTests
    {
        [TestMethod]
        public void ProgramOnlyClearsBitsAndEraseSetsThemAgain()
        {
            SimulatedNorFlash flash = new SimulatedNorFlash(8192, 4096);
            byte[] buffer = new byte[1];
            flash.Read(10, buffer, 0, 1);
            Assert.AreEqual(0xFF, buffer[0]);

            flash.Program(10, new byte[] { 0xF0 }, 0, 1);
            flash.Program(10, new byte[] { 0x30 }, 0, 1);
            flash.Read(10, buffer, 0, 1);
            Assert.AreEqual(0x30, buffer[0]);

            flash.Erase(0);
            flash.Read(10, buffer, 0, 1);
            Assert.AreEqual(0xFF, buffer[0]);
            Assert.AreEqual(1, flash.EraseCount(0));
            Assert.AreEqual(0, flash.EraseCount(1));
            Assert.AreEqual(2L, flash.BytesProgrammed);
            Assert.AreEqual(1L, flash.SectorsErased);
            Assert.AreEqual(3L, flash.Operations);
        }

        [TestMethod]
        public void SettingABitIsAViolationThatChangesNothing()
        {
            SimulatedNorFlash flash = new SimulatedNorFlash(4096, 4096);
            flash.Program(0, new byte[] { 0x00, 0x0F }, 0, 2);
            byte[] before = flash.Snapshot();

            Assert.ThrowsExactly<FlashProgramViolationException>(() => flash.Program(0, new byte[] { 0x00, 0x1F }, 0, 2));

            CollectionAssert.AreEqual(before, flash.Snapshot());
        }

        [TestMethod]
        public void OutOfRangeRequestsThrowBeforeAnythingChanges()
        {
            SimulatedNorFlash flash = new SimulatedNorFlash(4096, 4096);

            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => flash.Program(4095, new byte[2], 0, 2));
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => flash.Erase(1));
            Assert.AreEqual(0L, flash.Operations);
        }

        [TestMethod]
        public void ACutProgramClearsSomeOfItsBitsAndNothingElse()
        {
            bool sawPartial = false;
            for (int seed = 0; seed < 200; seed++)
            {
                SimulatedNorFlash flash = new SimulatedNorFlash(4096, 4096, seed);
                flash.Program(0, new byte[] { 0xF0, 0xF0, 0xF0, 0xF0 }, 0, 4);
                flash.CutPowerAtOperation(1);
                byte[] target = { 0x00, 0x30, 0xA0, 0x10 };

                Assert.ThrowsExactly<SimulatedPowerCutException>(() => flash.Program(0, target, 0, 4));

                byte[] after = flash.Reboot().Snapshot();
                for (int i = 0; i < 4; i++)
                {
                    byte old = 0xF0;
                    byte full = (byte)(old & target[i]);
                    Assert.AreEqual(0, after[i] & ~old, "a bit was set");
                    Assert.AreEqual(full, after[i] & full, "a bit the program was not clearing was cleared");
                    sawPartial |= after[i] != old && after[i] != full;
                }

                Assert.AreEqual(0xFF, after[4]);
            }

            Assert.IsTrue(sawPartial);
        }

        [TestMethod]
        public void ACutEraseLeavesEveryBitOldOrOne()
        {
            bool sawPartial = false;
            for (int seed = 0; seed < 100; seed++)
            {
                SimulatedNorFlash flash = new SimulatedNorFlash(8192, 4096, seed);
                byte[] pattern = new byte[8192];
                new Random(seed).NextBytes(pattern);
                flash.Program(0, pattern, 0, 8192);
                flash.CutPowerAtOperation(1);

                Assert.ThrowsExactly<SimulatedPowerCutException>(() => flash.Erase(0));

                byte[] after = flash.Reboot().Snapshot();
                int erasedBytes = 0;
                for (int i = 0; i < 4096; i++)
                {
                    Assert.AreEqual(pattern[i], after[i] & pattern[i], "an erase cleared a bit");
                    erasedBytes += after[i] == 0xFF ? 1 : 0;
                }

                sawPartial |= erasedBytes > 100 && erasedBytes < 4000;
                for (int i = 4096; i < 8192; i++)
                {
                    Assert.AreEqual(pattern[i], after[i], "the erase reached the next sector");
                }
            }

            Assert.IsTrue(sawPartial);
        }

        [TestMethod]
        public void AfterACutEveryCallFailsUntilAReboot()
        {
            SimulatedNorFlash flash = new SimulatedNorFlash(4096, 4096);
            flash.CutPowerAtOperation(0);
            Assert.ThrowsExactly<SimulatedPowerCutException>(() => flash.Erase(0));

            Assert.ThrowsExactly<SimulatedPowerCutException>(() => flash.Read(0, new byte[1], 0, 1));
            Assert.ThrowsExactly<SimulatedPowerCutException>(() => flash.Sync());
            Assert.IsTrue(flash.IsPoweredOff);

            SimulatedNorFlash rebooted = flash.Reboot();
            rebooted.Program(0, new byte[] { 0 }, 0, 1);
            Assert.ThrowsExactly<SimulatedPowerCutException>(() => flash.Read(0, new byte[1], 0, 1), "the old object stays dead");
        }

        [TestMethod]
        public void AFlashFileKeepsItsBytesBetweenRuns()
        {
            string path = Path.Combine(Path.GetTempPath(), "nor-" + Guid.NewGuid().ToString("N") + ".flash");
            try
            {
                using (SimulatedNorFlash flash = SimulatedNorFlash.OpenFile(path, 16384))
                {
                    flash.Program(5000, new byte[] { 0x42 }, 0, 1);
                    flash.Sync();
                }

                using (SimulatedNorFlash again = SimulatedNorFlash.OpenFile(path, 16384))
                {
                    byte[] buffer = new byte[1];
                    again.Read(5000, buffer, 0, 1);
                    Assert.AreEqual(0x42, buffer[0]);
                }

                Assert.ThrowsExactly<InvalidDataException>(() => SimulatedNorFlash.OpenFile(path, 8192));
                using SimulatedNorFlash fresh = SimulatedNorFlash.OpenFile(path, 8192, fresh: true);
                Assert.AreEqual(0xFF, fresh.Snapshot()[0]);
            }
            finally
            {
                File.Delete(path);
            }
        }

        [TestMethod]
        public void FlipBitInvertsOneStoredBit()
        {
            SimulatedNorFlash flash = new SimulatedNorFlash(4096, 4096);

            flash.FlipBit(7, 2);

            Assert.AreEqual(0xFB, flash.Snapshot()[7]);
            Assert.AreEqual(0L, flash.Operations);
        }
    }
}
