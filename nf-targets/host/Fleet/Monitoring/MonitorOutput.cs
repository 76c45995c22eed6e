using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Firmware.Host.Fleet.Monitoring
{
    /// <summary>Where the monitor's report goes: metrics.json and index.html in a folder.</summary>
    public static class MonitorOutput
    {
        private static readonly JsonSerializerOptions Json = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            WriteIndented = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };

        public static void Write(FleetMetrics metrics, string directory, string title)
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, "metrics.json"), JsonSerializer.Serialize(metrics, Json));
            File.WriteAllText(Path.Combine(directory, "index.html"), MonitorPage.Render(metrics, title));
        }
    }
}
