using Firmware.Ports;
using Firmware.Text;

namespace Firmware.HomeAssistant
{
    /// <summary>
    /// Writes a device's Home Assistant discovery message: one device-based discovery payload (retained on
    /// &lt;prefix&gt;/device/&lt;id&gt;/config), in Home Assistant's abbreviated keys, holding
    /// <list type="bullet">
    /// <item>the device registry entry ("dev": identifiers, name, manufacturer, model, model id, firmware version, serial
    /// number, configuration URL) and the origin ("o");</item>
    /// <item>the shared options: the state topic (the retained latest reading), QoS 1, and on mains the availability from
    /// the retained status and its will;</item>
    /// <item>the components ("cmps"): a sensor per measured channel (device class, unit, state class, display precision),
    /// the battery and the signal strength, the diagnostics (readings held and dropped, the last error, the last boot
    /// reason), a climate entity for a thermostat and an update entity for a device that takes updates over the air.
    /// On battery every sensor expires after <see cref="DiscoveredDevice.ExpireAfterSeconds"/>.</item>
    /// </list>
    /// Allocates nothing: every string comes from the <see cref="DiscoveredDevice"/> or is a constant.
    /// </summary>
    public static class DiscoveryPayload
    {
        /// <summary>The origin Home Assistant logs for the discovered items.</summary>
        public const string Origin = "ESP32 nanoFramework firmware";

        // Component ids (each entity's unique id is the device id, '_' and the component id).
        public const string BatteryId = "battery";
        public const string SignalStrengthId = "rssi";
        public const string HeldId = "held";
        public const string DroppedId = "dropped";
        public const string LastErrorId = "last_error";
        public const string BootReasonId = "boot";
        public const string ThermostatId = "thermostat";
        public const string FirmwareId = "firmware";

        /// <summary>
        /// Bytes that hold <paramref name="d"/>'s payload whatever its state: the constant text, and each of the device's
        /// strings as many times as the payload can repeat it (a topic up to 15 times, the id 12 times). A sensor with
        /// three channels on a short prefix needs about 2.8 KB of the 3.8 KB this gives; the longest ids and prefixes
        /// the configuration allows need 4.9 KB of 5.6 KB.
        /// </summary>
        public static int CapacityFor(DiscoveredDevice d)
        {
            int topic = Bytes(d.StateTopic);
            topic = Bytes(d.StatusTopic) > topic ? Bytes(d.StatusTopic) : topic;
            topic = Bytes(d.SetpointTopic) > topic ? Bytes(d.SetpointTopic) : topic;
            int capacity = 2560 + (15 * topic) + (12 * Bytes(d.DeviceId)) + Bytes(d.Name) + Bytes(d.Manufacturer) + Bytes(d.Model)
                + Bytes(d.ModelId) + Bytes(d.SerialNumber) + Bytes(d.ConfigurationUrl) + (2 * Bytes(d.FirmwareVersion));
            for (int i = 0; i < d.MeasuredChannels; i++)
            {
                SensorChannel channel = d.Channels.Get(i);
                capacity += 192 + (3 * Bytes(channel.Name)) + Bytes(channel.Unit) + Bytes(d.ChannelNames[i]);
            }

            return capacity;
        }

        private static int Bytes(string text)
        {
            return text == null ? 0 : Utf8.GetByteCount(text);
        }

        public static void Write(JsonWriter w, DiscoveredDevice d)
        {
            w.BeginObject();
            WriteRegistryEntry(w, d);
            w.Name("o");
            w.BeginObject();
            w.Property("name", Origin);
            w.Property("sw", d.FirmwareVersion);
            w.EndObject();
            w.Property("stat_t", d.StateTopic);
            w.Property("qos", 1);
            if (d.Mains)
            {
                w.Property("avty_t", d.StatusTopic);
                w.Property("avty_tpl", ValueTemplates.Availability);
            }

            w.Name("cmps");
            w.BeginObject();
            for (int i = 0; i < d.MeasuredChannels; i++)
            {
                WriteChannel(w, d, i);
            }

            if (d.HasBattery)
            {
                Begin(w, d, BatteryId, "sensor");
                Measurement(w, "battery", "%", "measurement");
                Diagnostic(w, d, ValueTemplates.Battery);
            }

            Begin(w, d, SignalStrengthId, "sensor");
            Measurement(w, "signal_strength", "dBm", "measurement");
            Diagnostic(w, d, ValueTemplates.SignalStrength);

            Begin(w, d, HeldId, "sensor");
            w.Property("name", "Readings held");
            w.Property("stat_cla", "measurement");
            Diagnostic(w, d, ValueTemplates.Held);

            Begin(w, d, DroppedId, "sensor");
            w.Property("name", "Readings dropped");
            w.Property("stat_cla", "total_increasing");
            Diagnostic(w, d, ValueTemplates.Dropped);

            Begin(w, d, LastErrorId, "sensor");
            w.Property("name", "Last error");
            Diagnostic(w, d, ValueTemplates.LastError);

            Begin(w, d, BootReasonId, "sensor");
            w.Property("name", "Last boot reason");
            Diagnostic(w, d, ValueTemplates.BootReason);

            if (d.HasThermostat)
            {
                WriteClimate(w, d);
            }

            if (d.HasUpdates)
            {
                Begin(w, d, FirmwareId, "update");
                w.Property("name", "Firmware");
                w.Property("dev_cla", "firmware");
                w.Property("stat_t", d.StatusTopic);
                w.Property("val_tpl", ValueTemplates.Firmware);
                w.EndObject();
            }

            w.EndObject();
            w.EndObject();
        }

