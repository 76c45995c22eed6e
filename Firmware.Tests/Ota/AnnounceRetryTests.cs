using Firmware.Boot;
using Firmware.Ota;
using Firmware.Ports;
using Firmware.Tests.Crypto;
using Firmware.Text;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Ota
{
    /// <summary>
    /// An announce refused for good is tried again when the operator announces it again (a delivery that is not the
    /// retained copy), a bounded number of times; every announce the updater ignores is said in the log and on the events
    /// topic, its retained copy once across wakes.
    /// </summary>
    [TestClass]
    public class AnnounceRetryTests
    {
        [TestMethod]
        public void ARefusedAnnounceIsRetriedWhenAnnouncedAgainNotWhenItsRetainedCopyComesBack()
        {
            OtaRig rig = new OtaRig();
            rig.Log.Enabled = true;
            byte[] image = rig.Downloader.Content;
            byte[] cut = new byte[4000];
            System.Array.Copy(image, cut, cut.Length);
            rig.Downloader.Content = cut;
            OtaAgent agent = rig.Agent();
            Assert.AreEqual(OtaDecision.Accepted, OtaRig.Announce(agent, OtaVectors.V2, false));
            Assert.AreEqual(OtaStep.Idle, agent.Step(100000));
            Assert.AreEqual(OtaReason.ImageTruncated, agent.LastReason);
            agent.EventsPublished(agent.PendingEventCount);

            // The retained copy at the next wake: ignored, and said so.
            rig.Reboot(WakeCause.Timer);
            OtaAgent next = rig.Agent();
            Assert.AreEqual(OtaDecision.Ignored, OtaRig.Announce(next, OtaVectors.V2, true));
            Assert.IsTrue(rig.Log.Contains("ignored"));
            string events = OtaRig.Events(next);
            Assert.IsTrue(Ordinal.IndexOf(events, "\"outcome\":\"ignored\",\"reason\":\"refused-before\",\"version\":\"2.0.0\"") >= 0, events);
            Assert.IsTrue(Ordinal.IndexOf(events, "image-truncated") >= 0, "the event names the refusal: " + events);
            Assert.AreEqual(0L + cut.Length, rig.Downloader.BytesServed, "nothing fetched for the retained copy");

            // The server is fixed and the operator announces the same manifest again: it is tried again, and installed.
            rig.Downloader.Content = image;
            Assert.AreEqual(OtaDecision.Accepted, OtaRig.Announce(next, OtaVectors.V2, false));
            Assert.IsTrue(rig.Log.Contains("retrying"));
            Assert.AreEqual(OtaStep.RebootRequired, next.Step(100000));
            Assert.AreEqual(1, rig.Slots.State.Record.PendingSlot);
        }

        [TestMethod]
        public void RetriesAreBoundedSoABrokenAnnounceCannotDrainTheBattery()
        {
            OtaRig rig = new OtaRig();
            rig.Log.Enabled = true;
            OtaAgent agent = rig.Agent();
            Assert.AreEqual(OtaDecision.Rejected, OtaRig.Announce(agent, OtaVectors.V2ByKeyD, false));
            for (int retry = 1; retry <= rig.Settings.MaxAnnounceRetries; retry++)
            {
                rig.Reboot(WakeCause.Timer);
                agent = rig.Agent();
                Assert.AreEqual(OtaDecision.Rejected, OtaRig.Announce(agent, OtaVectors.V2ByKeyD, false), "retry " + retry.ToString());
                Assert.AreEqual(OtaReason.UnknownKey, agent.LastReason);
            }

            rig.Reboot(WakeCause.Timer);
            agent = rig.Agent();
            Assert.AreEqual(OtaDecision.Ignored, OtaRig.Announce(agent, OtaVectors.V2ByKeyD, false));
            string events = OtaRig.Events(agent);
            Assert.IsTrue(Ordinal.IndexOf(events, "\"outcome\":\"ignored\",\"reason\":\"retries-used-up\"") >= 0, events);
            Assert.IsTrue(rig.Log.Contains("retries"));
        }

        [TestMethod]
        public void TheAnnounceOfTheRunningImageIsIgnoredAndSaidSo()
        {
            OtaRig rig = new OtaRig();
            rig.Log.Enabled = true;
            rig.StageV2AndReboot();
            OtaAgent agent = rig.Agent();
            agent.ReportRadioSession(true, true);
            agent.EventsPublished(agent.PendingEventCount);

            Assert.AreEqual(OtaDecision.Ignored, OtaRig.Announce(agent, OtaVectors.V2, true));

            Assert.IsTrue(rig.Log.Contains("2.0.0"));
            string events = OtaRig.Events(agent);
            Assert.IsTrue(Ordinal.IndexOf(events, "\"outcome\":\"ignored\",\"reason\":\"already-running\",\"version\":\"2.0.0\"") >= 0, events);
        }

        [TestMethod]
        public void ARetainedAnnounceIgnoredAtEveryWakeIsLoggedEachTimeAndReportedOnce()
        {
            OtaParticipantRig rig = new OtaParticipantRig();
            rig.Ota.Log.Enabled = true;
            rig.Connect();
            Assert.IsTrue(rig.Deliver(rig.Topics.Ota, Hex.Decode(OtaVectors.V2ByKeyD), false));
            Assert.AreEqual(1, rig.EventsWith("\"outcome\":\"rejected\",\"reason\":\"unknown-key\""), rig.Events());

            int logged = rig.Ota.Log.Count;
            for (int wake = 0; wake < 3; wake++)
            {
                rig.Boot(WakeCause.Timer);
                rig.Connect();
                rig.Announce(OtaVectors.V2ByKeyD);
            }

            Assert.AreEqual(1, rig.EventsWith("\"outcome\":\"ignored\""), "every wake is a boot, yet the ignore is reported once: " + rig.Events());
            Assert.IsTrue(rig.Ota.Log.Count >= logged + 3, "and logged at every wake");

            // Announced again by the operator: retried (and refused again, its key is still unknown), then said.
            rig.Boot(WakeCause.Timer);
            rig.Connect();
            rig.Deliver(rig.Topics.Ota, Hex.Decode(OtaVectors.V2ByKeyD), false);
            Assert.AreEqual(2, rig.EventsWith("\"outcome\":\"rejected\",\"reason\":\"unknown-key\""), rig.Events());
        }

        [TestMethod]
        public void TheRetriesOfTheSettledAnnounceAreKeptInTheUpdatersRecord()
        {
            OtaRig rig = new OtaRig();
            rig.Log.Enabled = true;
            UpdaterRecord record = new UpdaterRecord(rig.Slots);
            byte[] digest = new byte[32];
            digest[0] = 7;
            record.Settle(digest, OtaReason.ImageTruncated, true);
            Assert.AreEqual(1, record.Retry(digest));
            Assert.IsFalse(record.IsSettled(digest), "while it is tried again, it is not settled");
            record.Settle(digest, OtaReason.ImageTruncated, false);
            Assert.AreEqual(2, record.Retry(digest));
            record.Save();

            rig.Reboot(WakeCause.Timer);
            UpdaterRecord next = new UpdaterRecord(rig.Slots);
            Assert.IsTrue(next.Load());
            Assert.AreEqual(2, next.State.SettledRetries);
            next.Settle(digest, OtaReason.ImageTruncated, false);
            Assert.AreEqual(2, next.State.SettledRetries, "the same announce refused again keeps its count");
            byte[] other = new byte[32];
            next.Settle(other, OtaReason.BadSignature, false);
            Assert.AreEqual(0, next.State.SettledRetries, "another announce starts again");
        }
    }
}
