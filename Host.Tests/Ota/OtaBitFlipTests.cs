using System;
using System.Diagnostics;
using Firmware.Boot;
using Firmware.Host.Tests.Support;
using Firmware.Ota;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Ota
{
    /// <summary>Any single flipped bit, anywhere in a manifest or in an image, is refused and nothing is installed.</summary>
    [TestClass]
    public sealed class OtaBitFlipTests
    {
        [TestMethod]
        public void EveryBitOfASignedManifestMattersWhenFlipped()
        {
            Stopwatch time = Stopwatch.StartNew();
            HostOtaRig rig = new HostOtaRig();
            byte[] manifest = rig.Release("2.0.0", 1, HostOtaRig.Image(2, 3000), "http://cdn/v2");
            OtaAgent agent = rig.Agent();
            int bits = manifest.Length * 8;
            for (int bit = 0; bit < bits; bit++)
            {
                manifest[bit / 8] ^= (byte)(1 << (bit % 8));
                int decision = agent.HandleAnnounce(manifest, 0, manifest.Length, -1);
                manifest[bit / 8] ^= (byte)(1 << (bit % 8));
                Assert.AreEqual(OtaDecision.Rejected, decision, $"bit {bit} flipped was accepted");
            }

            Assert.IsFalse(rig.Slots.ReadDescriptor(1, new SlotDescriptor()), "nothing was staged");
            Assert.AreEqual(OtaDecision.Accepted, agent.HandleAnnounce(manifest, 0, manifest.Length, -1), "the intact manifest");
            Console.WriteLine($"{bits} single-bit flips of a {manifest.Length}-byte manifest refused in {time.ElapsedMilliseconds} ms");
        }

        [TestMethod]
        public void EveryBitOfAnImageMattersWhenFlipped()
        {
            Stopwatch time = Stopwatch.StartNew();
            int size = Tier.Choose(768, 4096);
            byte[] image = HostOtaRig.Image(2, size);
            int bits = size * 8;
            HostOtaRig rig = new HostOtaRig(HostOtaRig.Image(1, 600));
            rig.Settings.MaxHashFailures = 1;
            byte[] manifest = rig.Release("2.0.0", 1, image, "http://cdn/v2");
            byte[] blank = new byte[UpdaterState.MaxEncodedSize];
            int blankLength = new UpdaterState().Encode(blank, 0);
            for (int bit = 0; bit < bits; bit++)
            {
                byte[] served = (byte[])image.Clone();
                served[bit / 8] ^= (byte)(1 << (bit % 8));
                rig.Downloader.Put("http://cdn/v2", served);
                rig.Slots.WriteUpdaterState(blank, 0, blankLength);
                OtaAgent agent = rig.Agent();
                Assert.AreEqual(OtaDecision.Accepted, agent.HandleAnnounce(manifest, 0, manifest.Length, -1), $"bit {bit}");
                Assert.AreEqual(OtaStep.Idle, agent.Step(int.MaxValue), $"bit {bit}");
                Assert.AreEqual(OtaReason.ImageHashMismatch, agent.LastReason, $"bit {bit}");
                Assert.AreEqual(BootControlRecord.NoSlot, rig.Slots.State.Record.PendingSlot, $"bit {bit}");
            }

            Console.WriteLine($"{bits} single-bit flips of a {size}-byte image refused in {time.ElapsedMilliseconds} ms");
        }
    }
}
