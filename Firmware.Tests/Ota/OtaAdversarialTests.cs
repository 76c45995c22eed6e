using Firmware.Boot;
using Firmware.Ota;
using Firmware.Ports;
using Firmware.Text;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Ota
{
    /// <summary>
    /// Attempts to break the update's rules: a key revoked while an image it signed downloads, the trial-attempt
    /// counter at the limits of the record that keeps it, a confirmation reported twice, announces repeated or
    /// replaced during a download.
    /// </summary>
    [TestClass]
    public class OtaAdversarialTests
    {
        [TestMethod]
        public void AKeyRevokedWhileItsImageDownloadsStopsThatDownload()
        {
            OtaRig rig = new OtaRig();
            rig.Downloader.Url = OtaVectors.UrlV3;
            rig.Downloader.Content = OtaImage.Create(3, OtaVectors.ImageSize);
            OtaAgent agent = rig.Agent();
            Assert.AreEqual(OtaDecision.KeysUpdated, OtaRig.Announce(agent, OtaVectors.KeysAddC));
            Assert.AreEqual(OtaDecision.Accepted, OtaRig.Announce(agent, OtaVectors.V3ByKeyC));

            Assert.AreEqual(OtaDecision.KeysUpdated, OtaRig.Announce(agent, OtaVectors.KeysRevokeC));
            int step = agent.Step(100000);

            Assert.AreNotEqual(OtaStep.RebootRequired, step, "an image signed by a revoked key must not become pending");
            Assert.AreEqual(BootControlRecord.NoSlot, rig.Slots.State.Record.PendingSlot);
            Assert.IsFalse(agent.RebootRequested);
            Assert.AreEqual(OtaReason.RevokedKey, agent.LastReason);
            Assert.IsNull(agent.TargetVersion, "no update in progress");
            Assert.IsTrue(Ordinal.IndexOf(OtaRig.Events(agent), "\"outcome\":\"rejected\",\"reason\":\"revoked-key\"") > 0, OtaRig.Events(agent));
            Assert.IsFalse(rig.Slots.ReadDescriptor(1, new SlotDescriptor()), "the staging is dropped");
            Assert.AreEqual(OtaDecision.Rejected, OtaRig.Announce(agent, OtaVectors.V3ByKeyC));
            Assert.AreEqual(OtaReason.RevokedKey, agent.LastReason);
        }

        [TestMethod]
        public void AKeyUpdateThatLeavesTheDownloadsKeyTrustedLetsItFinish()
        {
            OtaRig rig = new OtaRig();
            OtaAgent agent = rig.Agent();
            Assert.AreEqual(OtaDecision.Accepted, OtaRig.Announce(agent, OtaVectors.V2));
            Assert.AreEqual(OtaDecision.KeysUpdated, OtaRig.Announce(agent, OtaVectors.KeysAddC));
            Assert.AreEqual(OtaStep.RebootRequired, agent.Step(100000));
            Assert.AreEqual(1, rig.Slots.State.Record.PendingSlot);
        }

        [TestMethod]
        public void TheTrialAttemptsAreLimitedToWhatTheRecordKeeps()
        {
            OtaRig rig = new OtaRig();
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => { rig.Slots.MaxTrialAttempts = 0; });
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => { rig.Slots.MaxTrialAttempts = 256; });
            Assert.AreEqual(3, rig.Slots.MaxTrialAttempts);
        }

        [TestMethod]
        public void TheLargestAttemptCountSurvivesSleepsOfTheTrial()
        {
            OtaRig rig = new OtaRig();
            OtaAgent agent = rig.Agent();
            OtaRig.Announce(agent, OtaVectors.V2);
            agent.Step(100000);
            ManagedUpdateSlots slots = rig.NewSlots();
            slots.MaxTrialAttempts = 255;
            Assert.AreEqual(1, slots.BeginBoot(WakeCause.Reboot));

            rig.Reboot(WakeCause.Timer);
            Assert.IsTrue(rig.Slots.State.Trial, "a sleep wake of the trial image uses no attempt");
            Assert.AreEqual(255, rig.Slots.State.Record.TrialAttemptsLeft);
            Assert.AreEqual(1, rig.Slots.State.RunningSlot);
        }

        [TestMethod]
        public void AConfirmationReportedTwiceConfirmsOnce()
        {
            OtaRig rig = new OtaRig();
            rig.StageV2AndReboot();
            OtaAgent agent = rig.Agent();
            agent.ReportRadioSession(true, true);
            long outcome = rig.Slots.State.Record.OutcomeId;
            agent.ReportRadioSession(true, true);
            agent.ReportRadioSession(true, false);

            Assert.AreEqual(outcome, rig.Slots.State.Record.OutcomeId);
            Assert.IsFalse(agent.RebootRequested);
            Assert.AreEqual(1, agent.PendingEventCount);
            Assert.ThrowsException(typeof(System.InvalidOperationException), () => rig.Slots.Confirm());
        }

        [TestMethod]
        public void TheSameAnnounceDuringADownloadFetchesNothingAgain()
        {
            OtaRig rig = new OtaRig();
            rig.Downloader.FailAfterBytes = 2048;
            OtaAgent agent = rig.Agent();
            OtaRig.Announce(agent, OtaVectors.V2);
            Assert.AreEqual(OtaStep.NetworkError, agent.Step(100000));
            long served = rig.Downloader.BytesServed;

            Assert.AreEqual(OtaDecision.Resumed, OtaRig.Announce(agent, OtaVectors.V2));
            rig.Downloader.FailAfterBytes = -1;
            Assert.AreEqual(OtaStep.RebootRequired, agent.Step(100000));
            Assert.AreEqual((long)OtaVectors.ImageSize, rig.Downloader.BytesServed, "bytes served before the repeat: " + served.ToString());
        }

        [TestMethod]
        public void ANewerAnnounceDuringADownloadReplacesItAndOnlyItsImageBecomesPending()
        {
            OtaRig rig = new OtaRig();
            rig.Downloader.FailAfterBytes = 2048;
            OtaAgent agent = rig.Agent();
            OtaRig.Announce(agent, OtaVectors.V2);
            agent.Step(100000);

            OtaRig.Announce(agent, OtaVectors.KeysAddC);
            rig.Downloader.Url = OtaVectors.UrlV3;
            rig.Downloader.Content = OtaImage.Create(3, OtaVectors.ImageSize);
            rig.Downloader.FailAfterBytes = -1;
            Assert.AreEqual(OtaDecision.Accepted, OtaRig.Announce(agent, OtaVectors.V3ByKeyC));
            Assert.AreEqual(OtaStep.RebootRequired, agent.Step(100000));

            rig.Reboot(WakeCause.Reboot);
            Assert.AreEqual("3.0.0", rig.RunningVersion());
        }
    }
}
