using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Firmware.Host.Tests.HomeAssistant
{
    /// <summary>
    /// What Home Assistant's MQTT integration accepts in a device discovery message, as its documentation and its
    /// schemas give it (homeassistant/components/mqtt: abbreviations.py, schemas.py with DEVICE_DISCOVERY_SCHEMA and
    /// SHARED_OPTIONS, sensor.py, climate.py, update.py; the sensor device classes' units from components/sensor/const.py):
    /// the abbreviations it expands, the options of the root and of each platform the firmware uses, and the values it
    /// takes for them. Home Assistant drops an option it does not know without a word (its discovery schemas remove
    /// extra keys), so every option here must be one it knows, under a name it expands.
    /// </summary>
    public static class HomeAssistantSchema
    {
        /// <summary>Abbreviations of options (the root's and every component's), for the options the firmware can use.</summary>
        public static readonly IReadOnlyDictionary<string, string> Abbreviations = new Dictionary<string, string>
        {
            ["act_t"] = "action_topic", ["act_tpl"] = "action_template", ["avty"] = "availability", ["avty_mode"] = "availability_mode",
            ["avty_t"] = "availability_topic", ["avty_tpl"] = "availability_template", ["cmd_t"] = "command_topic", ["cmd_tpl"] = "command_template",
            ["cmps"] = "components", ["curr_temp_t"] = "current_temperature_topic", ["curr_temp_tpl"] = "current_temperature_template",
            ["def_ent_id"] = "default_entity_id", ["dev"] = "device", ["dev_cla"] = "device_class", ["dsp_prc"] = "display_precision",
            ["e"] = "encoding", ["en"] = "enabled_by_default", ["ent_cat"] = "entity_category", ["ent_pic"] = "entity_picture",
            ["exp_aft"] = "expire_after", ["frc_upd"] = "force_update", ["ic"] = "icon", ["json_attr_t"] = "json_attributes_topic",
            ["json_attr_tpl"] = "json_attributes_template", ["l_ver_t"] = "latest_version_topic", ["l_ver_tpl"] = "latest_version_template",
            ["max_temp"] = "max_temp", ["min_temp"] = "min_temp", ["migr_discvry"] = "migrate_discovery", ["mode_cmd_t"] = "mode_command_topic",
            ["mode_cmd_tpl"] = "mode_command_template", ["mode_stat_t"] = "mode_state_topic", ["mode_stat_tpl"] = "mode_state_template",
            ["modes"] = "modes", ["name"] = "name", ["o"] = "origin", ["obj_id"] = "object_id", ["opt"] = "optimistic", ["p"] = "platform",
            ["pl_avail"] = "payload_available", ["pl_inst"] = "payload_install", ["pl_not_avail"] = "payload_not_available",
            ["rel_s"] = "release_summary", ["rel_u"] = "release_url", ["ret"] = "retain", ["stat_cla"] = "state_class", ["stat_t"] = "state_topic",
            ["sug_dsp_prc"] = "suggested_display_precision", ["temp_cmd_t"] = "temperature_command_topic", ["temp_cmd_tpl"] = "temperature_command_template",
            ["temp_stat_t"] = "temperature_state_topic", ["temp_stat_tpl"] = "temperature_state_template", ["temp_unit"] = "temperature_unit",
            ["tit"] = "title", ["uniq_id"] = "unique_id", ["unit_of_meas"] = "unit_of_measurement", ["val_tpl"] = "value_template",
        };

        /// <summary>Abbreviations inside "device".</summary>
        public static readonly IReadOnlyDictionary<string, string> DeviceAbbreviations = new Dictionary<string, string>
        {
            ["cu"] = "configuration_url", ["cns"] = "connections", ["ids"] = "identifiers", ["mf"] = "manufacturer", ["mdl"] = "model",
            ["mdl_id"] = "model_id", ["hw"] = "hw_version", ["sw"] = "sw_version", ["sa"] = "suggested_area", ["sn"] = "serial_number", ["name"] = "name",
        };

        /// <summary>Abbreviations inside "origin".</summary>
        public static readonly IReadOnlyDictionary<string, string> OriginAbbreviations = new Dictionary<string, string>
        {
            ["name"] = "name", ["sw"] = "sw_version", ["url"] = "support_url",
        };

        /// <summary>Options of the root that every component takes unless it sets its own (SHARED_OPTIONS).</summary>
        public static readonly IReadOnlyList<string> SharedOptions = new[]
        {
            "availability", "availability_mode", "availability_template", "availability_topic", "command_topic", "encoding",
            "message_expiry_interval", "payload_available", "payload_not_available", "state_topic", "qos",
        };

        private static readonly HashSet<string> RootOptions = new HashSet<string>(SharedOptions.Concat(new[] { "device", "origin", "components", "migrate_discovery" }));

        private static readonly HashSet<string> DeviceOptions = new HashSet<string>(DeviceAbbreviations.Values.Concat(new[] { "via_device" }));

        // MQTT_ENTITY_COMMON_SCHEMA with availability, and the platform key of a component.
        private static readonly string[] EntityOptions =
        {
            "platform", "availability", "availability_mode", "availability_template", "availability_topic", "payload_available", "payload_not_available",
            "device", "entity_picture", "origin", "enabled_by_default", "entity_category", "icon", "json_attributes_topic", "json_attributes_template",
            "default_entity_id", "object_id", "message_expiry_interval", "unique_id", "visible_by_default", "name", "qos", "encoding",
        };

        private static readonly IReadOnlyDictionary<string, HashSet<string>> PlatformOptions = new Dictionary<string, HashSet<string>>
        {
            ["sensor"] = Options("state_topic", "value_template", "device_class", "expire_after", "force_update", "last_reset_value_template",
                "options", "suggested_display_precision", "state_class", "unit_of_measurement"),
            ["climate"] = Options("action_template", "action_topic", "current_humidity_template", "current_humidity_topic", "current_temperature_template",
                "current_temperature_topic", "fan_mode_command_template", "fan_mode_command_topic", "fan_modes", "fan_mode_state_template",
                "fan_mode_state_topic", "target_humidity_command_template", "target_humidity_command_topic", "min_humidity", "max_humidity",
                "target_humidity_state_template", "target_humidity_state_topic", "mode_command_template", "mode_command_topic", "modes",
                "mode_state_template", "mode_state_topic", "optimistic", "payload_on", "payload_off", "power_command_topic", "power_command_template",
                "precision", "retain", "preset_mode_command_topic", "preset_modes", "preset_mode_command_template", "preset_mode_state_topic",
                "preset_mode_value_template", "swing_mode_command_template", "swing_mode_command_topic", "swing_modes", "swing_mode_state_template",
                "swing_mode_state_topic", "initial", "min_temp", "max_temp", "temp_step", "temperature_command_template", "temperature_command_topic",
                "temperature_high_command_template", "temperature_high_command_topic", "temperature_high_state_topic", "temperature_high_state_template",
                "temperature_low_command_template", "temperature_low_command_topic", "temperature_low_state_template", "temperature_low_state_topic",
                "temperature_state_template", "temperature_state_topic", "temperature_unit", "value_template"),
            ["update"] = Options("state_topic", "value_template", "command_topic", "device_class", "display_precision", "latest_version_template",
                "latest_version_topic", "payload_install", "release_summary", "release_url", "retain", "title"),
        };

        /// <summary>The units Home Assistant takes for a sensor of each device class the firmware can use (DEVICE_CLASS_UNITS).</summary>
        public static readonly IReadOnlyDictionary<string, string[]> SensorUnits = new Dictionary<string, string[]>
        {
            ["temperature"] = new[] { "°C", "°F", "K" },
            ["humidity"] = new[] { "%" },
            ["pressure"] = new[] { "cbar", "bar", "hPa", "mmHg", "inHg", "kPa", "mbar", "Pa", "psi" },
            ["battery"] = new[] { "%" },
            ["signal_strength"] = new[] { "dB", "dBm" },
            ["voltage"] = new[] { "V", "mV", "µV", "kV", "MV" },
            ["current"] = new[] { "A", "mA" },
            ["power"] = new[] { "W", "kW", "MW", "GW", "TW", "mW" },
            ["illuminance"] = new[] { "lx" },
        };

        private static readonly string[] StateClasses = { "measurement", "measurement_angle", "total", "total_increasing" };

        private static readonly string[] ClimateModes = { "auto", "off", "cool", "heat", "dry", "fan_only", "heat_cool" };

        /// <summary>The keys Home Assistant reads from an update entity's state (MQTT_JSON_UPDATE_SCHEMA; any other key drops the message).</summary>
        public static readonly IReadOnlyList<string> UpdateStateKeys = new[]
        {
            "installed_version", "latest_version", "title", "release_summary", "release_url", "entity_picture", "in_progress", "update_percentage",
        };

        /// <summary>A discovery payload with every abbreviation expanded (the root's, the device's, the origin's, each component's).</summary>
        public static JsonObject Expand(JsonObject payload)
        {
            JsonObject expanded = Rename(payload, Abbreviations);
            if (expanded["device"] is JsonObject device)
            {
                expanded["device"] = Rename(device, DeviceAbbreviations);
            }

            if (expanded["origin"] is JsonObject origin)
            {
                expanded["origin"] = Rename(origin, OriginAbbreviations);
            }

            if (expanded["components"] is JsonObject components)
            {
                JsonObject renamed = new JsonObject();
                foreach (KeyValuePair<string, JsonNode> component in components)
                {
                    renamed[component.Key] = component.Value is JsonObject options ? Rename(options, Abbreviations) : component.Value?.DeepClone();
                }

                expanded["components"] = renamed;
            }

            return expanded;
        }

        /// <summary>
        /// Everything Home Assistant would refuse or silently drop in an expanded device discovery payload, one problem a
        /// line; empty when it takes all of it.
        /// </summary>
        public static List<string> Check(JsonObject expanded)
        {
            List<string> problems = new List<string>();
            foreach (KeyValuePair<string, JsonNode> option in expanded)
            {
                if (!RootOptions.Contains(option.Key))
                {
                    problems.Add($"the root's option '{option.Key}' is not one Home Assistant knows there");
                }
            }

            CheckDevice(expanded["device"] as JsonObject, problems);
            if (expanded["origin"] is not JsonObject origin || !IsText(origin["name"]))
            {
                problems.Add("origin needs a name");
            }
            else
            {
                problems.AddRange(origin.Where(o => !OriginAbbreviations.Values.Contains(o.Key)).Select(o => $"origin's '{o.Key}' is not an origin option"));
            }

            CheckCommon(expanded, "the root", problems);
            if (expanded["components"] is not JsonObject components || components.Count == 0)
            {
                problems.Add("components must be an object with at least one component");
                return problems;
            }

            foreach (KeyValuePair<string, JsonNode> component in components)
            {
                CheckComponent(component.Key, component.Value as JsonObject, expanded, problems);
            }

            return problems;
        }

        /// <summary>A component's options as Home Assistant sets the entity up: its own, and the root's shared ones it does not set.</summary>
        public static JsonObject Merged(JsonObject expanded, JsonObject component)
        {
            JsonObject merged = (JsonObject)component.DeepClone();
            foreach (string option in SharedOptions)
            {
                if (expanded[option] != null && merged[option] == null)
                {
                    merged[option] = expanded[option].DeepClone();
                }
            }

            return merged;
        }

        /// <summary>The problems of an update entity's rendered state: keys and types MQTT_JSON_UPDATE_SCHEMA takes.</summary>
        public static List<string> CheckUpdateState(string rendered)
        {
            List<string> problems = new List<string>();
            JsonObject state;
            try
            {
                state = JsonNode.Parse(rendered) as JsonObject;
            }
            catch (JsonException e)
            {
                return new List<string> { "the update's state is not JSON: " + e.Message };
            }

            if (state == null)
            {
                return new List<string> { "the update's state is not a JSON object: " + rendered };
            }

            foreach (KeyValuePair<string, JsonNode> key in state)
            {
                bool ok = key.Key switch
                {
                    "in_progress" => key.Value?.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
                    "update_percentage" => key.Value == null || (key.Value.GetValueKind() == JsonValueKind.Number && (double)key.Value >= 0 && (double)key.Value <= 100),
                    _ => UpdateStateKeys.Contains(key.Key) && IsText(key.Value),
                };
                if (!ok)
                {
                    problems.Add($"the update's state has '{key.Key}': {key.Value?.ToJsonString() ?? "null"}, which Home Assistant refuses (the whole message is dropped)");
                }
            }

            return problems;
        }

        private static void CheckDevice(JsonObject device, List<string> problems)
        {
            if (device == null)
            {
                problems.Add("a device discovery needs its device");
                return;
            }

            problems.AddRange(device.Where(d => !DeviceOptions.Contains(d.Key)).Select(d => $"device's '{d.Key}' is not a device registry option"));
            if (device["identifiers"] is not JsonArray ids || ids.Count == 0 || ids.Any(i => !IsText(i)))
            {
                problems.Add("device.identifiers must be a list of strings, at least one");
            }

            foreach (string text in new[] { "name", "manufacturer", "model", "model_id", "sw_version", "hw_version", "serial_number", "suggested_area" })
            {
                if (device[text] != null && !IsText(device[text]))
                {
                    problems.Add($"device.{text} must be a string");
                }
            }

            if (device["configuration_url"] != null && !(IsText(device["configuration_url"])
                && Uri.TryCreate((string)device["configuration_url"], UriKind.Absolute, out Uri url) && (url.Scheme is "http" or "https" or "homeassistant")))
            {
                problems.Add("device.configuration_url must be an http, https or homeassistant URL");
            }
        }

        private static void CheckComponent(string id, JsonObject own, JsonObject expanded, List<string> problems)
        {
            string where = $"component '{id}'";
            if (own == null || !IsText(own["platform"]))
            {
                problems.Add($"{where} needs a platform");
                return;
            }

            JsonObject options = Merged(expanded, own);

            string platform = (string)options["platform"];
            if (!PlatformOptions.TryGetValue(platform, out HashSet<string> allowed))
            {
                problems.Add($"{where}: platform '{platform}' is not one this check knows");
                return;
            }

            problems.AddRange(own.Where(o => !allowed.Contains(o.Key)).Select(o => $"{where} ({platform}): '{o.Key}' is not a {platform} option"));
            if (own.Count > 1 && !IsText(own["unique_id"]))
            {
                problems.Add($"{where} needs a unique_id");
            }

            if (options["name"] != null && !IsText(options["name"]))
            {
                problems.Add($"{where}: name must be a string or null");
            }

            CheckCommon(options, where, problems);
            switch (platform)
            {
                case "sensor":
                    CheckSensor(where, options, problems);
                    break;
                case "climate":
                    CheckClimate(where, options, problems);
                    break;
                case "update":
                    if (options["device_class"] != null && (string)options["device_class"] != "firmware")
                    {
                        problems.Add($"{where}: an update's device_class is firmware or none");
                    }

                    break;
            }
        }

        private static void CheckSensor(string where, JsonObject options, List<string> problems)
        {
            string deviceClass = (string)options["device_class"];
            string unit = (string)options["unit_of_measurement"];
            if (deviceClass != null)
            {
                if (!SensorUnits.TryGetValue(deviceClass, out string[] units))
                {
                    problems.Add($"{where}: device_class '{deviceClass}' is not one this check knows");
                }
                else if (!units.Contains(unit))
                {
                    problems.Add($"{where}: a {deviceClass} sensor takes {string.Join(", ", units)}, not '{unit}'");
                }
            }

            if (options["state_class"] != null && !StateClasses.Contains((string)options["state_class"]))
            {
                problems.Add($"{where}: state_class '{options["state_class"]}' is not one of {string.Join(", ", StateClasses)}");
            }

            if (options["expire_after"] != null && !(IsWhole(options["expire_after"]) && (long)options["expire_after"] > 0))
            {
                problems.Add($"{where}: expire_after must be a positive whole number of seconds");
            }

            if (options["suggested_display_precision"] != null && !(IsWhole(options["suggested_display_precision"]) && (long)options["suggested_display_precision"] >= 0))
            {
                problems.Add($"{where}: suggested_display_precision must be a whole number from 0");
            }

            if (options["value_template"] == null || options["state_topic"] == null)
            {
                problems.Add($"{where}: a sensor needs a state topic and here a value template");
            }
        }

        private static void CheckClimate(string where, JsonObject options, List<string> problems)
        {
            if (options["modes"] is not JsonArray modes || modes.Any(m => !IsText(m) || !ClimateModes.Contains((string)m)))
            {
                problems.Add($"{where}: modes must be a list of {string.Join(", ", ClimateModes)}");
            }

            if (options["precision"] != null && !(options["precision"].GetValueKind() == JsonValueKind.Number && new[] { 0.1, 0.5, 1.0 }.Contains((double)options["precision"])))
            {
                problems.Add($"{where}: precision must be 0.1, 0.5 or 1.0");
            }

            if (options["temperature_unit"] != null && (string)options["temperature_unit"] is not ("C" or "F"))
            {
                problems.Add($"{where}: temperature_unit must be C or F");
            }

            if (options["min_temp"] != null && options["max_temp"] != null && (double)options["min_temp"] >= (double)options["max_temp"])
            {
                problems.Add($"{where}: min_temp must be below max_temp");
            }

            foreach (string topic in new[] { "temperature_command_topic", "mode_command_topic" })
            {
                if (options[topic] != null && ((string)options[topic]).IndexOfAny(new[] { '+', '#' }) >= 0)
                {
                    problems.Add($"{where}: {topic} must not hold a wildcard");
                }
            }
        }

        /// <summary>QoS, entity category, availability: the same rules on the root and on a component.</summary>
        private static void CheckCommon(JsonObject options, string where, List<string> problems)
        {
            if (options["qos"] != null && !(IsWhole(options["qos"]) && (long)options["qos"] is >= 0 and <= 2))
            {
                problems.Add($"{where}: qos must be 0, 1 or 2");
            }

            if (options["entity_category"] != null && (string)options["entity_category"] is not ("config" or "diagnostic"))
            {
                problems.Add($"{where}: entity_category must be config or diagnostic");
            }

            if (options["availability"] != null && options["availability_topic"] != null)
            {
                problems.Add($"{where}: availability and availability_topic exclude each other");
            }

            foreach (KeyValuePair<string, JsonNode> option in options)
            {
                if (option.Key.EndsWith("_topic", StringComparison.Ordinal) && !(IsText(option.Value) && ((string)option.Value).Length > 0))
                {
                    problems.Add($"{where}: {option.Key} must be a topic");
                }

                if (option.Key.EndsWith("_template", StringComparison.Ordinal) && !IsText(option.Value))
                {
                    problems.Add($"{where}: {option.Key} must be a template");
                }
            }
        }

        private static JsonObject Rename(JsonObject source, IReadOnlyDictionary<string, string> abbreviations)
        {
            JsonObject renamed = new JsonObject();
            foreach (KeyValuePair<string, JsonNode> option in source)
            {
                string name = abbreviations.TryGetValue(option.Key, out string full) ? full : option.Key;
                renamed[name] = option.Value?.DeepClone();
            }

            return renamed;
        }

        private static HashSet<string> Options(params string[] platform) => new HashSet<string>(EntityOptions.Concat(platform));

        private static bool IsText(JsonNode node) => node != null && node.GetValueKind() == JsonValueKind.String;

        private static bool IsWhole(JsonNode node) => node != null && node.GetValueKind() == JsonValueKind.Number && node.AsValue().TryGetValue(out long _);
    }
}
