using Firmware.Boot;
using Firmware.Ota;
using Firmware.Ports;
using Firmware.Tests.Crypto;
using Firmware.Text;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Ota
{
    /// <summary>The updater against fakes: announces, downloads with cuts, trial, confirmation, rollback, events.</summary>
    [TestClass]
    public class OtaAgentTests
    {
        [TestMethod]
        public void AnAcceptedImageIsDownloadedVerifiedAndPending()
        {
            OtaRig rig = new OtaRig();
            OtaAgent agent = rig.Agent();
            Assert.AreEqual("1.0.0", agent.RunningVersion);

            Assert.AreEqual(OtaDecision.Accepted, OtaRig.Announce(agent, OtaVectors.V2));
            Assert.AreEqual(OtaStep.RebootRequired, agent.Step(100000));

            Assert.IsTrue(agent.RebootRequested);
            Assert.AreEqual(1, rig.Slots.State.Record.PendingSlot);
            Assert.AreEqual((long)OtaVectors.ImageSize, rig.Downloader.BytesServed);
            Assert.AreEqual(5, agent.ChunkCount);
            Assert.AreEqual(OtaDecision.Ignored, OtaRig.Announce(agent, OtaVectors.V2), "a reboot is due");
        }

        [TestMethod]
        public void TheTrialBootConfirmsAfterTheHealthCheckAndReportsTheUpdate()
        {
            OtaRig rig = new OtaRig();
            rig.StageV2AndReboot();
            OtaAgent agent = rig.Agent();
            Assert.IsTrue(agent.IsTrial);
            Assert.IsTrue(agent.RadioSessionRequired, "the first trial boot runs a radio session whatever the schedule");
            Assert.AreEqual("2.0.0", agent.RunningVersion);

            agent.ReportRadioSession(true, true);

            Assert.IsFalse(agent.IsTrial);
            Assert.IsFalse(agent.RebootRequested);
            string events = OtaRig.Events(agent);
            Assert.IsTrue(Ordinal.IndexOf(events, "\"outcome\":\"updated\",\"version\":\"2.0.0\",\"previous\":\"1.0.0\"") > 0, events);
            Assert.AreEqual(OtaDecision.Ignored, OtaRig.Announce(agent, OtaVectors.V2), "the retained announce of the running image");

            agent.EventsPublished(agent.PendingEventCount);
            rig.Reboot(WakeCause.Timer);
            Assert.AreEqual(0, rig.Agent().PendingEventCount, "reported once");
        }

        [TestMethod]
        [DataRow(OtaVectors.V2ByKeyD, OtaReason.UnknownKey)]
        [DataRow(OtaVectors.V2OtherModel, OtaReason.WrongHardware)]
        [DataRow(OtaVectors.V2NewerRuntime, OtaReason.RuntimeTooOld)]
        [DataRow(OtaVectors.V2Huge, OtaReason.ImageTooLarge)]
        [DataRow(OtaVectors.V1Again, OtaReason.SameVersion)]
        [DataRow(OtaVectors.V0LowCounter, OtaReason.SecurityCounterTooLow)]
        [DataRow(OtaVectors.V3ByKeyC, OtaReason.UnknownKey)]
        public void ARefusedAnnounceWritesNothingButItsMemoryAndIsReportedOnce(string manifest, string reason)
        {
            OtaRig rig = new OtaRig();
            OtaAgent agent = rig.Agent();

            Assert.AreEqual(OtaDecision.Rejected, OtaRig.Announce(agent, manifest));

            Assert.AreEqual(reason, agent.LastReason);
            Assert.IsFalse(rig.Slots.ReadDescriptor(1, new SlotDescriptor()), "the staging slot is untouched");
            Assert.AreEqual(BootControlRecord.NoSlot, rig.Slots.State.Record.PendingSlot);
            Assert.AreEqual(0L, rig.Downloader.BytesServed);
            string events = OtaRig.Events(agent);
            Assert.IsTrue(Ordinal.IndexOf(events, "\"outcome\":\"rejected\",\"reason\":\"" + reason + "\"") > 0, events);
            Assert.AreEqual(OtaDecision.Ignored, OtaRig.Announce(agent, manifest), "the retained announce again");
            Assert.AreEqual(1, agent.PendingEventCount, "a second copy in the boot that refused it: the refusal answers it");

            agent.EventsPublished(1);
            rig.Reboot(WakeCause.Timer);
            OtaAgent next = rig.Agent();
            Assert.AreEqual(OtaDecision.Ignored, OtaRig.Announce(next, manifest));
            Assert.AreEqual(1, next.PendingEventCount, "the refusal is reported once; at a later boot the retained copy is ignored, and said so");
            string later = OtaRig.Events(next);
            Assert.IsTrue(Ordinal.IndexOf(later, "\"outcome\":\"ignored\",\"reason\":\"refused-before\"") > 0, later);
            Assert.IsTrue(next.PeekEvent(0).OncePerVersion, "its retained copy comes at every wake: reported once across them");
        }

        [TestMethod]
        public void AnyAlteredByteOfASignedManifestIsRefused()
        {
            byte[] manifest = Hex.Decode(OtaVectors.V2);
            for (int i = 0; i < manifest.Length; i += 7)
            {
                OtaRig rig = new OtaRig();
                OtaAgent agent = rig.Agent();
                manifest[i] ^= 0x20;
                Assert.AreEqual(OtaDecision.Rejected, agent.HandleAnnounce(manifest, 0, manifest.Length, -1), "byte " + i.ToString());
                manifest[i] ^= 0x20;
            }
        }

        [TestMethod]
        public void AnOlderVersionWithTheSameCounterIsAcceptedSoAFleetCanRollBack()
        {
            OtaRig rig = new OtaRig();
            Assert.AreEqual(OtaDecision.Accepted, OtaRig.Announce(rig.Agent(), OtaVectors.V05SameCounter));
        }

        [TestMethod]
        public void ALowBatteryPutsTheUpdateOffWithoutRememberingIt()
        {
            OtaRig rig = new OtaRig();
            OtaAgent agent = rig.Agent();
            byte[] manifest = Hex.Decode(OtaVectors.V2);

            Assert.AreEqual(OtaDecision.Deferred, agent.HandleAnnounce(manifest, 0, manifest.Length, 12));
            Assert.AreEqual(OtaReason.BatteryLow, agent.LastReason);
            Assert.AreEqual(OtaDecision.Deferred, agent.HandleAnnounce(manifest, 0, manifest.Length, 29));
            Assert.AreEqual(1, agent.PendingEventCount, "one deferral event per boot");
            Assert.AreEqual(OtaDecision.Accepted, agent.HandleAnnounce(manifest, 0, manifest.Length, 80));
        }

        [TestMethod]
        public void ADownloadCutByTheLinkResumesNextBootFetchingAtMostOneChunkAgain()
        {
            OtaRig rig = new OtaRig();
            OtaAgent agent = rig.Agent();
            rig.Downloader.FailAfterBytes = 2500;
            OtaRig.Announce(agent, OtaVectors.V2);
            Assert.AreEqual(OtaStep.NetworkError, agent.Step(100000));
            Assert.AreEqual(2, agent.ChunksWritten);

            // The device sleeps; the next boot resumes from flash, even before any announce arrives.
            rig.Downloader.FailAfterBytes = -1;
            rig.Reboot(WakeCause.Timer);
            OtaAgent next = rig.Agent();
            Assert.AreNotEqual("idle", next.StateText);
            Assert.AreEqual(2, next.ChunksWritten);
            Assert.AreEqual(OtaDecision.Resumed, OtaRig.Announce(next, OtaVectors.V2));
            Assert.AreEqual(OtaStep.RebootRequired, next.Step(100000));

            long again = rig.Downloader.BytesServed - OtaVectors.ImageSize;
            Assert.IsTrue(again <= OtaVectors.ChunkSize, again.ToString() + " bytes fetched twice");
            Assert.AreEqual(1, rig.Slots.State.Record.PendingSlot);
        }

        [TestMethod]
        public void AReadThatBreaksOffContinuesWhereItStoppedWithinABoot()
        {
            OtaRig rig = new OtaRig();
            OtaAgent agent = rig.Agent();
            rig.Downloader.MaxPerRead = 300;
            rig.Downloader.FailNextReads = 0;
            OtaRig.Announce(agent, OtaVectors.V2);
            rig.Downloader.FailAfterBytes = 1500;
            Assert.AreEqual(OtaStep.NetworkError, agent.Step(100000));
            rig.Downloader.FailAfterBytes = -1;
            Assert.AreEqual(OtaStep.RebootRequired, agent.Step(100000));
            Assert.AreEqual((long)OtaVectors.ImageSize, rig.Downloader.BytesServed, "nothing fetched twice");
        }

        [TestMethod]
        public void TheBudgetBoundsAStepAndTheNextStepContinues()
        {
            OtaRig rig = new OtaRig();
            OtaAgent agent = rig.Agent();
            OtaRig.Announce(agent, OtaVectors.V2);
            Assert.AreEqual(OtaStep.InProgress, agent.Step(0));
            Assert.AreEqual(OtaStep.RebootRequired, agent.Step(100000));
        }

        [TestMethod]
        public void ACorruptedDownloadIsFetchedAgainAndATamperedImageRefused()
        {
            OtaRig rig = new OtaRig();
            byte[] good = OtaImage.Create(2, OtaVectors.ImageSize);
            byte[] bad = OtaImage.Create(2, OtaVectors.ImageSize);
            bad[4321] ^= 0x01;
            rig.Downloader.Content = bad;
            OtaAgent agent = rig.Agent();
            OtaRig.Announce(agent, OtaVectors.V2);

            // In transit: the first download is corrupted, the second is good.
            rig.Downloader.LaterContent = good;
            rig.Downloader.SwitchAfterBytes = OtaVectors.ImageSize;
            Assert.AreEqual(OtaStep.RebootRequired, agent.Step(100000));
            Assert.AreEqual(2L * OtaVectors.ImageSize, rig.Downloader.BytesServed);

            // On the server: every download is wrong, so after two the image is refused for good.
            OtaRig tampered = new OtaRig();
            tampered.Downloader.Content = bad;
            OtaAgent second = tampered.Agent();
            OtaRig.Announce(second, OtaVectors.V2);
            Assert.AreEqual(OtaStep.Idle, second.Step(100000));
            Assert.AreEqual(OtaReason.ImageHashMismatch, second.LastReason);
            Assert.AreEqual(BootControlRecord.NoSlot, tampered.Slots.State.Record.PendingSlot);
            Assert.IsTrue(Ordinal.IndexOf(OtaRig.Events(second), "image-hash-mismatch") > 0);
            tampered.Reboot(WakeCause.Timer);
            OtaAgent third = tampered.Agent();
            Assert.AreEqual(OtaDecision.Ignored, OtaRig.Announce(third, OtaVectors.V2), "not fetched a third time");
        }

        [TestMethod]
        public void ATruncatedImageIsRefused()
        {
            OtaRig rig = new OtaRig();
            byte[] shorter = new byte[4000];
            System.Array.Copy(OtaImage.Create(2, OtaVectors.ImageSize), shorter, shorter.Length);
            rig.Downloader.Content = shorter;
            OtaAgent agent = rig.Agent();
            OtaRig.Announce(agent, OtaVectors.V2);
            Assert.AreEqual(OtaStep.Idle, agent.Step(100000));
            Assert.AreEqual(OtaReason.ImageTruncated, agent.LastReason);
            Assert.IsFalse(rig.Slots.ReadDescriptor(1, new SlotDescriptor()), "the staging is dropped");
        }

        [TestMethod]
        public void AFailedHealthCheckWithTheNetworkUpCountsOncePerBootAndRollsBackAtTheEnd()
        {
            OtaRig rig = new OtaRig();
            rig.StageV2AndReboot();
            for (int boot = 0; boot < 3; boot++)
            {
                OtaAgent agent = rig.Agent();
                Assert.IsTrue(agent.IsTrial);
                agent.ReportRadioSession(true, false);
                agent.ReportRadioSession(true, false);
                Assert.IsTrue(agent.RebootRequested);
                Assert.AreEqual(2 - boot, rig.Slots.State.Record.TrialAttemptsLeft);
                rig.Reboot(WakeCause.Reboot);
            }

            Assert.AreEqual(0, rig.Slots.State.RunningSlot);
            OtaAgent back = rig.Agent();
            Assert.AreEqual("1.0.0", back.RunningVersion);
            string events = OtaRig.Events(back);
            Assert.IsTrue(Ordinal.IndexOf(events, "\"outcome\":\"rolled-back\",\"reason\":\"health-check\",\"version\":\"2.0.0\",\"previous\":\"1.0.0\"") > 0, events);
            Assert.AreEqual(OtaDecision.Ignored, OtaRig.Announce(back, OtaVectors.V2), "a rolled-back image is not installed again");
        }

        [TestMethod]
        public void AnOutageDuringTheTrialUsesNoAttempt()
        {
            OtaRig rig = new OtaRig();
            rig.StageV2AndReboot();
            for (int wake = 0; wake < 10; wake++)
            {
                OtaAgent agent = rig.Agent();
                rig.Clock.UptimeMilliseconds = 1000;
                agent.ReportRadioSession(false, false);
                Assert.IsFalse(agent.RebootRequested);
                Assert.IsTrue(rig.Slots.State.TrialDeadline > 1000);
                rig.Reboot(WakeCause.Timer);
            }

            Assert.AreEqual(3, rig.Slots.State.Record.TrialAttemptsLeft);
            OtaAgent online = rig.Agent();
            online.ReportRadioSession(true, true);
            Assert.IsFalse(rig.Slots.State.Trial);
            Assert.AreEqual(1, rig.Slots.State.Record.ActiveSlot);
        }

        [TestMethod]
        public void KeysRotateAndARevokedKeysManifestIsRefused()
        {
            OtaRig rig = new OtaRig();
            rig.Downloader.Url = OtaVectors.UrlV3;
            rig.Downloader.Content = OtaImage.Create(3, OtaVectors.ImageSize);
            OtaAgent agent = rig.Agent();

            Assert.AreEqual(OtaDecision.KeysUpdated, OtaRig.Announce(agent, OtaVectors.KeysAddC));
            Assert.IsTrue(Ordinal.IndexOf(OtaRig.Events(agent), "\"outcome\":\"keys-updated\",\"keySequence\":1") > 0);
            Assert.AreEqual(OtaDecision.Ignored, OtaRig.Announce(agent, OtaVectors.KeysAddC), "the retained key update, again");

            rig.Reboot(WakeCause.Timer);
            agent = rig.Agent();
            Assert.AreEqual(OtaDecision.Accepted, OtaRig.Announce(agent, OtaVectors.V3ByKeyC), "KeyC is trusted after the update");

            Assert.AreEqual(OtaDecision.KeysUpdated, OtaRig.Announce(agent, OtaVectors.KeysRevokeC));
            Assert.AreEqual(OtaDecision.Rejected, OtaRig.Announce(agent, OtaVectors.KeysAddC));
            Assert.AreEqual(OtaReason.KeySequenceNotNewer, agent.LastReason, "an old key update cannot be replayed");

            rig.Reboot(WakeCause.Timer);
            agent = rig.Agent();
            Assert.AreEqual(OtaDecision.Rejected, OtaRig.Announce(agent, OtaVectors.V3ByKeyC));
            Assert.AreEqual(OtaReason.RevokedKey, agent.LastReason);
            Assert.AreEqual(OtaDecision.Rejected, OtaRig.Announce(agent, OtaVectors.KeysAddCAgain));
            Assert.AreEqual(OtaReason.KeyWasRevoked, agent.LastReason);
        }

        [TestMethod]
        public void ARootKeyIsRevokedOnlyByAnotherRootKey()
        {
            OtaRig rig = new OtaRig();
            OtaAgent agent = rig.Agent();
            Assert.AreEqual(OtaDecision.Rejected, OtaRig.Announce(agent, OtaVectors.KeysARevokesRootA));
            Assert.AreEqual(OtaReason.RootRevocationNeedsAnotherRoot, agent.LastReason);

            OtaRig.Announce(agent, OtaVectors.KeysAddC);
            Assert.AreEqual(OtaDecision.Rejected, OtaRig.Announce(agent, OtaVectors.KeysCRevokesRootB));
            Assert.AreEqual(OtaReason.RootRevocationNeedsAnotherRoot, agent.LastReason, "an added key cannot revoke a root");

            Assert.AreEqual(OtaDecision.KeysUpdated, OtaRig.Announce(agent, OtaVectors.KeysBRevokesRootA));
            rig.Reboot(WakeCause.Timer);
            agent = rig.Agent();
            Assert.AreEqual(OtaDecision.Rejected, OtaRig.Announce(agent, OtaVectors.V2));
            Assert.AreEqual(OtaReason.RevokedKey, agent.LastReason);
        }
    }
}
