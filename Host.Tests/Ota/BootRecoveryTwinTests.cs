using System;
using System.Diagnostics;
using System.Linq;
using System.Text.Json.Nodes;
using Firmware.Boot;
using Firmware.Host.Hardware;
using Firmware.Host.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Ota
{
    /// <summary>
    /// Flash rot under the host twin's confirmed image: the loader finds it does not load, falls back to the proven image
    /// in the other slot, the firmware reports it on …/events, and the still-retained announce installs the release again.
    /// </summary>
    [TestClass]
    public sealed class BootRecoveryTwinTests
    {
        private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

        [TestMethod]
        public void TheTwinRecoversFromARottedActiveSlotOntoTheOtherSlotAndReportsIt()
        {
            Stopwatch time = Stopwatch.StartNew();
            byte[] v1 = FirmwareBuilds.Bundle("1.0.0", 1);
            byte[] v2 = FirmwareBuilds.Bundle("2.0.0", 1);
            using OtaTwinHarness twin = new OtaTwinHarness(v1);
            twin.Http.Put("v2.bin", v2);
            twin.Announce(twin.Release("v2.bin", v2, "2.0.0", 1));
            twin.WaitForEvent(0, "updated", "2.0.0", Patience);
            twin.WaitUntil(() => twin.StatusFirmware() == "2.0.0", Patience, "v2's own status");
            long updatedAt = time.ElapsedMilliseconds;

            // Between two boots, on the twin's thread: one bit of v2's bundle header rots and the loader must read the slot again.
            int rotted = 0;
            twin.Device.AfterBoot = () =>
            {
                if (rotted == 0 && twin.Device.Slots.State.RunningSlot == 1 && !twin.Device.Slots.State.Trial)
                {
                    int address = (twin.Device.Layout.SlotB.FirstSector + 1) * twin.Device.Flash.SectorSize;
                    ((SimulatedNorFlash)twin.Device.Flash).FlipBit(address, 0);
                    twin.Device.Loader.ReleaseBundle();
                    rotted = twin.Device.Boots;
                }
            };

            JsonObject recovered = twin.WaitForEvent(1, "recovered", "2.0.0", Patience);
            Assert.AreEqual("image-unloadable", (string)recovered["reason"]);
            Assert.AreEqual("1.0.0", (string)recovered["previous"]);
            Assert.IsTrue(rotted > 0);
            long recoveredAt = time.ElapsedMilliseconds;

            // The release was good, its slot rotted: its retained announce installs it again into the rotted slot.
            twin.WaitForEvent(2, "updated", "2.0.0", Patience);
            twin.WaitUntil(() => twin.Device.Loader.RunningVersion == "2.0.0" && !twin.Device.Slots.State.Trial, Patience, "v2 running again");
            CollectionAssert.AreEqual(
                new[] { "updated 2.0.0", "recovered 2.0.0", "updated 2.0.0" },
                twin.Outcomes().Select(e => $"{e["outcome"]} {e["version"]}").ToArray(),
                string.Join(" | ", twin.Events().Select(e => e.ToJsonString())));
            Assert.IsTrue(twin.Tail().Length > 0);
            Console.WriteLine($"v2 installed at {updatedAt} ms; rot at boot {rotted}, recovery reported at {recoveredAt} ms; v2 installed again; {twin.Device.Boots} boots in {time.ElapsedMilliseconds} ms");
        }
    }
}
