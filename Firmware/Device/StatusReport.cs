using Firmware.Power;
using Firmware.Ports;
using Firmware.Readings;
using Firmware.Storage;
using Firmware.Text;
using Firmware.Uplink;

namespace Firmware.Device
{
    /// <summary>
    /// Writes the retained status (health) and the retained state (latest values) of a device loop as JSON.
    /// The status: "state" (online, sleeping, offline), firmware version, boot count, why it booted, signal
    /// strength where the adapter knows it, battery, the log's depth and drops, energy used, the power plan,
    /// the configuration version, the last error (its text, when it happened, whether it is still current and since when
    /// it is not), and when sleeping, until when. Never a secret.
    /// </summary>
    public static class StatusReport
    {
        /// <summary>Writes the status object; <paramref name="untilUnixMilliseconds"/> is the next radio session when sleeping, else -1.</summary>
        public static void WriteStatus(JsonWriter w, WakeContext wake, string state, long untilUnixMilliseconds, bool full)
        {
            DeviceStorage storage = wake.Storage;
            EnergyLedger ledger = wake.Ledger;
            w.BeginObject();
            w.Property("state", state);
            w.Property("fw", wake.FirmwareVersion);
            w.Property("mode", wake.IsMains ? PowerModes.Mains : PowerModes.Battery);
            w.Property("boot", storage.Boot.Boots);
            w.Property("wake", wake.WakeReasonText);
            if (wake.PreviousWakeUnfinished)
            {
                w.Property("previousWakeUnfinished", true);
            }

            int rssi = wake.Platform.Network.SignalStrength;
            if (rssi != 0)
            {
                w.Property("rssi", rssi);
            }

            if (wake.BatteryMillivolts >= 0)
            {
                w.Name("battery");
                w.BeginObject();
                w.Property("mV", wake.BatteryMillivolts);
                w.Property("pct", wake.BatteryPercent);
                w.EndObject();
            }

            ReadingLog log = storage.Log;
            w.Name("log");
            w.BeginObject();
            w.Property("held", log.Held);
            w.Property("dropped", log.Dropped);
            w.Property("next", log.NextSequence);
            if (full)
            {
                w.Property("corrupt", log.CorruptSkipped);
                w.Property("bytesFree", log.BytesFree);
            }

            w.EndObject();
            w.Name("energy");
            w.BeginObject();
            w.Property("mAh", ledger.TotalMicroampHours, -3);
            w.Property("perReading_uAh", ledger.NanoampHoursPerReading, -3);
            w.Property("wakes", ledger.Wakes);
            w.Property("sessions", ledger.RadioSessions);
            if (full)
            {
                w.Name("phases_uAh");
                w.BeginObject();
                for (int phase = 0; phase < PowerPhase.Count; phase++)
                {
                    w.Property(PowerPhase.Name(phase), ledger.ChargeNanoampHours(phase), -3);
                }

                w.EndObject();
            }

            w.EndObject();
            RadioPlan plan = wake.Plan;
            if (!wake.IsMains)
            {
                w.Property("radioInterval", plan.RadioIntervalSeconds);
                if (full)
                {
                    w.Property("lowBattery", plan.LowBattery);
                    w.Property("optionalWork", plan.OptionalWorkAllowed);
                    if (wake.Sampler.HasGasSensor)
                    {
                        w.Property("gasReadings", plan.GasReadingsAllowed);
                    }

                    w.Property("projectedHours", plan.ProjectedRemainingHours == long.MaxValue ? -1 : plan.ProjectedRemainingHours);
                    w.Property("failures", wake.Backoff.Failures);
                }
            }

            w.Property("config", wake.Configuration.AppliedVersion);
            if (wake.Configuration.OnTrial)
            {
                w.Property("configOnTrial", true);
            }

            w.Name("lastError");
            LastErrorRecord error = wake.LastError;
            if (error.Text == null)
            {
                w.Null();
            }
            else
            {
                w.BeginObject();
                w.Property("text", error.Text);
                WriteTime(w, "at", error.AtUnixSeconds);
                w.Property("current", error.Current);
                if (!error.Current)
                {
                    WriteTime(w, "recoveredAt", error.RecoveredAtUnixSeconds);
                }

                w.EndObject();
            }

            if (untilUnixMilliseconds >= 0)
            {
                w.Property("until", untilUnixMilliseconds / 1000);
            }

            for (int i = 0; i < wake.Participants.Count; i++)
            {
                ((IRadioSessionParticipant)wake.Participants[i]).WriteStatus(w);
            }

            w.EndObject();
        }

        /// <summary>A Unix time in seconds, or null when the clock was unknown (0).</summary>
        private static void WriteTime(JsonWriter w, string name, long unixSeconds)
        {
            w.Name(name);
            if (unixSeconds > 0)
            {
                w.Number(unixSeconds);
            }
            else
            {
                w.Null();
            }
        }

        /// <summary>The retained state: the latest reading's valid values by channel name, and the thermostat's state.</summary>
        public static void WriteState(JsonWriter w, WakeContext wake)
        {
            Reading reading = wake.Reading;
            ChannelTable channels = wake.Channels;
            w.BeginObject();
            w.Property("seq", reading.Sequence);
            if (reading.TimeKnown)
            {
                w.Property("time", reading.UnixTimeMilliseconds, -3);
            }

            // The thermostat's own channels are written by the thermostat below, with its fault and band.
            for (int i = 0; i < wake.MeasuredChannelCount; i++)
            {
                if (reading.IsValid(i))
                {
                    SensorChannel channel = channels.Get(i);
                    w.Property(channel.Name, reading.Values[i], channel.Scale);
                }
            }

            if (wake.AlarmRule.IsEnabled)
            {
                w.Property("alarm", wake.State.AlarmActive);
            }

            if (wake.Thermostat != null)
            {
                wake.Thermostat.WriteState(w);
            }

            w.EndObject();
        }
    }
}
