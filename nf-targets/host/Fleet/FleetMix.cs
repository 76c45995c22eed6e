using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Firmware.Host.Fleet
{
    /// <summary>
    /// What a simulated fleet is made of: how many devices of which kinds, their Wi-Fi from good to poor, the share
    /// never set up (no Wi-Fi credentials) and the share offline for days, power cuts and brown-outs, batteries, and
    /// when the devices are installed. Read from JSON (<c>fleet --mix FILE</c>, the keys of this type in camel case);
    /// <see cref="Default"/> is a realistic fleet of battery sensors and mains thermostats.
    /// </summary>
    public sealed class FleetMix
    {
        private static readonly JsonSerializerOptions Json = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            WriteIndented = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            ReadCommentHandling = JsonCommentHandling.Skip,
        };

        public int Devices { get; set; } = 1000;

        public double Days { get; set; } = 30;

        public int Seed { get; set; } = 1;

        public List<DeviceKind> Kinds { get; set; } = new List<DeviceKind>();

        public List<WifiQuality> Wifi { get; set; } = new List<WifiQuality>();

        /// <summary>Share of devices never set up: no Wi-Fi credentials, so they never reach the broker.</summary>
        public double NeverSetUp { get; set; } = 0.02;

        /// <summary>Share of devices whose network is gone for days once in the run.</summary>
        public double OfflineForDays { get; set; } = 0.05;

        public double OfflineMinDays { get; set; } = 1;

        public double OfflineMaxDays { get; set; } = 5;

        /// <summary>Brown-outs per device per 30 days (the board resets; the power is back within seconds).</summary>
        public double BrownOutsPerMonth { get; set; } = 0.5;

        /// <summary>Power cuts per device per 30 days (a mains outage, a battery taken out), off for minutes to hours.</summary>
        public double PowerCutsPerMonth { get; set; } = 0.5;

        public double PowerCutMinMinutes { get; set; } = 5;

        public double PowerCutMaxMinutes { get; set; } = 240;

        /// <summary>A battery device's charge when installed: uniform in this range, percent.</summary>
        public double BatteryFromPercent { get; set; } = 45;

        public double BatteryToPercent { get; set; } = 100;

        /// <summary>Devices are installed (first powered) uniformly over this many hours from the start.</summary>
        public double InstallOverHours { get; set; } = 12;

        /// <summary>The default fleet: 75 % battery sensors, 5 % battery sensors on a Li-ion board, 20 % mains thermostats.</summary>
        public static FleetMix Default()
        {
            return new FleetMix
            {
                Kinds =
                {
                    new DeviceKind { Name = "sensor", Role = "sensor", Board = "esp32-wroom-2aa", Share = 0.75, SampleIntervalSeconds = 300, RadioIntervalSeconds = 3600 },
                    new DeviceKind { Name = "sensor-liion", Role = "sensor", Board = "esp32-wroom-liion", Share = 0.05, SampleIntervalSeconds = 300, RadioIntervalSeconds = 3600 },
                    new DeviceKind { Name = "thermostat", Role = "thermostat", Board = "esp32-wroom-2aa", Share = 0.20, SampleIntervalSeconds = 60, MainsTelemetryIntervalSeconds = 300 },
                },
                Wifi =
                {
                    new WifiQuality { Name = "good", Share = 0.6, RssiFrom = -45, RssiTo = -65, ConnectMilliseconds = 1500, ConnectFailure = 0.005, DropPerPublish = 0.0005, RoundTripMilliseconds = 15 },
                    new WifiQuality { Name = "fair", Share = 0.3, RssiFrom = -66, RssiTo = -75, ConnectMilliseconds = 2500, ConnectFailure = 0.03, DropPerPublish = 0.003, RoundTripMilliseconds = 40 },
                    new WifiQuality { Name = "poor", Share = 0.1, RssiFrom = -76, RssiTo = -88, ConnectMilliseconds = 5000, ConnectFailure = 0.15, DropPerPublish = 0.02, RoundTripMilliseconds = 120 },
                },
            };
        }

        /// <summary>Reads a mix from JSON; keys it does not give keep the default's values, lists given replace the default's.</summary>
        public static FleetMix Read(string path)
        {
            FleetMix mix;
            try
            {
                mix = JsonSerializer.Deserialize<FleetMix>(File.ReadAllText(path), Json);
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{path}: {e.Message}");
            }

            FleetMix defaults = Default();
            if (mix.Kinds.Count == 0)
            {
                mix.Kinds = defaults.Kinds;
            }

            if (mix.Wifi.Count == 0)
            {
                mix.Wifi = defaults.Wifi;
            }

            return mix;
        }

        public string ToJson() => JsonSerializer.Serialize(this, Json);

        /// <summary>What is wrong with the mix, or null.</summary>
        public string Check()
        {
            if (Devices < 1 || Devices > 100_000)
            {
                return $"devices must be 1 to 100000, not {Devices}";
            }

            if (!(Days > 0) || Days > 3650)
            {
                return $"days must be above 0 and at most 3650, not {Days}";
            }

            if (Kinds.Count == 0 || Math.Abs(Kinds.Sum(k => k.Share) - 1) > 1e-6)
            {
                return $"the kinds' shares must add up to 1 (they add up to {Kinds.Sum(k => k.Share)})";
            }

            foreach (DeviceKind kind in Kinds)
            {
                if (string.IsNullOrEmpty(kind.Name) || (kind.Role != "sensor" && kind.Role != "thermostat") || Firmware.Power.BoardProfiles.ByName(kind.Board) == null)
                {
                    return $"kind '{kind.Name}': a name, a role (sensor or thermostat) and a board ({Firmware.Power.BoardProfiles.Names}) are needed";
                }

                if (kind.Share < 0 || kind.SampleIntervalSeconds < 1 || kind.RadioIntervalSeconds < kind.SampleIntervalSeconds)
                {
                    return $"kind '{kind.Name}': share 0 to 1, a sample interval of at least 1 s and a radio interval of at least the sample interval";
                }

                if (kind.MainsTelemetryIntervalSeconds < 0 || kind.MainsTelemetryIntervalSeconds > 86400)
                {
                    return $"kind '{kind.Name}': mainsTelemetryIntervalSeconds must be 0 to 86400, not {kind.MainsTelemetryIntervalSeconds}";
                }
            }

            if (Wifi.Count == 0 || Math.Abs(Wifi.Sum(w => w.Share) - 1) > 1e-6)
            {
                return $"the Wi-Fi classes' shares must add up to 1 (they add up to {Wifi.Sum(w => w.Share)})";
            }

            foreach (double share in new[] { NeverSetUp, OfflineForDays })
            {
                if (share < 0 || share > 1)
                {
                    return "neverSetUp and offlineForDays are shares from 0 to 1";
                }
            }

            if (BatteryFromPercent < 0 || BatteryToPercent > 100 || BatteryFromPercent > BatteryToPercent)
            {
                return "batteryFromPercent and batteryToPercent: 0 to 100, from not above to";
            }

            if (OfflineMinDays < 0 || OfflineMinDays > OfflineMaxDays || PowerCutMinMinutes < 0 || PowerCutMinMinutes > PowerCutMaxMinutes
                || BrownOutsPerMonth < 0 || PowerCutsPerMonth < 0 || InstallOverHours < 0)
            {
                return "offline days, power cut minutes: min not above max; rates and the install period not negative";
            }

            return null;
        }
    }
}
