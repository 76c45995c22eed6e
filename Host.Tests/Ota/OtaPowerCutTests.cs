using System;
using System.IO;
using Firmware.Boot;
using Firmware.Ota;
using Firmware.Host.Tests.Support;
using Firmware.Ports;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Ota
{
    /// <summary>
    /// Power cut at every flash operation of an update's life (as MCUboot's simulator does): a download of v2, its
    /// verification and the switch to it, its trial boot and confirmation, then a v3 that crashes three times and
    /// is rolled back. The cut may leave a program or an erase half done (<see cref="Hardware.SimulatedNorFlash"/>). After
    /// each cut the device must boot a verified image from a consistent boot-control record, re-fetch at most one
    /// chunk, and the script must still end with v2 confirmed and v3 rolled back.
    /// </summary>
    [TestClass]
    public sealed class OtaPowerCutTests
    {
        private const int ImageSize = 6000;

        [TestMethod]
        public void APowerCutAtAnyFlashOperationLeavesAVerifiedImageAndTheUpdateCompletes()
        {
            OtaCutSweep.Run("update", Run, 50, (o, where) =>
                Assert.IsTrue(o.Refetched <= 1024, $"{where}: {o.Refetched} bytes fetched again, more than a chunk"));
        }

        /// <summary>Runs the script, cutting power at operation <paramref name="cutAt"/> (none when negative), checking after every boot.</summary>
        private static OtaCutOutcome Run(long cutAt, int seed)
        {
            HostOtaRig rig = new HostOtaRig(seed: (seed * 7919) + (int)cutAt);
            byte[] v2 = HostOtaRig.Image(2, ImageSize);
            byte[] v3 = HostOtaRig.Image(3, ImageSize);
            byte[] announceV2 = rig.Release("2.0.0", 2, v2, "http://cdn/v2", null);
            byte[] announceV3 = rig.Release("3.0.0", 2, v3, "http://cdn/v3", null);
            long start = rig.Flash.Operations;
            if (cutAt > 0)
            {
                rig.Flash.CutPowerAtOperation(start + cutAt - 1);
            }

            int cuts = 0;
            WakeCause cause = WakeCause.PowerOn;
            bool done = false;
            for (int boot = 0; boot < 40 && !done; boot++)
            {
                try
                {
                    rig.Reboot(cause);
                    CheckBootControl(rig, $"boot {boot} after a cut at {cutAt} (seed {seed})");
                    cause = WakeCause.Timer;
                    OtaAgent agent = rig.Agent();
                    string running = agent.RunningVersion;
                    if (agent.IsTrial)
                    {
                        if (running == "3.0.0")
                        {
                            // v3 crashes at start: the loader counts it and restarts the device.
                            rig.Slots.RecordTrialFailure(TrialFailure.Crash);
                            cause = WakeCause.Reboot;
                            continue;
                        }

                        agent.ReportRadioSession(true, true);
                    }

                    agent.EventsPublished(agent.PendingEventCount);
                    byte[] announce = running == "1.0.0" ? announceV2 : announceV3;
                    int decision = agent.HandleAnnounce(announce, 0, announce.Length, -1);
                    if (running == "2.0.0" && decision == OtaDecision.Ignored)
                    {
                        done = true;
                        break;
                    }

                    Assert.IsTrue(decision == OtaDecision.Accepted || decision == OtaDecision.Resumed, $"boot {boot}: {decision} {agent.LastReason}");
                    Assert.AreEqual(OtaStep.RebootRequired, agent.Step(int.MaxValue));
                    cause = WakeCause.Reboot;
                }
                catch (IOException) when (rig.Flash.IsPoweredOff)
                {
                    cuts++;
                    rig.PowerOn();
                    cause = WakeCause.PowerOn;
                }
            }

            string where = $"after a cut at {cutAt} (seed {seed})";
            Assert.IsTrue(done, "the script did not finish " + where);
            Assert.IsTrue(rig.SlotVerifies(rig.Slots.State.RunningSlot, out string version), where);
            Assert.AreEqual("2.0.0", version, where);
            Assert.IsTrue(rig.Slots.State.Record.Confirmed, where);
            Assert.AreEqual(2L, rig.Slots.State.Record.MinimumSecurityCounter, where);
            Assert.AreEqual(BootOutcome.RolledBack, rig.Slots.State.Record.Outcome, where);
            return new OtaCutOutcome
            {
                Operations = rig.Flash.Operations - start,
                Cuts = cuts,
                Refetched = rig.Downloader.BytesServed - (2 * ImageSize),
            };
        }

        /// <summary>Boot control names a verified image to run, and a pending image, if any, verifies too.</summary>
        private static void CheckBootControl(HostOtaRig rig, string where)
        {
            BootControlRecord record = new BootControlRecord();
            Assert.IsTrue(rig.Slots.ReadRecord(record), "no valid boot-control record " + where);
            Assert.AreEqual(record.ActiveSlot, rig.Slots.State.RunningSlot, where);
            Assert.IsTrue(rig.SlotVerifies(record.ActiveSlot, out string version), $"slot {record.ActiveSlot} does not verify " + where);
            CollectionAssert.Contains(new[] { "1.0.0", "2.0.0", "3.0.0" }, version, where);
            Assert.AreEqual(BootControlRecord.NoSlot, record.PendingSlot, "BeginBoot switches to a pending image " + where);
            if (!record.Confirmed)
            {
                Assert.IsTrue(record.TrialAttemptsLeft >= 1 && record.TrialAttemptsLeft <= 3, where);
                Assert.IsTrue(rig.SlotVerifies(1 - record.ActiveSlot, out _), "the image to fall back to does not verify " + where);
            }

            Assert.IsTrue(record.MinimumSecurityCounter == 1 || record.MinimumSecurityCounter == 2, where);
        }
    }
}
