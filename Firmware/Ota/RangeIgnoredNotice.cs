using Firmware.Text;

namespace Firmware.Ota
{
    /// <summary>
    /// How the application's downloaders tell the updater that the image server ignores HTTP Range requests (it answers
    /// 200 with the whole image, as <c>python3 -m http.server</c> does). <see cref="Firmware.Ports.IDownloader"/> is a
    /// frozen port with no word for it, and a type of the updater would not be the same type for a twin's downloader
    /// outside the bundle, so the notice is a failed read: the first read of such an answer returns -1 with a
    /// <see cref="Firmware.Ports.IDownloader.LastError"/> that starts with <see cref="Prefix"/>. The downloader keeps the
    /// answer open; its next reads stream it from its first byte, skipping to the positions asked, and continue it for
    /// later positions. The updater does not count the notice as a failed read, and names the case in its log and events.
    /// </summary>
    public static class RangeIgnoredNotice
    {
        /// <summary>What the notice starts with: the <see cref="OtaReason.RangeIgnored"/> word.</summary>
        public const string Prefix = OtaReason.RangeIgnored + ": ";

        /// <summary>True when a read's error is the notice.</summary>
        public static bool Is(string error)
        {
            return error != null && Ordinal.StartsWith(error, Prefix);
        }
    }
}
