using Firmware.Boot;
using Firmware.Ota;
using Firmware.Ports;
using Firmware.Tests.Crypto;
using Firmware.Text;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Ota
{
    /// <summary>The updater on the device's radio sessions, through the participant interface the device loop calls.</summary>
    [TestClass]
    public class OtaParticipantTests
    {
        [TestMethod]
        public void AnAnnounceIsAnsweredAndDownloadedAsOptionalWorkThenTheRebootIsRequested()
        {
            OtaParticipantRig rig = new OtaParticipantRig();
            rig.Connect();
            Assert.IsFalse(rig.Participant.WantsRadioSession, "nothing on trial");

            Assert.IsTrue(rig.Announce(OtaVectors.V2));
            Assert.AreEqual(1, rig.EventsWith("\"outcome\":\"accepted\",\"version\":\"2.0.0\",\"previous\":\"1.0.0\""), rig.Events());

            rig.Context.OptionalWorkAllowed = false;
            rig.Participant.RunOptionalWork(rig.Context);
            Assert.AreEqual(0L, rig.Ota.Downloader.BytesServed, "the plan postponed optional work: no download");

            rig.Context.OptionalWorkAllowed = true;
            rig.Participant.RunOptionalWork(rig.Context);
            Assert.AreEqual(1, rig.Ota.Slots.State.Record.PendingSlot, "downloaded, verified and pending");
            Assert.IsTrue(rig.Context.RebootRequested, "the wake ends with the reboot into the trial");
        }

        [TestMethod]
        public void TheTrialAsksForASessionOnItsFirstBootAndAnOutageUsesNoAttempt()
        {
            OtaParticipantRig rig = new OtaParticipantRig();
            rig.Ota.StageV2AndReboot();
            rig.Boot(WakeCause.Reboot);
            Assert.IsTrue(rig.Ota.Slots.State.Trial);
            Assert.IsTrue(rig.Participant.WantsRadioSession, "the first trial boot runs a session whatever the schedule");

            // No network: the session ends without reaching it.
            rig.Participant.OnSessionEnd(rig.Context);
            Assert.AreEqual(3, rig.Ota.Slots.State.Record.TrialAttemptsLeft, "an outage is not an attempt");
            Assert.IsFalse(rig.Context.RebootRequested);

            rig.Boot(WakeCause.Timer);
            Assert.IsFalse(rig.Participant.WantsRadioSession, "sample wakes of the trial follow the schedule");
            Assert.IsTrue(rig.Ota.Slots.State.Trial);

            rig.Connect();
            rig.Participant.OnHealthy(rig.Context);
            rig.Context.Healthy = true;
            rig.Participant.OnSessionEnd(rig.Context);

            Assert.IsFalse(rig.Ota.Slots.State.Trial, "the health check confirmed it");
            Assert.IsTrue(rig.Ota.Slots.State.Record.Confirmed);
            Assert.AreEqual(1, rig.EventsWith("\"outcome\":\"updated\",\"version\":\"2.0.0\",\"previous\":\"1.0.0\",\"outcomeId\":" + rig.Ota.Slots.State.Record.OutcomeId.ToString() + "}"), rig.Events());
            Assert.IsFalse(rig.Participant.WantsRadioSession);
        }

        [TestMethod]
        public void AFailedHealthCheckWithTheNetworkUpUsesAnAttemptAndReboots()
        {
            OtaParticipantRig rig = new OtaParticipantRig();
            rig.Ota.StageV2AndReboot();
            rig.Boot(WakeCause.Reboot);
            rig.Network.Connect(1000);

            rig.Participant.OnSessionEnd(rig.Context);

            Assert.AreEqual(2, rig.Ota.Slots.State.Record.TrialAttemptsLeft);
            Assert.AreEqual(TrialFailure.HealthCheck, rig.Ota.Slots.State.Record.LastFailure);
            Assert.IsTrue(rig.Context.RebootRequested, "the next attempt is a new boot");
        }

        [TestMethod]
        public void ADeferralForALowBatteryIsReportedOnceAcrossWakes()
        {
            OtaParticipantRig rig = new OtaParticipantRig();
            rig.Battery.Percent = 12;
            rig.Boot(WakeCause.Timer);
            rig.Connect();
            rig.Announce(OtaVectors.V2);
            Assert.AreEqual(1, rig.EventsWith("\"outcome\":\"deferred\",\"reason\":\"battery-low\""), rig.Events());

            for (int wake = 0; wake < 3; wake++)
            {
                rig.Boot(WakeCause.Timer);
                rig.Connect();
                rig.Announce(OtaVectors.V2);
            }

            Assert.AreEqual(1, rig.EventsWith("battery-low"), "every wake is a boot, yet the deferral is reported once: " + rig.Events());
            Assert.AreEqual(0L, rig.Ota.Downloader.BytesServed);

            rig.Battery.Percent = 80;
            rig.Boot(WakeCause.Timer);
            rig.Connect();
            rig.Announce(OtaVectors.V2);
            Assert.AreEqual(1, rig.EventsWith("\"outcome\":\"accepted\""), rig.Events());
        }

        [TestMethod]
        public void ABatteryThatCannotBeMeasuredStartsNoUpdate()
        {
            OtaParticipantRig rig = new OtaParticipantRig();
            rig.Context.Reset(true, -1);
            rig.Connect();
            rig.Announce(OtaVectors.V2);
            Assert.AreEqual(1, rig.EventsWith("battery-low"), rig.Events());
        }

        [TestMethod]
        public void ARefusedAnnounceIsAnsweredWithItsReasonAndTheStatusNamesTheSlot()
        {
            OtaParticipantRig rig = new OtaParticipantRig();
            rig.Connect();

            rig.Announce(OtaVectors.V2ByKeyD);

            Assert.AreEqual(1, rig.EventsWith("\"outcome\":\"rejected\",\"reason\":\"unknown-key\""), rig.Events());
            byte[] buffer = new byte[512];
            JsonWriter writer = new JsonWriter();
            writer.Reset(buffer, 0, buffer.Length);
            writer.BeginObject();
            rig.Participant.WriteStatus(writer);
            writer.EndObject();
            string status = Utf8.Decode(buffer, 0, writer.Length);
            Assert.IsTrue(Ordinal.IndexOf(status, "\"ota\":{\"slot\":0,\"running\":\"1.0.0\",\"state\":\"idle\"") > 0, status);
        }

        [TestMethod]
        public void OnlyAnnounceTopicsAndTheOtaCommandAreTaken()
        {
            OtaParticipantRig rig = new OtaParticipantRig();
            rig.Settings.GroupTopic = "sensors/groups/kitchen/ota";
            rig.Boot(WakeCause.Timer);
            rig.Connect();

            string[] filters = rig.Participant.SubscriptionFilters(rig.Topics);
            Assert.AreEqual(2, filters.Length);
            Assert.AreEqual("sensors/d/ota", filters[0]);
            Assert.AreEqual("sensors/groups/kitchen/ota", filters[1]);
            Assert.IsFalse(rig.Deliver("sensors/d/other", new byte[] { 1 }));
            Assert.IsTrue(rig.Deliver("sensors/groups/kitchen/ota", Hex.Decode(OtaVectors.V2ByKeyD)));
            Assert.IsTrue(rig.Deliver("sensors/d/ota", new byte[0]), "an empty retained message clears the announce: taken, nothing done");
            Assert.AreEqual(1, rig.EventsWith("unknown-key"), rig.Events());
        }
    }
}
