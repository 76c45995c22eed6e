using Firmware.Boot;
using Firmware.Text;

namespace Firmware.Ota
{
    /// <summary>The updater's part of the retained status record: the "ota" object, and the one word for its state.</summary>
    public static class OtaStatus
    {
        /// <summary>One word for a download phase (<see cref="ImageDownload.Phase"/>): idle, erasing, downloading, verifying, pending-reboot, or trial.</summary>
        public static string StateText(int phase, bool trial)
        {
            switch (phase)
            {
                case ImageDownload.Erasing:
                    return "erasing";
                case ImageDownload.Downloading:
                    return "downloading";
                case ImageDownload.Verifying:
                    return "verifying";
                case ImageDownload.Pending:
                    return "pending-reboot";
                default:
                    return trial ? "trial" : "idle";
            }
        }

        /// <summary>
        /// Writes the "ota" object: the running slot and version, the state, the minimum security counter, the
        /// attempts left on trial, the version being fetched, verified or pending ("target", when there is one) and the
        /// chunks of a download (when one runs).
        /// </summary>
        public static void Write(JsonWriter writer, BootState boot, string running, string state, string target, int chunksWritten, int chunkCount)
        {
            writer.Name("ota");
            writer.BeginObject();
            writer.Property("slot", (long)boot.RunningSlot);
            writer.Property("running", running);
            writer.Property("state", state);
            writer.Property("minCounter", boot.Record.MinimumSecurityCounter);
            if (boot.Trial)
            {
                writer.Property("attemptsLeft", (long)boot.Record.TrialAttemptsLeft);
            }

            if (target != null)
            {
                writer.Property("target", target);
            }

            if (chunkCount > 0)
            {
                writer.Property("chunks", (long)chunksWritten);
                writer.Property("of", (long)chunkCount);
            }

            writer.EndObject();
        }
    }
}
