using System;
using System.IO;
using System.Security.Cryptography;
using Firmware.Boot;
using Firmware.Host.Tests.Support;
using Firmware.Ota;
using Firmware.Ports;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Ota
{
    /// <summary>
    /// Power cut at every flash operation of the boot recovery (<see cref="ManagedUpdateSlots.RecoverFromLoadFailure"/>
    /// and <see cref="ManagedUpdateSlots.RestoreFactory"/>), as <see cref="OtaPowerCutTests"/> does for an update: a
    /// device that runs v2 confirmed, v1 proven in the other slot, finds v2's slot rotted and falls back to v1; then
    /// v1's slot rots too and the factory image is restored over v2's slot. The model loader boots an image only if
    /// it matches its SHA-256 (an image that does not is one that does not load). After every boot the record is
    /// valid and the running image verifies; the script always ends on the restored factory image.
    /// </summary>
    [TestClass]
    public sealed class BootRecoveryPowerCutTests
    {
        private const int ImageSize = 6000;

        [TestMethod]
        public void APowerCutAtAnyFlashOperationOfARecoveryLeavesABootableVerifiedImage()
        {
            OtaCutSweep.Run("recovery", Run, 8);
        }

        private static OtaCutOutcome Run(long cutAt, int seed)
        {
            HostOtaRig rig = UpdatedToV2(seed, cutAt);
            Rot(rig, 1);
            long start = rig.Flash.Operations;
            if (cutAt > 0)
            {
                rig.Flash.CutPowerAtOperation(start + cutAt - 1);
            }

            int cuts = 0;
            bool v1Rotted = false;
            bool done = false;
            WakeCause cause = WakeCause.PowerOn;
            string where = $"after a cut at {cutAt} (seed {seed})";
            for (int boot = 0; boot < 20 && !done; boot++)
            {
                try
                {
                    int slot = rig.Reboot(cause);
                    CheckRecord(rig, where);
                    cause = WakeCause.Reboot;
                    if (!rig.SlotVerifies(slot, out _))
                    {
                        // The loader: this image does not load; recover, then restart into what boot control names.
                        int next = rig.Slots.RecoverFromLoadFailure();
                        if (next == BootControlRecord.NoSlot)
                        {
                            Assert.IsTrue(rig.Slots.RestoreFactory(FactoryDescriptor(rig), rig.Factory, 0, rig.Factory.Length), rig.Slots.RecoveryError + " " + where);
                            next = rig.Slots.State.RunningSlot;
                        }

                        Assert.AreNotEqual(slot, next, where);
                        Assert.IsTrue(rig.SlotVerifies(next, out _), $"the recovery switched to slot {next}, which does not verify, " + where);
                        continue;
                    }

                    rig.SlotVerifies(slot, out string version);
                    Assert.IsTrue(rig.Slots.State.Record.Confirmed, where);
                    if (!v1Rotted)
                    {
                        Assert.AreEqual(0, slot, "the fall-back runs " + where);
                        Assert.AreEqual("1.0.0", version, where);
                        Rot(rig, 0);
                        v1Rotted = true;
                    }
                    else
                    {
                        Assert.AreEqual(1, slot, "the factory image was restored over the rotted slot " + where);
                        Assert.AreEqual("1.0.0", version, where);
                        done = true;
                    }
                }
                catch (IOException) when (rig.Flash.IsPoweredOff)
                {
                    cuts++;
                    rig.PowerOn();
                    cause = WakeCause.PowerOn;
                }
            }

            Assert.IsTrue(done, "the script did not finish " + where);
            BootControlRecord record = rig.Slots.State.Record;
            Assert.AreEqual(BootOutcome.Recovered, record.Outcome, where);
            Assert.AreEqual(0, record.OutcomeSlot, where);
            SlotDescriptor restored = new SlotDescriptor();
            Assert.IsTrue(rig.Slots.ReadDescriptor(1, restored) && restored.Factory, where);
            OtaAgent agent = rig.Agent();
            Assert.IsTrue(OtaRigEvents(agent).Contains("\"outcome\":\"recovered\""), where);
            return new OtaCutOutcome { Operations = rig.Flash.Operations - start, Cuts = cuts };
        }

        /// <summary>Factory v1 in slot 0, updated over the air to v2 (same security counter) in slot 1, confirmed.</summary>
        private static HostOtaRig UpdatedToV2(int seed, long cutAt)
        {
            HostOtaRig rig = new HostOtaRig(seed: (seed * 7919) + (int)cutAt);
            byte[] announce = rig.Release("2.0.0", 1, HostOtaRig.Image(2, ImageSize), "http://cdn/v2", null);
            rig.Reboot(WakeCause.PowerOn);
            OtaAgent agent = rig.Agent();
            Assert.AreEqual(OtaDecision.Accepted, agent.HandleAnnounce(announce, 0, announce.Length, -1));
            Assert.AreEqual(OtaStep.RebootRequired, agent.Step(int.MaxValue));
            Assert.AreEqual(1, rig.Reboot(WakeCause.Reboot));
            agent = rig.Agent();
            agent.ReportRadioSession(true, true);
            Assert.IsTrue(rig.Slots.State.Record.Confirmed);
            agent.EventsPublished(agent.PendingEventCount);
            return rig;
        }

        /// <summary>Bit rot in a slot's image: one flipped bit, outside any flash operation.</summary>
        private static void Rot(HostOtaRig rig, int slot)
        {
            int address = (FlashLayoutSectors(slot) + 1) * 4096 + 1234;
            rig.Flash.FlipBit(address, 3);
        }

        private static int FlashLayoutSectors(int slot) => Firmware.Storage.FlashLayout.BootControlSectors + (slot * HostOtaRig.SlotSectors);

        private static SlotDescriptor FactoryDescriptor(HostOtaRig rig)
        {
            return new SlotDescriptor { VersionMajor = 1, SecurityCounter = 1, ImageSize = rig.Factory.Length, ChunkSize = 1024 };
        }

        private static void CheckRecord(HostOtaRig rig, string where)
        {
            BootControlRecord record = new BootControlRecord();
            Assert.IsTrue(rig.Slots.ReadRecord(record), "no valid boot-control record " + where);
            Assert.IsTrue(record.Confirmed, where);
            Assert.AreEqual(BootControlRecord.NoSlot, record.PendingSlot, where);
            Assert.AreEqual(1L, record.MinimumSecurityCounter, where);
        }

        private static string OtaRigEvents(OtaAgent agent)
        {
            byte[] buffer = new byte[512];
            Firmware.Text.JsonWriter writer = new Firmware.Text.JsonWriter();
            string all = string.Empty;
            for (int i = 0; i < agent.PendingEventCount; i++)
            {
                writer.Reset(buffer, 0, buffer.Length);
                agent.WriteEvent(i, writer);
                all += System.Text.Encoding.UTF8.GetString(buffer, 0, writer.Length) + "\n";
            }

            return all;
        }
    }
}