        private static void WriteRegistryEntry(JsonWriter w, DiscoveredDevice d)
        {
            w.Name("dev");
            w.BeginObject();
            w.Name("ids");
            w.BeginArray();
            w.String(d.DeviceId);
            w.EndArray();
            w.Property("name", d.Name);
            w.Property("mf", d.Manufacturer);
            if (d.Model != null)
            {
                w.Property("mdl", d.Model);
            }

            if (d.ModelId != null)
            {
                w.Property("mdl_id", d.ModelId);
            }

            w.Property("sw", d.FirmwareVersion);
            if (d.SerialNumber != null && d.SerialNumber.Length > 0)
            {
                w.Property("sn", d.SerialNumber);
            }

            if (d.ConfigurationUrl != null)
            {
                w.Property("cu", d.ConfigurationUrl);
            }

            w.EndObject();
        }

        private static void WriteChannel(JsonWriter w, DiscoveredDevice d, int index)
        {
            SensorChannel channel = d.Channels.Get(index);
            w.Name(channel.Name);
            w.BeginObject();
            w.Property("p", "sensor");
            UniqueId(w, d, channel.Name);
            if (d.ChannelNames[index] != null)
            {
                w.Property("name", d.ChannelNames[index]);
            }

            Measurement(w, SensorClasses.DeviceClass(channel.Unit), SensorClasses.Unit(channel.Unit), "measurement");
            w.Property("sug_dsp_prc", channel.Scale < 0 ? -channel.Scale : 0);
            w.Name("val_tpl");
            w.String(ValueTemplates.ChannelStart, channel.Name, ValueTemplates.ChannelEnd);
            Expiry(w, d);
            w.EndObject();
        }

        private static void WriteClimate(JsonWriter w, DiscoveredDevice d)
        {
            Begin(w, d, ThermostatId, "climate");
            w.Name("name");
            w.Null();
            w.Property("curr_temp_t", d.StateTopic);
            w.Property("curr_temp_tpl", ValueTemplates.CurrentTemperature);
            w.Property("temp_stat_t", d.StateTopic);
            w.Property("temp_stat_tpl", ValueTemplates.TargetTemperature);
            w.Property("temp_cmd_t", d.SetpointTopic);
            w.Property("temp_cmd_tpl", ValueTemplates.TemperatureCommand);
            w.Property("mode_stat_t", d.StateTopic);
            w.Property("mode_stat_tpl", ValueTemplates.Mode);
            w.Property("mode_cmd_t", d.SetpointTopic);
            w.Property("mode_cmd_tpl", ValueTemplates.ModeCommand);
            w.Name("modes");
            w.BeginArray();
            w.String("heat");
            w.String("off");
            w.EndArray();
            w.Property("act_t", d.StateTopic);
            w.Property("act_tpl", ValueTemplates.Action);
            w.Property("min_temp", d.MinSetpointCenti, -2);
            w.Property("max_temp", d.MaxSetpointCenti, -2);
            w.Property("temp_step", 1, -1);
            w.Property("precision", 1, -1);
            w.Property("temp_unit", "C");
            w.EndObject();
        }

        private static void Begin(JsonWriter w, DiscoveredDevice d, string id, string platform)
        {
            w.Name(id);
            w.BeginObject();
            w.Property("p", platform);
            UniqueId(w, d, id);
        }

        private static void UniqueId(JsonWriter w, DiscoveredDevice d, string id)
        {
            w.Name("uniq_id");
            w.String(d.DeviceId, "_", id);
        }

        private static void Measurement(JsonWriter w, string deviceClass, string unit, string stateClass)
        {
            if (deviceClass != null)
            {
                w.Property("dev_cla", deviceClass);
            }

            if (unit != null)
            {
                w.Property("unit_of_meas", unit);
            }

            w.Property("stat_cla", stateClass);
        }

        /// <summary>Ends a diagnostic sensor read from the status.</summary>
        private static void Diagnostic(JsonWriter w, DiscoveredDevice d, string template)
        {
            w.Property("ent_cat", "diagnostic");
            w.Property("stat_t", d.StatusTopic);
            w.Property("val_tpl", template);
            Expiry(w, d);
            w.EndObject();
        }

        private static void Expiry(JsonWriter w, DiscoveredDevice d)
        {
            if (d.ExpireAfterSeconds > 0)
            {
                w.Property("exp_aft", d.ExpireAfterSeconds);
            }
        }
    }
}
