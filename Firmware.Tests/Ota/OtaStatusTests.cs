using Firmware.Boot;
using Firmware.Ota;
using Firmware.Text;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Ota
{
    /// <summary>The updater's part of the retained status (<see cref="OtaStatus"/>).</summary>
    [TestClass]
    public class OtaStatusTests
    {
        [TestMethod]
        public void EachPhaseHasItsWordAndATrialShowsOnlyWhenIdle()
        {
            Assert.AreEqual("idle", OtaStatus.StateText(ImageDownload.Idle, false));
            Assert.AreEqual("trial", OtaStatus.StateText(ImageDownload.Idle, true));
            Assert.AreEqual("erasing", OtaStatus.StateText(ImageDownload.Erasing, false));
            Assert.AreEqual("downloading", OtaStatus.StateText(ImageDownload.Downloading, true));
            Assert.AreEqual("verifying", OtaStatus.StateText(ImageDownload.Verifying, false));
            Assert.AreEqual("pending-reboot", OtaStatus.StateText(ImageDownload.Pending, false));
        }

        [TestMethod]
        public void TheObjectCarriesTheAttemptsOnlyOnTrialAndTheTargetAndChunksOnlyDuringADownload()
        {
            BootState boot = new BootState();
            boot.RunningSlot = 1;
            boot.Record.MinimumSecurityCounter = 4;
            boot.Record.TrialAttemptsLeft = 2;

            Assert.AreEqual("{\"ota\":{\"slot\":1,\"running\":\"2.0.0\",\"state\":\"downloading\",\"minCounter\":4,\"target\":\"2.1.0\",\"chunks\":3,\"of\":5}}", Status(boot, "downloading", "2.1.0", 3, 5));

            boot.Trial = true;
            Assert.AreEqual("{\"ota\":{\"slot\":1,\"running\":\"2.0.0\",\"state\":\"trial\",\"minCounter\":4,\"attemptsLeft\":2}}", Status(boot, "trial", null, 0, 0));
        }

        private static string Status(BootState boot, string state, string target, int written, int chunks)
        {
            byte[] buffer = new byte[256];
            JsonWriter writer = new JsonWriter();
            writer.Reset(buffer, 0, buffer.Length);
            writer.BeginObject();
            OtaStatus.Write(writer, boot, "2.0.0", state, target, written, chunks);
            writer.EndObject();
            return Utf8.Decode(buffer, 0, writer.Length);
        }
    }
}
