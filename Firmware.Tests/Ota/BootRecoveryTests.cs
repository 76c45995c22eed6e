using Firmware.Boot;
using Firmware.Crypto;
using Firmware.Ota;
using Firmware.Ports;
using Firmware.Text;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Ota
{
    /// <summary>
    /// The recovery of <see cref="ManagedUpdateSlots"/> when the image the loader chose does not load: a failed
    /// attempt on trial; for a confirmed image, the other slot's proven image if it still matches its SHA-256, or
    /// the factory image restored; never an image that was staged, rolled back, rotted or is below the minimum counter.
    /// </summary>
    [TestClass]
    public class BootRecoveryTests
    {
        private const int Chunks = 3;

        [TestMethod]
        public void AConfirmedImageThatDoesNotLoadFallsBackToTheProvenPreviousImage()
        {
            OtaRig rig = UpdatedToV2(1);
            long outcomeId = rig.Slots.State.Record.OutcomeId;

            Assert.AreEqual(0, rig.Slots.RecoverFromLoadFailure());

            Assert.AreEqual(string.Empty, rig.Slots.RecoveryError);
            Assert.AreEqual(0, rig.Slots.State.RunningSlot);
            BootControlRecord record = new BootControlRecord();
            Assert.IsTrue(rig.Slots.ReadRecord(record));
            Assert.AreEqual(0, record.ActiveSlot);
            Assert.IsTrue(record.Confirmed);
            Assert.AreEqual(BootControlRecord.NoSlot, record.PendingSlot);
            Assert.AreEqual(BootOutcome.Recovered, record.Outcome);
            Assert.AreEqual(1, record.OutcomeSlot, "the outcome names the slot that did not load");
            Assert.AreEqual(outcomeId + 1, record.OutcomeId);
            Assert.AreEqual(1L, record.MinimumSecurityCounter);
            Assert.AreEqual(0, rig.Reboot(WakeCause.Reboot), "the next boot runs the fall-back");
            Assert.IsFalse(rig.Slots.State.Trial);
            Assert.AreEqual("1.0.0", rig.RunningVersion());
            Assert.AreEqual(1, rig.Slots.StagingSlot, "the unloadable slot is where the next update goes");
        }

        [TestMethod]
        public void TheApplicationReportsTheRecoveryAndMayInstallTheImageAgain()
        {
            OtaRig rig = UpdatedToV2(1);
            OtaAgent before = rig.Agent();
            before.EventsPublished(before.PendingEventCount);
            rig.Slots.RecoverFromLoadFailure();
            rig.Reboot(WakeCause.Reboot);

            OtaAgent agent = rig.Agent();
            string events = OtaRig.Events(agent);

            Assert.AreEqual(1, agent.PendingEventCount, events);
            Assert.IsTrue(Ordinal.IndexOf(events, "\"outcome\":\"recovered\",\"reason\":\"image-unloadable\",\"version\":\"2.0.0\",\"previous\":\"1.0.0\"") > 0, events);
            agent.EventsPublished(1);
            Assert.AreEqual(0, rig.Agent().PendingEventCount, "reported once");
        }

        [TestMethod]
        public void AnImageOnTrialThatDoesNotLoadCountsAFailedAttempt()
        {
            OtaRig rig = new OtaRig(true);
            Stage(rig, 1, true);
            Assert.AreEqual(1, rig.Reboot(WakeCause.Reboot));

            Assert.AreEqual(BootControlRecord.NoSlot, rig.Slots.RecoverFromLoadFailure());

            Assert.AreEqual(2, rig.Slots.State.Record.TrialAttemptsLeft);
            Assert.AreEqual(TrialFailure.Crash, rig.Slots.State.Record.LastFailure);
            Assert.AreEqual(1, rig.Slots.State.Record.ActiveSlot, "still on trial: the loader restarts, then rolls back");
        }

        [TestMethod]
        public void ARolledBackImageIsNoFallBack()
        {
            OtaRig rig = RolledBackFromV2();
            Assert.AreEqual(0, rig.Reboot(WakeCause.Reboot));
            Assert.AreEqual(BootOutcome.RolledBack, rig.Slots.State.Record.Outcome);

            AssertNoFallBack(rig, "never ran confirmed");
        }

        [TestMethod]
        public void AStagedImageIsNoFallBackWhetherCompleteOrNot()
        {
            OtaRig rig = new OtaRig(true);
            Stage(rig, 1, false);
            AssertNoFallBack(rig, "never ran confirmed");

            OtaRig partial = new OtaRig(true);
            SlotDescriptor d = Descriptor(1);
            partial.Slots.OpenStaging(d, new byte[] { 7 }, 0, 1);
            partial.Slots.EraseNextSector();
            AssertNoFallBack(partial, "never ran confirmed");
        }

        [TestMethod]
        public void AFallBackThatRottedIsRefused()
        {
            OtaRig rig = UpdatedToV2(1);
            // Rot: bits of the factory image in slot 0 fall to 0 (NOR programs only clear bits).
            rig.Layout.SlotA.Program(OtaRig.SectorSize + 100, new byte[] { 0, 0, 0, 0 }, 0, 4);

            AssertNoFallBack(rig, "does not match its SHA-256");
        }

        [TestMethod]
        public void AFallBackBelowTheMinimumSecurityCounterIsRefused()
        {
            OtaRig rig = UpdatedToV2(2);
            Assert.AreEqual(2L, rig.Slots.State.Record.MinimumSecurityCounter);

            AssertNoFallBack(rig, "below the minimum 2");
        }

        [TestMethod]
        public void AFactoryImageInstalledWithoutItsSha256IsNoFallBack()
        {
            OtaRig rig = new OtaRig(false);
            Stage(rig, 1, true);
            rig.Reboot(WakeCause.Reboot);
            rig.Slots.Confirm();

            AssertNoFallBack(rig, "does not match its SHA-256");
        }

        [TestMethod]
        public void WithoutAFallBackTheFactoryImageIsRestoredIntoTheOtherSlot()
        {
            OtaRig rig = RolledBackFromV2();
            rig.Reboot(WakeCause.Reboot);
            Assert.AreEqual(BootControlRecord.NoSlot, rig.Slots.RecoverFromLoadFailure());
            byte[] factory = OtaImage.Create(9, 5000);
            SlotDescriptor d = new SlotDescriptor();
            d.VersionMajor = 1;
            d.VersionMinor = 5;
            d.SecurityCounter = 1;
            d.ImageSize = factory.Length;
            d.ChunkSize = 4096;

            Assert.IsTrue(rig.Slots.RestoreFactory(d, factory, 0, factory.Length));

            Assert.AreEqual(1, rig.Slots.State.RunningSlot);
            Assert.AreEqual(BootOutcome.Recovered, rig.Slots.State.Record.Outcome);
            Assert.AreEqual(0, rig.Slots.State.Record.OutcomeSlot);
            Assert.AreEqual(1, rig.Reboot(WakeCause.Reboot));
            Assert.AreEqual("1.5.0", rig.RunningVersion());
            SlotDescriptor stored = new SlotDescriptor();
            Assert.IsTrue(rig.Slots.ReadDescriptor(1, stored));
            Assert.IsTrue(stored.Factory);
            byte[] digest = new byte[32];
            Sha256.Hash(factory, 0, factory.Length, digest, 0);
            CollectionAssert.AreEqual(digest, stored.ImageSha256);
        }

        [TestMethod]
        public void AFactoryImageBelowTheMinimumCounterIsNotRestoredAndNothingIsWritten()
        {
            OtaRig rig = UpdatedToV2(2);
            byte[] before = new byte[OtaRig.SectorSize];
            rig.Layout.SlotA.Read(0, before, 0, before.Length);
            byte[] factory = OtaImage.Create(9, 5000);
            SlotDescriptor d = new SlotDescriptor();
            d.VersionMajor = 1;
            d.SecurityCounter = 1;
            d.ImageSize = factory.Length;
            d.ChunkSize = 4096;

            Assert.IsFalse(rig.Slots.RestoreFactory(d, factory, 0, factory.Length));

            Assert.IsTrue(Ordinal.IndexOf(rig.Slots.RecoveryError, "below the minimum 2") > 0, rig.Slots.RecoveryError);
            byte[] after = new byte[OtaRig.SectorSize];
            rig.Layout.SlotA.Read(0, after, 0, after.Length);
            CollectionAssert.AreEqual(before, after);
            Assert.AreEqual(1, rig.Slots.State.Record.ActiveSlot);
        }

        [TestMethod]
        public void ARecoveredRecordRoundTrips()
        {
            BootControlRecord record = new BootControlRecord();
            record.ActiveSlot = 0;
            record.Confirmed = true;
            record.PendingSlot = BootControlRecord.NoSlot;
            record.Outcome = BootOutcome.Recovered;
            record.OutcomeSlot = 1;
            record.OutcomeId = 7;
            byte[] bytes = new byte[BootControlRecord.EncodedSize];
            record.Encode(bytes, 0);
            BootControlRecord decoded = new BootControlRecord();
            Assert.IsTrue(decoded.Decode(bytes, 0, bytes.Length));
            Assert.AreEqual(BootOutcome.Recovered, decoded.Outcome);
            bytes[6] = BootOutcome.Recovered + 1;
            Assert.IsFalse(decoded.Decode(bytes, 0, bytes.Length), "an unknown outcome is not a record");
        }

        /// <summary>A rig whose factory image 1.0.0 (hashed, counter 1) was updated to 2.0.0 (the counter given), confirmed, booted again.</summary>
        private static OtaRig UpdatedToV2(long counter)
        {
            OtaRig rig = new OtaRig(true);
            Stage(rig, counter, true);
            Assert.AreEqual(1, rig.Reboot(WakeCause.Reboot));
            rig.Slots.Confirm();
            Assert.AreEqual(1, rig.Reboot(WakeCause.Timer));
            return rig;
        }

        /// <summary>A rig whose update to 2.0.0 crashed three times on trial and was rolled back (not booted yet).</summary>
        private static OtaRig RolledBackFromV2()
        {
            OtaRig rig = new OtaRig(true);
            Stage(rig, 1, true);
            for (int attempt = 0; attempt < 3; attempt++)
            {
                rig.Reboot(WakeCause.Reboot);
                rig.Slots.RecordTrialFailure(TrialFailure.Crash);
            }

            return rig;
        }

        private static void AssertNoFallBack(OtaRig rig, string why)
        {
            int active = rig.Slots.State.Record.ActiveSlot;
            long id = rig.Slots.State.Record.OutcomeId;
            Assert.AreEqual(BootControlRecord.NoSlot, rig.Slots.RecoverFromLoadFailure());
            Assert.IsTrue(Ordinal.IndexOf(rig.Slots.RecoveryError, why) > 0, rig.Slots.RecoveryError);
            BootControlRecord record = new BootControlRecord();
            Assert.IsTrue(rig.Slots.ReadRecord(record));
            Assert.AreEqual(active, record.ActiveSlot, "nothing changes");
            Assert.AreEqual(id, record.OutcomeId);
        }

        /// <summary>Stages image 2 (<see cref="Chunks"/> chunks of 1 KiB, its real SHA-256) into slot 1; pending when asked.</summary>
        private static void Stage(OtaRig rig, long counter, bool pending)
        {
            SlotDescriptor d = Descriptor(counter);
            rig.Slots.OpenStaging(d, new byte[] { 7 }, 0, 1);
            while (rig.Slots.EraseNextSector())
            {
            }

            byte[] image = Image();
            for (int i = 0; i < Chunks; i++)
            {
                Assert.IsTrue(rig.Slots.WriteChunk(i, image, i * 1024, 1024));
            }

            if (pending)
            {
                rig.Slots.MarkPending();
            }
        }

        private static SlotDescriptor Descriptor(long counter)
        {
            SlotDescriptor d = new SlotDescriptor();
            d.VersionMajor = 2;
            d.SecurityCounter = counter;
            d.ImageSize = Chunks * 1024;
            d.ChunkSize = 1024;
            byte[] image = Image();
            Sha256.Hash(image, 0, image.Length, d.ImageSha256, 0);
            return d;
        }

        private static byte[] Image()
        {
            return OtaImage.Create(22, Chunks * 1024);
        }
    }
}
