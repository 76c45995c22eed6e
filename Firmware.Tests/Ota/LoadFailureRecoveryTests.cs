using Firmware.Boot;
using Firmware.Crypto;
using Firmware.Ports;
using Firmware.Storage;
using Firmware.Tests.Fakes;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Ota
{
    /// <summary>
    /// <see cref="LoadFailureRecovery"/> on its own flash: slot 0 holds the confirmed image that does not load, slot 1
    /// the fall-back or nothing. Each step switches in one record write, or changes nothing and says why.
    /// </summary>
    [TestClass]
    public class LoadFailureRecoveryTests
    {
        private const int SectorSize = 2048;
        private const int ImageSize = 3000;

        [TestMethod]
        public void AQualifyingFallBackRunsConfirmedAfterOneRecordWrite()
        {
            RamFlash slot1 = new RamFlash(SectorSize, 4);
            BootState state = new BootState();
            BootControlStore control;
            LoadFailureRecovery recovery = Recovery(slot1, state, out control);
            SlotArea area = new SlotArea(slot1, new byte[SlotArea.MarksOffset]);
            area.WriteFactoryImage(Descriptor(1), OtaImage.Create(2, ImageSize), 0, ImageSize, new SlotDescriptor());
            area.MarkProven();

            Assert.IsNull(recovery.FallBack());

            Assert.AreEqual(1, state.RunningSlot);
            BootControlRecord stored = new BootControlRecord();
            Assert.IsTrue(control.ReadInto(stored));
            Assert.AreEqual(1, stored.ActiveSlot);
            Assert.AreEqual(BootOutcome.Recovered, stored.Outcome);
            Assert.AreEqual(0, stored.OutcomeSlot);
        }

        [TestMethod]
        public void WithoutAFallBackNothingChangesAndTheReasonIsGiven()
        {
            BootState state = new BootState();
            BootControlStore control;
            LoadFailureRecovery recovery = Recovery(new RamFlash(SectorSize, 4), state, out control);

            Assert.AreEqual("slot 1 holds no image", recovery.FallBack());

            Assert.AreEqual(0, state.RunningSlot);
            BootControlRecord stored = new BootControlRecord();
            control.ReadInto(stored);
            Assert.AreEqual(0, stored.ActiveSlot);
            Assert.AreEqual(0L, stored.OutcomeId);
        }

        [TestMethod]
        public void TheFactoryImageIsHashedWrittenProvenAndRun()
        {
            RamFlash slot1 = new RamFlash(SectorSize, 4);
            BootState state = new BootState();
            BootControlStore control;
            LoadFailureRecovery recovery = Recovery(slot1, state, out control);
            byte[] image = OtaImage.Create(7, ImageSize);
            SlotDescriptor d = Descriptor(1);

            Assert.IsNull(recovery.RestoreFactory(d, image, 0, image.Length));

            byte[] expected = new byte[32];
            Sha256.Hash(image, 0, image.Length, expected, 0);
            Assert.IsTrue(Crypto.TestBytes.Equal(expected, d.ImageSha256), "the hash is computed from the image");
            Assert.IsTrue(new SlotArea(slot1, new byte[SlotArea.MarksOffset]).IsProven());
            Assert.AreEqual(1, state.RunningSlot);
            Assert.AreEqual(BootOutcome.Recovered, state.Record.Outcome);
        }

        [TestMethod]
        public void AFactoryImageBelowTheMinimumWritesNothing()
        {
            RamFlash slot1 = new RamFlash(SectorSize, 4);
            BootState state = new BootState();
            BootControlStore control;
            LoadFailureRecovery recovery = Recovery(slot1, state, out control);
            byte[] image = OtaImage.Create(7, ImageSize);

            Assert.AreEqual("the factory image 2.0.0 has security counter 0, below the minimum 1", recovery.RestoreFactory(Descriptor(0), image, 0, image.Length));

            Assert.AreEqual(0, slot1.Erases);
            Assert.AreEqual(0, slot1.BytesProgrammed);
            Assert.AreEqual(0, state.RunningSlot);
        }

        /// <summary>A recovery with slot 0 confirmed and running (minimum counter 1) and <paramref name="slot1"/> as the other slot.</summary>
        private static LoadFailureRecovery Recovery(RamFlash slot1, BootState state, out BootControlStore control)
        {
            byte[] header = new byte[SlotArea.MarksOffset];
            SlotArea[] areas = new SlotArea[] { new SlotArea(new RamFlash(SectorSize, 4), header), new SlotArea(slot1, header) };
            control = new BootControlStore(new RamFlash(SectorSize, 2), 1024, state);
            BootTransitions.Provision(control.Record, 1);
            control.Write();
            BootDecision decision = new BootDecision(control, state, new FakeClock());
            Assert.AreEqual(0, decision.Begin(WakeCause.PowerOn));
            return new LoadFailureRecovery(areas, control, decision, new SlotDescriptor());
        }

        private static SlotDescriptor Descriptor(long counter)
        {
            SlotDescriptor d = new SlotDescriptor();
            d.VersionMajor = 2;
            d.SecurityCounter = counter;
            d.ImageSize = ImageSize;
            d.ChunkSize = 1024;
            Sha256.Hash(OtaImage.Create(2, ImageSize), 0, ImageSize, d.ImageSha256, 0);
            return d;
        }
    }
}
