using Firmware.Boot;
using Firmware.Ota;
using Firmware.Ports;
using Firmware.Storage;
using Firmware.Tests.Fakes;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Ota
{
    /// <summary>
    /// Every refusal the updater reports carries a refusal id ("refusalId"): a count of its own, apart from boot control's
    /// outcome ids, kept in the updater's record in boot control, so it grows with each refusal and survives a reboot and a
    /// power cut as the outcome id does. A receiver counts each refusal once by it.
    /// </summary>
    [TestClass]
    public class RefusalIdTests
    {
        [TestMethod]
        public void ARefusalEventCarriesItsIdAndNoOutcomeId()
        {
            OtaRig rig = new OtaRig();
            rig.StageV2AndReboot();
            rig.Slots.Confirm();
            rig.Reboot(WakeCause.Timer);
            long outcomeId = rig.Slots.State.Record.OutcomeId;
            Assert.IsTrue(outcomeId > 0, "boot control counted the update");
            OtaAgent agent = rig.Agent();
            agent.EventsPublished(agent.PendingEventCount);

            Assert.AreEqual(OtaDecision.Rejected, OtaRig.Announce(agent, OtaVectors.V2OtherModel));

            Assert.AreEqual(
                "{\"event\":\"ota\",\"outcome\":\"rejected\",\"reason\":\"wrong-hardware\",\"version\":\"2.0.0\",\"refusalId\":1,\"detail\":\"for other-board; this is test-board\"}\n",
                OtaRig.Events(agent),
                "the first refusal is 1 whatever boot control's outcome id is: the two are counted apart");
        }

        [TestMethod]
        public void IdsGrowWithEachRefusalAndAreKeptAcrossARemount()
        {
            OtaRig rig = new OtaRig();
            OtaAgent agent = rig.Agent();

            Assert.AreEqual(OtaDecision.Rejected, OtaRig.Announce(agent, OtaVectors.V2OtherModel));
            Assert.AreEqual(OtaDecision.Rejected, OtaRig.Announce(agent, OtaVectors.V2NewerRuntime));
            Assert.AreEqual(2, agent.PendingEventCount);
            Assert.AreEqual(1L, agent.PeekEvent(0).RefusalId);
            Assert.AreEqual(2L, agent.PeekEvent(1).RefusalId);
            agent.EventsPublished(1);

            // A new boot mounts boot control afresh: the refusal not published yet comes again under its id.
            rig.Reboot(WakeCause.PowerOn);
            OtaAgent next = rig.Agent();
            Assert.AreEqual("{\"event\":\"ota\",\"outcome\":\"rejected\",\"reason\":\"runtime-too-old\",\"refusalId\":2}\n", OtaRig.Events(next));
            next.EventsPublished(1);

            Assert.AreEqual(OtaDecision.Rejected, OtaRig.Announce(next, OtaVectors.V2Huge));
            Assert.AreEqual(3L, next.PeekEvent(0).RefusalId, "the count goes on from the record");
            next.EventsPublished(1);
            rig.Reboot(WakeCause.Timer);
            Assert.AreEqual(0, rig.Agent().PendingEventCount, "each refusal is reported once");
        }

        [TestMethod]
        public void ARefusalIsPublishedOnlyOnceItsIdIsSavedAndACutSaveGivesTheIdAgain()
        {
            PowerCutFlash flash = new PowerCutFlash(new RamFlash(OtaRig.SectorSize, OtaRig.Sectors));
            OtaRig rig = new OtaRig(flash, false);
            OtaAgent agent = rig.Agent();
            Assert.AreEqual(OtaDecision.Rejected, OtaRig.Announce(agent, OtaVectors.V2OtherModel));
            agent.EventsPublished(1);

            int cuts = 0;
            for (int cut = 1; cut < 10; cut++)
            {
                rig.Reboot(WakeCause.PowerOn);
                agent = rig.Agent();
                flash.FailAt = flash.Operations + cut;
                try
                {
                    OtaRig.Announce(agent, OtaVectors.V2NewerRuntime);
                    break;
                }
                catch (System.IO.IOException)
                {
                    // The power went while the refusal was saved: boot control holds the record before it, whole.
                    cuts++;
                    Assert.AreEqual(0, agent.PendingEventCount, "nothing of the cut refusal was queued");
                    flash.PowerOn();
                    rig.Reboot(WakeCause.PowerOn);
                    UpdaterRecord record = new UpdaterRecord(rig.Slots);
                    Assert.IsTrue(record.Load());
                    Assert.AreEqual(1L, record.State.RefusalId, "cut at operation " + cut.ToString());
                    Assert.AreEqual(OtaReason.WrongHardware, record.State.SettledReason);
                }
            }

            Assert.IsTrue(cuts > 0, "the save was cut at least once");
            flash.PowerOn();
            Assert.AreEqual(2L, agent.PeekEvent(0).RefusalId, "the id of a refusal that was never saved nor published is given again");
            rig.Reboot(WakeCause.PowerOn);
            Assert.AreEqual("{\"event\":\"ota\",\"outcome\":\"rejected\",\"reason\":\"runtime-too-old\",\"refusalId\":2}\n", OtaRig.Events(rig.Agent()));
        }

        [TestMethod]
        public void ARefusalStoredByAnApplicationBeforeRefusalIdsGetsOneWhenItIsReported()
        {
            OtaRig rig = new OtaRig();
            UpdaterRecord old = new UpdaterRecord(rig.Slots);
            old.Settle(new byte[32], OtaReason.BadSignature, false);
            old.Save();
            byte[] bytes = new byte[UpdaterState.MaxEncodedSize];
            int length = rig.Slots.ReadUpdaterState(bytes, 0);
            for (int i = 116; i < 120; i++)
            {
                Assert.AreEqual((byte)0, bytes[i], "an earlier application wrote these bytes as zero, as this one writes no id");
            }

            OtaAgent agent = rig.Agent();

            Assert.AreEqual("{\"event\":\"ota\",\"outcome\":\"rejected\",\"reason\":\"bad-signature\",\"refusalId\":1}\n", OtaRig.Events(agent));
            UpdaterRecord saved = new UpdaterRecord(rig.Slots);
            Assert.IsTrue(saved.Load());
            Assert.AreEqual(1L, saved.State.RefusalId, "saved before it is published");
            Assert.AreEqual(length, saved.State.Encode(bytes, 0), "the same size: the id takes bytes the reason never used");
        }

        [TestMethod]
        public void TheIdTakesTheLastBytesOfTheReasonFieldSoAnEarlierApplicationStillReadsTheRecord()
        {
            UpdaterState state = new UpdaterState();
            state.HasSettled = true;
            state.SettledReason = OtaReason.RootRevocationNeedsAnotherRoot;
            state.RefusalId = 0x01020304;
            byte[] bytes = new byte[UpdaterState.MaxEncodedSize];

            int length = state.Encode(bytes, 0);

            // What an earlier application checks: format 1, the size from the key counts, a reason of at most 40 bytes.
            Assert.AreEqual(120, length);
            Assert.AreEqual((byte)1, bytes[0]);
            Assert.AreEqual((byte)34, bytes[13], "the longest reason fits before the id");
            Assert.AreEqual((byte)4, bytes[116]);
            Assert.AreEqual((byte)1, bytes[119]);
            UpdaterState back = new UpdaterState();
            Assert.IsTrue(back.Decode(bytes, 0, length));
            Assert.AreEqual(0x01020304L, back.RefusalId);
            Assert.AreEqual(OtaReason.RootRevocationNeedsAnotherRoot, back.SettledReason);

            // A 40-character reason (which no application wrote) is read as before, with no refusal id.
            for (int i = 80 + 34; i < 120; i++)
            {
                bytes[i] = (byte)'x';
            }

            bytes[13] = 40;
            Assert.IsTrue(back.Decode(bytes, 0, length));
            Assert.AreEqual(0L, back.RefusalId);
            Assert.AreEqual(OtaReason.RootRevocationNeedsAnotherRoot + "xxxxxx", back.SettledReason);
        }
    }
}
