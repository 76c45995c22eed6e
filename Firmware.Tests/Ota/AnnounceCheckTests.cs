using Firmware.Boot;
using Firmware.Ota;
using Firmware.Tests.Crypto;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Ota
{
    /// <summary>The checks of an announce (<see cref="AnnounceCheck"/>), which write nothing: their verdicts, details and order.</summary>
    [TestClass]
    public class AnnounceCheckTests
    {
        [TestMethod]
        public void AnAuthenticImageForThisDeviceIsAccepted()
        {
            OtaRig rig = new OtaRig();
            AnnounceCheck check = Check(rig);

            Assert.AreEqual(OtaDecision.Accepted, Run(check, rig, OtaVectors.V2, -1));

            Assert.IsNull(check.Reason);
            Assert.AreEqual("2.0.0", check.Manifest.VersionText);
            Assert.AreEqual(OtaVectors.UrlV2, check.Manifest.ImageUrl);
            Assert.IsFalse(rig.Slots.ReadDescriptor(1, new SlotDescriptor()), "nothing is written");
        }

        [TestMethod]
        public void AnAuthenticKeyUpdateIsRecognizedButNotApplied()
        {
            OtaRig rig = new OtaRig();
            KeyRing keys = new KeyRing(rig.Slots);
            AnnounceCheck check = new AnnounceCheck(rig.Slots, keys, rig.Settings);
            UpdaterState state = new UpdaterState();
            byte[] manifest = Hex.Decode(OtaVectors.KeysAddC);

            Assert.AreEqual(OtaDecision.KeysUpdated, check.Check(manifest, 0, manifest.Length, state, null, -1));

            Assert.AreEqual(0, keys.FoundRoot, "signed by root key A");
            Assert.AreEqual(0, state.AddedKeyCount);
            Assert.AreEqual(1L, check.Manifest.KeySequence);
        }

        [TestMethod]
        public void RefusalsNameTheirReasonAndWhatWasWrong()
        {
            OtaRig rig = new OtaRig();
            AnnounceCheck check = Check(rig);

            Assert.AreEqual(OtaDecision.Rejected, check.Check(new byte[] { 1, 2, 3 }, 0, 3, new UpdaterState(), null, -1));
            Assert.AreEqual(OtaReason.ManifestTruncated, check.Reason);
            Assert.AreEqual(0, check.Manifest.Kind, "no manifest was read");

            AssertRefused(check, rig, OtaVectors.V2ByKeyD, OtaReason.UnknownKey, "key 50fc3415a9e122b4");
            AssertRefused(check, rig, OtaVectors.V2OtherModel, OtaReason.WrongHardware, "for other-board; this is test-board");
            AssertRefused(check, rig, OtaVectors.V2NewerRuntime, OtaReason.RuntimeTooOld, "needs runtime 1.18.0.0; this is 1.17.0.0");
            AssertRefused(check, rig, OtaVectors.V1Again, OtaReason.SameVersion, "already runs 1.0.0");
            AssertRefused(check, rig, OtaVectors.V0LowCounter, OtaReason.SecurityCounterTooLow, "counter 0 is below the minimum 1");
            AssertRefused(check, rig, OtaVectors.V2Huge, OtaReason.ImageTooLarge, "1048576 bytes in chunks of 1024 do not fit a slot");

            byte[] altered = Hex.Decode(OtaVectors.V2);
            altered[20] ^= 1;
            Assert.AreEqual(OtaDecision.Rejected, check.Check(altered, 0, altered.Length, new UpdaterState(), null, -1));
            Assert.AreEqual(OtaReason.BadSignature, check.Reason);
        }

        [TestMethod]
        public void TheRunningVersionIsRefusedOnlyWhenItIsKnown()
        {
            OtaRig rig = new OtaRig();
            byte[] manifest = Hex.Decode(OtaVectors.V1Again);
            Assert.AreEqual(OtaDecision.Accepted, Check(rig).Check(manifest, 0, manifest.Length, new UpdaterState(), null, -1));
        }

        [TestMethod]
        public void WhatOnlyPutsAnImageOffComesAfterEveryRefusal()
        {
            OtaRig rig = new OtaRig();
            AnnounceCheck check = Check(rig);

            Assert.AreEqual(OtaDecision.Deferred, Run(check, rig, OtaVectors.V2, 29));
            Assert.AreEqual(OtaReason.BatteryLow, check.Reason);
            Assert.AreEqual("battery 29%, an update needs 30%", check.Detail);
            Assert.AreEqual(OtaDecision.Accepted, Run(check, rig, OtaVectors.V2, 30));
            Assert.AreEqual(OtaDecision.Rejected, Run(check, rig, OtaVectors.V2Huge, 29), "too large, whatever the battery");

            rig.StageV2AndReboot();
            check = Check(rig);
            Assert.AreEqual(OtaDecision.Deferred, Run(check, rig, OtaVectors.V05SameCounter, 80));
            Assert.AreEqual(OtaReason.UpdateInProgress, check.Reason);
        }

        private static AnnounceCheck Check(OtaRig rig)
        {
            return new AnnounceCheck(rig.Slots, new KeyRing(rig.Slots), rig.Settings);
        }

        /// <summary>Checks an announce as the updater of the rig's running image would.</summary>
        private static int Run(AnnounceCheck check, OtaRig rig, string manifestHex, int batteryPercent)
        {
            SlotDescriptor running = new SlotDescriptor();
            Assert.IsTrue(rig.Slots.ReadDescriptor(rig.Slots.State.RunningSlot, running));
            byte[] manifest = Hex.Decode(manifestHex);
            return check.Check(manifest, 0, manifest.Length, new UpdaterState(), running, batteryPercent);
        }

        private static void AssertRefused(AnnounceCheck check, OtaRig rig, string manifestHex, string reason, string detail)
        {
            Assert.AreEqual(OtaDecision.Rejected, Run(check, rig, manifestHex, -1), reason);
            Assert.AreEqual(reason, check.Reason);
            Assert.AreEqual(detail, check.Detail);
        }
    }
}
