using Firmware.Boot;
using Firmware.Ports;
using Firmware.Storage;
using Firmware.Tests.Fakes;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Ota
{
    /// <summary>The boot-control state table of <see cref="ManagedUpdateSlots"/>, one transition at a time.</summary>
    [TestClass]
    public class ManagedUpdateSlotsTests
    {
        [TestMethod]
        public void AFreshDeviceHasNothingToBootUntilProvisioned()
        {
            FlashLayout layout = FlashLayout.Create(new RamFlash(OtaRig.SectorSize, OtaRig.Sectors), OtaRig.SlotSectors);
            ManagedUpdateSlots slots = new ManagedUpdateSlots(layout.BootControl, layout.SlotA, layout.SlotB, new FakeClock(), new byte[0][], "m", new int[4]);
            Assert.IsFalse(slots.IsProvisioned);
            Assert.AreEqual(BootControlRecord.NoSlot, slots.BeginBoot(WakeCause.PowerOn));
            Assert.AreEqual(BootControlRecord.NoSlot, slots.StagingSlot);
        }

        [TestMethod]
        public void TheFactoryImageBootsConfirmedAndSetsTheMinimumCounter()
        {
            OtaRig rig = new OtaRig();
            Assert.AreEqual(0, rig.Reboot(WakeCause.PowerOn));
            Assert.IsFalse(rig.Slots.State.Trial);
            Assert.IsTrue(rig.Slots.State.Record.Confirmed);
            Assert.AreEqual(1L, rig.Slots.State.Record.MinimumSecurityCounter);
            Assert.AreEqual(1, rig.Slots.StagingSlot);
            Assert.AreEqual("1.0.0", rig.RunningVersion());
            byte[] image = new byte[OtaRig.FactorySize];
            rig.Slots.ReadImage(0, 0, image, 0, image.Length);
            Assert.IsTrue(Crypto.TestBytes.Equal(OtaImage.Create(1, OtaRig.FactorySize), image));
        }

        [TestMethod]
        public void APendingImageBootsOnTrialAndConfirmingRaisesTheMinimumCounter()
        {
            OtaRig rig = new OtaRig();
            Stage(rig, 5);
            Assert.AreEqual(1, rig.Slots.State.Record.PendingSlot);
            Assert.AreEqual(1, rig.Reboot(WakeCause.Timer), "the pending slot boots");
            Assert.IsTrue(rig.Slots.State.Trial);
            Assert.AreEqual(3, rig.Slots.State.Record.TrialAttemptsLeft);
            Assert.AreEqual(BootControlRecord.NoSlot, rig.Slots.StagingSlot, "nothing is written while an image is on trial");

            rig.Slots.Confirm();

            Assert.IsFalse(rig.Slots.State.Trial);
            Assert.AreEqual(5L, rig.Slots.State.Record.MinimumSecurityCounter);
            Assert.AreEqual(BootOutcome.Updated, rig.Slots.State.Record.Outcome);
            Assert.AreEqual(1, rig.Slots.State.Record.OutcomeSlot);
            Assert.AreEqual(1, rig.Reboot(WakeCause.Timer));
            Assert.IsFalse(rig.Slots.State.Trial);
            Assert.AreEqual(0, rig.Slots.StagingSlot, "the next update goes into the old slot");
        }

        [TestMethod]
        public void AnImageThatCrashesThreeTimesIsRolledBack()
        {
            OtaRig rig = new OtaRig();
            Stage(rig, 1);
            for (int attempt = 0; attempt < 3; attempt++)
            {
                Assert.AreEqual(1, rig.Reboot(WakeCause.Reboot));
                Assert.IsTrue(rig.Slots.State.Trial);
                rig.Slots.RecordTrialFailure(TrialFailure.Crash);
            }

            Assert.AreEqual(0, rig.Reboot(WakeCause.Reboot), "rolled back to the factory image");
            Assert.IsFalse(rig.Slots.State.Trial);
            Assert.AreEqual(BootOutcome.RolledBack, rig.Slots.State.Record.Outcome);
            Assert.AreEqual(TrialFailure.Crash, rig.Slots.State.Record.OutcomeReason);
            Assert.AreEqual(1, rig.Slots.State.Record.OutcomeSlot);
            Assert.AreEqual(1L, rig.Slots.State.Record.MinimumSecurityCounter, "a rollback leaves the minimum");
            Assert.AreEqual(1, rig.Slots.StagingSlot);
        }

        [TestMethod]
        public void OnlyFaultResetsCountDuringATrialNotSleepsOrPowerLoss()
        {
            OtaRig rig = new OtaRig();
            Stage(rig, 1);
            rig.Reboot(WakeCause.Reboot);
            rig.Reboot(WakeCause.Timer);
            rig.Reboot(WakeCause.PowerOn);
            rig.Reboot(WakeCause.Pin);
            Assert.AreEqual(3, rig.Slots.State.Record.TrialAttemptsLeft);
            rig.Reboot(WakeCause.Fault);
            Assert.AreEqual(2, rig.Slots.State.Record.TrialAttemptsLeft);
            Assert.AreEqual(TrialFailure.FaultReset, rig.Slots.State.Record.LastFailure);
            rig.Reboot(WakeCause.Fault);
            Assert.AreEqual(0, rig.Reboot(WakeCause.Fault), "the third fault reset rolls back");
            Assert.AreEqual(TrialFailure.FaultReset, rig.Slots.State.Record.OutcomeReason);
        }

        [TestMethod]
        public void TheTrialDeadlineRunsFromBootAndAnOutagePostponesIt()
        {
            OtaRig rig = new OtaRig();
            Stage(rig, 1);
            rig.Reboot(WakeCause.Reboot);
            Assert.AreEqual(10L * 60 * 1000, rig.Slots.State.TrialDeadline, "ten minutes from boot by default");
            rig.Slots.TrialDeadlineMilliseconds = 60000;
            rig.Slots.KeepTrialAlive();
            Assert.IsFalse(rig.Slots.TrialDeadlinePassed);
            rig.Clock.UptimeMilliseconds = 50000;
            rig.Slots.KeepTrialAlive();
            rig.Clock.UptimeMilliseconds = 100000;
            Assert.IsFalse(rig.Slots.TrialDeadlinePassed);
            rig.Clock.UptimeMilliseconds = 110000;
            Assert.IsTrue(rig.Slots.TrialDeadlinePassed);
            rig.Slots.RecordTrialFailure(TrialFailure.Hang);
            Assert.IsFalse(rig.Slots.TrialDeadlinePassed, "a verdict stops the deadline");
            Assert.AreEqual(2, rig.Slots.State.Record.TrialAttemptsLeft);
        }

        [TestMethod]
        public void StagingIsResumableAndRefusesAChunkACutLeftWithOtherData()
        {
            OtaRig rig = new OtaRig();
            SlotDescriptor d = Descriptor(3);
            byte[] manifest = new byte[] { 1, 2, 3 };
            Assert.IsFalse(rig.Slots.OpenStaging(d, manifest, 0, 3));
            while (rig.Slots.EraseNextSector())
            {
            }

            byte[] chunk = Chunk(0);
            Assert.IsTrue(rig.Slots.WriteChunk(0, chunk, 0, chunk.Length));

            // Next boot: the same staging resumes with chunk 0 written.
            rig.Reboot(WakeCause.Timer);
            Assert.IsTrue(rig.Slots.OpenStaging(d, manifest, 0, 3));
            Assert.IsTrue(rig.Slots.IsChunkWritten(0));
            Assert.IsFalse(rig.Slots.IsChunkWritten(1));
            Assert.IsFalse(rig.Slots.EraseNextSector(), "the erase marks survived");
            Assert.AreEqual(3, rig.Slots.ReadManifest(1, new byte[1024], 0));

            // A cut left chunk 1 half written with other bytes: they cannot be programmed over.
            byte[] other = Chunk(9);
            rig.Layout.SlotB.Program(OtaRig.SectorSize + 1024, other, 0, 100);
            byte[] wanted = Chunk(1);
            Assert.IsFalse(rig.Slots.WriteChunk(1, wanted, 0, wanted.Length));
            Assert.ThrowsException(typeof(System.InvalidOperationException), () => rig.Slots.MarkPending());

            // A different manifest starts afresh.
            SlotDescriptor other2 = Descriptor(3);
            other2.ManifestDigest[0] = 1;
            Assert.IsFalse(rig.Slots.OpenStaging(other2, manifest, 0, 3));
            Assert.IsFalse(rig.Slots.IsChunkWritten(0));
        }

        [TestMethod]
        public void ASlotHoldsWhatItsSectorsAndMarksAllow()
        {
            OtaRig rig = new OtaRig();
            Assert.IsTrue(rig.Slots.CanHold(3 * OtaRig.SectorSize, 512));
            Assert.IsFalse(rig.Slots.CanHold((3 * OtaRig.SectorSize) + 1, 512));
            Assert.IsFalse(rig.Slots.CanHold(0, 512));
            Assert.ThrowsException(typeof(System.ArgumentException), () => rig.Slots.OpenStaging(Descriptor(5 * OtaRig.SectorSize), new byte[1], 0, 1));
        }

        /// <summary>Stages an image (counter as given) completely into slot 1 and marks it pending.</summary>
        private static void Stage(OtaRig rig, long counter)
        {
            SlotDescriptor d = Descriptor(3);
            d.SecurityCounter = counter;
            rig.Slots.OpenStaging(d, new byte[] { 7 }, 0, 1);
            while (rig.Slots.EraseNextSector())
            {
            }

            for (int i = 0; i < 3; i++)
            {
                byte[] chunk = Chunk(i);
                Assert.IsTrue(rig.Slots.WriteChunk(i, chunk, 0, chunk.Length));
            }

            rig.Slots.MarkPending();
        }

        private static SlotDescriptor Descriptor(int chunksOrSize)
        {
            SlotDescriptor d = new SlotDescriptor();
            d.VersionMajor = 2;
            d.SecurityCounter = 1;
            d.ImageSize = chunksOrSize < 100 ? chunksOrSize * 1024 : chunksOrSize;
            d.ChunkSize = 1024;
            return d;
        }

        private static byte[] Chunk(int tag)
        {
            return OtaImage.Create(tag + 10, 1024);
        }
    }
}
