using Firmware.SetupPorts;

namespace Firmware.Setup
{
    /// <summary>
    /// The setup page's three views, small and self-contained (no script, no external style, font or image): the form,
    /// "connecting" while the device tries the network and the broker (it reloads itself every two seconds), and "saved".
    /// The form shows the device, its firmware and its battery, lists the networks the device sees (the strongest chosen
    /// unless another was), and is filled with what the device has; passwords are never written back into it.
    /// </summary>
    public static class SetupPage
    {
        /// <summary>Seconds between reloads of the "connecting" view.</summary>
        public const int RefreshSeconds = 2;

        private const string Style = "<style>body{font:16px system-ui,sans-serif;max-width:32em;margin:0 auto;padding:0 1em}"
            + "label{display:block;margin:.7em 0 .2em}input,select,textarea{box-sizing:border-box;width:100%;font:inherit;padding:.35em}"
            + "input[type=checkbox]{width:auto}fieldset{margin:1em 0;border:1px solid #bbb}button{font:inherit;padding:.5em 1.2em;margin:1em 0}"
            + ".m{padding:.6em;border-radius:4px}.e{background:#fde2e1}.ok{background:#dff3e0}small{color:#555}</style>";

        /// <summary>The form, with <paramref name="message"/> above it (an error when <paramref name="error"/>), or none when null.</summary>
        public static void Form(PageWriter w, SetupIdentity identity, string battery, SetupForm form, WifiSighting[] networks, int networkCount, string message, bool error)
        {
            Head(w, identity, 0);
            About(w, identity, battery);
            if (message != null)
            {
                w.Raw("<p class=\"m ").Raw(error ? "e" : "ok").Raw("\" id=msg>").Text(message).Raw("</p>");
            }

            w.Raw("<form method=post action=/setup><fieldset><legend>Wi-Fi</legend><label for=ssid>Network</label><select id=ssid name=ssid>");
            bool listed = false;
            for (int i = 0; i < networkCount; i++)
            {
                // The network chosen; with none chosen or typed, the strongest (the list comes strongest first).
                string ssid = networks[i].Ssid;
                bool selected = form.Ssid.Length > 0 ? ssid == form.Ssid : i == 0 && form.OtherSsid.Length == 0;
                listed |= selected;
                w.Raw("<option value=\"").Text(ssid).Raw(selected ? "\" selected>" : "\">").Text(ssid).Raw(" (").Number(networks[i].SignalStrength).Raw(" dBm)</option>");
            }

            w.Raw("<option value=\"\"").Raw(listed || networkCount == 0 ? ">" : " selected>").Raw("another network (type its name)</option></select>");
            w.Raw(networkCount < 0 ? "<small>Looking for networks&hellip; <a href=/>reload</a></small>" : "<small>").Raw(networkCount == 0 ? "No network found. " : string.Empty)
                .Raw(networkCount < 0 ? string.Empty : "<a href=/scan>Scan again</a></small>");
            Field(w, "other", "Other network's name", "text", form.OtherSsid, 32);
            Field(w, "wpass", "Wi-Fi password", "password", string.Empty, 64);
            w.Raw("</fieldset><fieldset><legend>MQTT broker</legend>");
            Field(w, "host", "Host (brokerHost)", "text", form.BrokerHost, 253);
            Field(w, "port", "Port (brokerPort)", "text", form.BrokerPort, 5);
            w.Raw("<label><input type=checkbox name=tls value=1").Raw(form.Tls ? " checked" : string.Empty).Raw("> TLS</label>");
            w.Raw("<label for=ca>CA certificate, PEM (with TLS; empty keeps the device's)</label><textarea id=ca name=ca rows=3>").Text(form.CaCertificate).Raw("</textarea>");
            Field(w, "user", "User name (userName)", "text", form.UserName, 128);
            Field(w, "pass", "Password", "password", string.Empty, 128);
            Field(w, "prefix", "Topic prefix (topicPrefix)", "text", form.TopicPrefix, 64);
            w.Raw("</fieldset>");
            Field(w, "name", "Device name (deviceId)", "text", form.DeviceName, 32);
            w.Raw("<button type=submit>Save and connect</button></form></body></html>");
        }

        /// <summary>While the device tries <paramref name="network"/> and the broker: reloads /result until it knows.</summary>
        public static void Connecting(PageWriter w, SetupIdentity identity, string network)
        {
            Head(w, identity, RefreshSeconds);
            w.Raw("<p class=m id=msg>Connecting to <b>").Text(network).Raw("</b> and the broker&hellip; this page reloads by itself.</p></body></html>");
        }

        /// <summary>The settings are stored: the device leaves setup mode and connects.</summary>
        public static void Saved(PageWriter w, SetupIdentity identity, string network, string deviceName)
        {
            Head(w, identity, 0);
            w.Raw("<p class=\"m ok\" id=msg>Saved. <b>").Text(deviceName).Raw("</b> reached the network <b>").Text(network)
                .Raw("</b> and the broker, and restarts now to send its first reading. This access point closes; you can leave it.</p></body></html>");
        }

        private static void Head(PageWriter w, SetupIdentity identity, int refreshSeconds)
        {
            w.Raw("<!doctype html><html lang=en><head><meta charset=utf-8><meta name=viewport content=\"width=device-width,initial-scale=1\">");
            if (refreshSeconds > 0)
            {
                w.Raw("<meta http-equiv=refresh content=\"").Number(refreshSeconds).Raw(";url=/result\">");
            }

            w.Raw("<title>Set up ").Text(identity.AccessPointName).Raw("</title>").Raw(Style).Raw("</head><body><h1>Set up ").Text(identity.AccessPointName).Raw("</h1>");
        }

        private static void About(PageWriter w, SetupIdentity identity, string battery)
        {
            w.Raw("<p><small>Device <b id=hw>").Text(identity.HardwareId).Raw("</b> &middot; firmware <b id=fw>").Text(identity.FirmwareVersion)
                .Raw("</b> &middot; <span id=battery>").Text(battery).Raw("</span></small></p>");
        }

        private static void Field(PageWriter w, string name, string label, string type, string value, int maxLength)
        {
            w.Raw("<label for=").Raw(name).Raw(">").Text(label).Raw("</label><input id=").Raw(name).Raw(" name=").Raw(name).Raw(" type=").Raw(type)
                .Raw(" maxlength=").Number(maxLength).Raw(" value=\"").Text(value).Raw("\">");
        }
    }
}
