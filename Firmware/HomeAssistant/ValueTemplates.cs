namespace Firmware.HomeAssistant
{
    /// <summary>
    /// The templates Home Assistant renders (Jinja, with the payload as <c>value</c> and its JSON as <c>value_json</c>) to
    /// read each entity's state from the device's retained state and status. A value the payload lacks renders as
    /// <c>None</c>, which Home Assistant takes as "unknown" (the will carries only the state and the firmware version, a
    /// reading may lack a failed channel); no template reads a missing key in a way Home Assistant would log as an error.
    /// </summary>
    public static class ValueTemplates
    {
        /// <summary>A measured channel's template is <see cref="ChannelStart"/> + the channel's name + <see cref="ChannelEnd"/>.</summary>
        public const string ChannelStart = "{{ value_json.";

        public const string ChannelEnd = " | default(none) }}";

        /// <summary>Availability (mains): "online" while connected, "offline" from the will or a stop; "sleeping" is neither, so it changes nothing.</summary>
        public const string Availability = "{{ value_json.state }}";

        public const string Battery = "{{ value_json.battery.pct if value_json.battery is defined else none }}";

        public const string SignalStrength = "{{ value_json.rssi | default(none) }}";

        public const string Held = "{{ value_json.log.held if value_json.log is defined else none }}";

        public const string Dropped = "{{ value_json.log.dropped if value_json.log is defined else none }}";

        /// <summary>
        /// The last error's text (at most the 255 characters Home Assistant keeps of a state), "none" when there has been
        /// none, unknown in a message without it (the will).
        /// </summary>
        public const string LastError = "{{ none if value_json.lastError is not defined else value_json.lastError.text[:255] if value_json.lastError else 'none' }}";

        public const string BootReason = "{{ value_json.wake | default(none) }}";

        /// <summary>The thermostat's control input (its first temperature channel in °C, named "temperature").</summary>
        public const string CurrentTemperature = "{{ value_json.temperature | default(none) }}";

        public const string TargetTemperature = "{{ value_json.setpoint }}";

        public const string Mode = "{{ value_json.mode }}";

        public const string Action = "{{ value_json.action }}";

        /// <summary>What Home Assistant sends on <c>…/cmd/setpoint</c> for a target temperature: a bare number in °C, two decimals at most.</summary>
        public const string TemperatureCommand = "{{ value | round(2) }}";

        /// <summary>What it sends there for a mode: a settings object with the mode alone ("heat" or "off").</summary>
        public const string ModeCommand = "{\"mode\":\"{{ value }}\"}";

        /// <summary>
        /// The update entity's state as the JSON Home Assistant documents (installed_version, latest_version, in_progress,
        /// update_percentage), from the status: the running firmware's version, and the updater's "ota" object with the
        /// version it is fetching ("target") and its progress in chunks.
        /// </summary>
        public const string Firmware = "{% set o = value_json.ota | default({}) %}{{ {'installed_version': value_json.fw, "
            + "'latest_version': o.target | default(value_json.fw), 'in_progress': o.target is defined, "
            + "'update_percentage': (100 * o.chunks / o.of) | round(1) if o.target is defined and o.of is defined else none} | tojson }}";
    }
}
