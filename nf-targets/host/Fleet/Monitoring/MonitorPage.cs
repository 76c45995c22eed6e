using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace Firmware.Host.Fleet.Monitoring
{
    /// <summary>
    /// The monitor's page: one self-contained HTML file with the headline figures and plots drawn by Chart.js, which
    /// is embedded in the page (the twin carries it as a resource, installed from npm at build time), so the page needs
    /// nothing from the network.
    /// </summary>
    public static class MonitorPage
    {
        /// <summary>The embedded plotting library, or null when the build had no npm.</summary>
        public static string PlotLibrary()
        {
            using Stream stream = typeof(MonitorPage).Assembly.GetManifestResourceStream("chart.umd.min.js");
            if (stream == null)
            {
                return null;
            }

            using StreamReader reader = new StreamReader(stream, Encoding.UTF8);
            return reader.ReadToEnd();
        }

        public static string Render(FleetMetrics metrics, string title)
        {
            string library = PlotLibrary();
            string data = JsonSerializer.Serialize(metrics, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase });
            StringBuilder page = new StringBuilder();
            page.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(WebUtility.HtmlEncode(title)).Append("</title>\n");
            page.Append("<style>body{font-family:system-ui,sans-serif;margin:16px;color:#222}h1{font-size:20px;margin:0 0 4px}.sub{color:#666;margin-bottom:12px}")
                .Append(".cards{display:flex;flex-wrap:wrap;gap:8px;margin-bottom:12px}.card{border:1px solid #ddd;border-radius:6px;padding:8px 12px;min-width:140px}")
                .Append(".card b{display:block;font-size:22px}.grid{display:grid;grid-template-columns:repeat(3,1fr);gap:12px}.plot{border:1px solid #eee;border-radius:6px;padding:6px;height:230px}")
                .Append(".missing{color:#b00}</style>\n");
            if (library != null)
            {
                // The library's own text; a "</script" inside it would end the element early.
                page.Append("<script>").Append(library.Replace("</script", "<\\/script", System.StringComparison.OrdinalIgnoreCase)).Append("</script>\n");
            }

            page.Append("</head><body>\n<h1>").Append(WebUtility.HtmlEncode(title)).Append("</h1>\n<div class=\"sub\">as of ")
                .Append(System.DateTimeOffset.FromUnixTimeMilliseconds(metrics.Now).ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))
                .Append(", from MQTT alone: status, events, telemetry</div>\n<div class=\"cards\">\n");
            Card(page, "activation rate", Percent(metrics.ActivationRate), $"{metrics.Activated} of {metrics.Registered} devices");
            Card(page, "connectivity uptime", Percent(metrics.ConnectivityUptime), $"battery {Percent(metrics.BatteryUptime)}, mains {Percent(metrics.MainsUptime)}");
            Card(page, "update success", metrics.UpdateSuccessRate.HasValue ? Percent(metrics.UpdateSuccessRate.Value) : "none yet", "updated / ended updates");
            Card(page, "monthly active", metrics.MonthlyActiveDevices.ToString("N0", CultureInfo.InvariantCulture), "devices heard in 30 days");
            Card(page, "health score", metrics.HealthScore.ToString("0.0", CultureInfo.InvariantCulture), "0 to 100, mean of activated devices");
            Card(page, "readings", $"{metrics.ReadingsDelivered:N0}", $"delivered of {metrics.ReadingsSampled:N0} sampled; {metrics.ReadingsHeld:N0} held, {metrics.ReadingsDropped:N0} dropped");
            if (metrics.Rollout is System.Text.Json.Nodes.JsonObject rollout)
            {
                // What ota rollout publishes on fleet/rollout (RolloutProgress).
                Card(page, "rollout of " + rollout["release"], $"{rollout["phase"]}, wave {rollout["wavesBegun"]} of {(rollout["waves"] as System.Text.Json.Nodes.JsonArray)?.Count}",
                    $"{rollout["updated"]} updated, {rollout["failed"]} failed of {rollout["targeted"]} targeted");
            }

            page.Append("</div>\n");
            if (library == null)
            {
                page.Append("<p class=\"missing\">The plots need Chart.js, which this build of the twin does not carry (npm ci in nf-targets/host/Fleet/Monitoring/plot, then build again).</p>\n");
            }

            page.Append("<div class=\"grid\">\n");
            foreach (string id in new[] { "readings", "sessions", "versions", "backlog", "battery", "outcomes" })
            {
                page.Append("<div class=\"plot\"><canvas id=\"").Append(id).Append("\"></canvas></div>\n");
            }

            page.Append("</div>\n<script>\nconst m = ").Append(data).Append(";\n");
            page.Append(@"if (window.Chart) {
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  const bar = (id, title, obj, color) => new Chart(document.getElementById(id), { type: 'bar',
    data: { labels: Object.keys(obj).map(k => k.replace(/^\d\d /, '')), datasets: [{ label: title, data: Object.values(obj), backgroundColor: color }] },
    options: { plugins: { title: { display: true, text: title } } } });
  const line = (id, title, obj, color) => new Chart(document.getElementById(id), { type: 'line',
    data: { labels: Object.keys(obj), datasets: [{ label: title, data: Object.values(obj), borderColor: color, pointRadius: 2 }] },
    options: { plugins: { title: { display: true, text: title } } } });
  line('readings', 'readings delivered per day', m.readingsPerDay, '#1f77b4');
  line('sessions', 'battery sessions per day', m.sessionsPerDay, '#2ca02c');
  bar('versions', 'devices by firmware running', m.running, '#9467bd');
  bar('backlog', 'devices by backlog (readings held)', m.backlog, '#ff7f0e');
  bar('battery', 'battery devices by charge', m.battery, '#17becf');
  const outcomes = {};
  for (const [version, byOutcome] of Object.entries(m.updateOutcomes)) for (const [o, n] of Object.entries(byOutcome)) outcomes[version + ' ' + o] = n;
  bar('outcomes', 'update outcomes by version', outcomes, '#d62728');
}
</script>
</body></html>
");
            return page.ToString();
        }

        private static string Percent(double share) => (100 * share).ToString("0.0", CultureInfo.InvariantCulture) + " %";

        private static void Card(StringBuilder page, string name, string value, string note)
        {
            page.Append("<div class=\"card\">").Append(WebUtility.HtmlEncode(name)).Append("<b>").Append(WebUtility.HtmlEncode(value)).Append("</b><small>")
                .Append(WebUtility.HtmlEncode(note)).Append("</small></div>\n");
        }
    }
}
