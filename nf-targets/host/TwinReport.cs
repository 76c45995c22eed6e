using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Firmware.Power;

namespace Firmware.Host
{
    /// <summary>What a twin run did, judged by the independent subscriber rather than the firmware's own word.</summary>
    public sealed class TwinReport
    {
        public TimeSpan DeviceTime { get; set; }

        public TimeSpan RealTime { get; set; }

        /// <summary>Boots the firmware counted in this run (each start of its loop: a boot, or on mains a restart after a configuration change).</summary>
        public int Boots { get; set; }

        /// <summary>Boots the loader made (a mains device restarts its loop within one).</summary>
        public int LoaderBoots { get; set; }

        /// <summary>The firmware version the last boot ran (from the active slot), or null.</summary>
        public string Firmware { get; set; }

        /// <summary>The slot the last boot ran, or -1 without slots.</summary>
        public int Slot { get; set; } = -1;

        /// <summary>Size of the bundle the last boot loaded, bytes (0 without slots).</summary>
        public int BundleBytes { get; set; }

        /// <summary>The measured load time of that bundle, ms (charged to the ledger at every boot).</summary>
        public long BundleLoadMilliseconds { get; set; }

        public int Sampled { get; set; }

        /// <summary>True for a run with --setup.</summary>
        public bool Setup { get; set; }

        /// <summary>True when setup stored settings in this run.</summary>
        public bool SetupStored { get; set; }

        /// <summary>Device time from power-on to the setup page being served, seconds.</summary>
        public double? SetupPageUpSeconds { get; set; }

        /// <summary>Device time from power-on to the networks being listed on the page, seconds.</summary>
        public double? SetupNetworksListedSeconds { get; set; }

        /// <summary>Device time from the form's (last) submit to the first reading delivered, seconds.</summary>
        public double? SetupSubmitToFirstReadingSeconds { get; set; }

        /// <summary>Sequence numbers the subscriber received, in arrival order.</summary>
        public long[] Received { get; set; } = Array.Empty<long>();

        public int Distinct => new HashSet<long>(Received).Count;

        public int Duplicates => Received.Length - Distinct;

        /// <summary>Sequence numbers between the lowest and the highest received that never arrived.</summary>
        public int Missing
        {
            get
            {
                HashSet<long> seen = new HashSet<long>(Received);
                if (seen.Count == 0)
                {
                    return 0;
                }

                long min = seen.Min();
                long max = seen.Max();
                int missing = 0;
                for (long s = min; s <= max; s++)
                {
                    if (!seen.Contains(s))
                    {
                        missing++;
                    }
                }

                return missing;
            }
        }

        /// <summary>The first sequence number this run gave a reading.</summary>
        public long FirstSequence { get; set; }

        /// <summary>Readings of this run the subscriber received.</summary>
        public int DeliveredThisRun => new HashSet<long>(Received.Where(s => s >= FirstSequence && s < NextSequence)).Count;

        /// <summary>Readings of this run still held in the flash log (they go out with a later session).</summary>
        public long HeldThisRun => StoredHeld == 0 ? 0 : NextSequence - Math.Max(StoredOldest, FirstSequence);

        /// <summary>
        /// Readings of this run neither received, nor held in flash, nor counted as dropped by a full log: what the
        /// device lost without knowing. Zero is the goal.
        /// </summary>
        public long Lost => Math.Max(0, (NextSequence - FirstSequence) - DeliveredThisRun - HeldThisRun - DroppedThisRun);

        public int RadioSessions { get; set; }

        public int FailedRadioSessions { get; set; }

        /// <summary>For the thermostat role: what the relay and the room did.</summary>
        public Scenarios.ThermostatScenarioResult Thermostat { get; set; }

        /// <summary>Connections the fault proxy cut (a down window beginning, a packet limit): each may leave batches in flight.</summary>
        public int ConnectionsCut { get; set; }

        /// <summary>What the fault proxy did, or null when no fault was injected.</summary>
        public string Faults { get; set; }

        /// <summary>False when the observer could not reach the broker (nothing was judged).</summary>
        public bool Observed { get; set; } = true;

        /// <summary>Times the observer connected again after the broker went away.</summary>
        public int ObserverReconnects { get; set; }

        /// <summary>Reconnects that found the observer's session gone (a broker that keeps no sessions across a restart).</summary>
        public int ObserverSessionsLost { get; set; }

        /// <summary>Why the observer was not connected at the end, or null.</summary>
        public string ObserverProblem { get; set; }

        /// <summary>Radio sessions that tried to reach the broker (network, then MQTT).</summary>
        public int BrokerSessionsTried { get; set; }

        /// <summary>Of those, the sessions the broker accepted.</summary>
        public int BrokerSessionsReached { get; set; }

        /// <summary>The last failure of the device's network or MQTT link, or null.</summary>
        public string LastLinkError { get; set; }

        /// <summary>PUBACK waits the MQTT adapter found lost (the broker answered a PINGREQ, not the PUBACK).</summary>
        public int PubacksFoundLost { get; set; }

        /// <summary>The twin's exit code for this run (<see cref="TwinExitCodes"/>).</summary>
        public int ExitCode => BrokerSessionsTried > 0 && BrokerSessionsReached == 0 ? TwinExitCodes.BrokerNeverReached : TwinExitCodes.Success;

        /// <summary>True when the device ran on mains: it has no battery, its energy is what it takes from the supply.</summary>
        public bool Mains { get; set; }

        /// <summary>The charge the device's ledger accounted in this run, µAh (a mains ledger runs on across runs).</summary>
        public double RunMicroampHours { get; set; }

        /// <summary>The voltage the energy model's currents are drawn at (the board's battery, or on mains its supply), mV.</summary>
        public int SupplyMillivolts { get; set; }

        public string FlashFile { get; set; }

        /// <summary>Unacknowledged readings left in the flash log at the end.</summary>
        public long StoredHeld { get; set; }

        /// <summary>The oldest of them, or 0.</summary>
        public long StoredOldest { get; set; }

        /// <summary>Readings the full log dropped, over the flash's life.</summary>
        public long StoredDropped { get; set; }

        public long DroppedThisRun { get; set; }

        /// <summary>The sequence number the next reading will get.</summary>
        public long NextSequence { get; set; }

        /// <summary>The device's energy ledger as it saved it last (since its last power-on).</summary>
        public EnergyLedger Ledger { get; set; }

        public int BatteryMilliampHours { get; set; }

        /// <summary>The simulated battery's charge at the end.</summary>
        public double BatteryLeftPercent { get; set; }

        /// <summary>Time the radio was on (Wi-Fi connect, transmit, receive), from the ledger.</summary>
        public TimeSpan RadioOn => Ledger == null ? TimeSpan.Zero : TimeSpan.FromMilliseconds(
            (Ledger.Microseconds(PowerPhase.WifiConnect) + Ledger.Microseconds(PowerPhase.RadioTransmit) + Ledger.Microseconds(PowerPhase.RadioReceive)) / 1000.0);

        /// <summary>Charge per reading, µAh.</summary>
        public double MicroampHoursPerReading => Ledger == null || Ledger.Readings == 0 ? 0 : Ledger.TotalChargeNanoampMilliseconds / 3.6e9 / Ledger.Readings;

        /// <summary>The average battery current over the accounted time, µA.</summary>
        public double AverageMicroamps => Ledger == null || Ledger.TotalMicroseconds == 0 ? 0 : Ledger.TotalChargeNanoampMilliseconds / (Ledger.TotalMicroseconds / 1000.0) / 1000.0;

        /// <summary>Projected life of a fresh battery at the average current, days.</summary>
        public double ProjectedLifeDays => AverageMicroamps <= 0 ? 0 : BatteryMilliampHours * 1000.0 / AverageMicroamps / 24;

        /// <summary>On mains: the average current from the supply over this run, mA.</summary>
        public double MainsAverageMilliamps => DeviceTime.TotalHours <= 0 ? 0 : RunMicroampHours / 1000.0 / DeviceTime.TotalHours;

        /// <summary>On mains: the energy taken from the supply per day, Wh.</summary>
        public double MainsWattHoursPerDay => MainsAverageMilliamps * 24 * SupplyMillivolts / 1e6;

        /// <summary>
        /// The report as JSON, for scripts and CI: the same figures <see cref="Print"/> shows, as numbers (times in
        /// seconds, charges in mAh or µAh), with the exit code. Parts that do not apply to the run are null.
        /// </summary>
        public JsonObject ToJson()
        {
            JsonObject json = new JsonObject
            {
                ["exitCode"] = ExitCode,
                ["deviceTimeSeconds"] = Math.Round(DeviceTime.TotalSeconds, 3),
                ["realTimeSeconds"] = Math.Round(RealTime.TotalSeconds, 3),
                ["boots"] = Boots,
                ["loaderBoots"] = LoaderBoots,
                ["firmware"] = Firmware,
                ["readings"] = new JsonObject
                {
                    ["observed"] = Observed,
                    ["sampled"] = Sampled,
                    ["delivered"] = DeliveredThisRun,
                    ["duplicated"] = Duplicates,
                    ["lost"] = Lost,
                    ["held"] = HeldThisRun,
                    ["dropped"] = DroppedThisRun,
                    ["distinctReceived"] = Distinct,
                    ["firstSequence"] = FirstSequence,
                    ["nextSequence"] = NextSequence,
                },
                ["observer"] = new JsonObject
                {
                    ["reconnects"] = ObserverReconnects,
                    ["sessionsLost"] = ObserverSessionsLost,
                    ["problem"] = ObserverProblem,
                },
                ["loader"] = BundleBytes > 0 ? new JsonObject
                {
                    ["slot"] = Slot,
                    ["bundleBytes"] = BundleBytes,
                    ["bundleLoadMilliseconds"] = BundleLoadMilliseconds,
                } : null,
                ["flashLog"] = new JsonObject
                {
                    ["held"] = StoredHeld,
                    ["dropped"] = StoredDropped,
                    ["file"] = FlashFile,
                },
                ["radio"] = new JsonObject
                {
                    ["sessions"] = RadioSessions,
                    ["withoutNetwork"] = FailedRadioSessions,
                    ["onSeconds"] = Math.Round(RadioOn.TotalSeconds, 3),
                    ["brokerSessionsTried"] = BrokerSessionsTried,
                    ["brokerSessionsReached"] = BrokerSessionsReached,
                    ["pubacksFoundLost"] = PubacksFoundLost,
                    ["lastLinkError"] = LastLinkError,
                },
                ["energy"] = EnergyJson(),
                ["thermostat"] = Thermostat == null ? null : new JsonObject
                {
                    ["setpointCelsius"] = Thermostat.SetpointCenti / 100.0,
                    ["hysteresisCelsius"] = Thermostat.HysteresisCenti / 100.0,
                    ["relayCycles"] = Thermostat.CyclesPerHour().Sum(),
                    ["withinBandFromTwoHours"] = Thermostat.Samples.Any(x => x.At >= 2 * 3_600_000) ? Math.Round(Thermostat.FractionWithinBand(2 * 3_600_000), 4) : null,
                    ["heaterKilowattHours"] = Math.Round(Thermostat.HeaterOnMilliseconds / 3_600_000.0 * Thermostat.HeaterWatts / 1000, 4),
                },
                ["faults"] = Faults,
            };
            return json;
        }

        /// <summary>Writes <see cref="ToJson"/> to <paramref name="path"/>, indented.</summary>
        public void WriteJson(string path)
        {
            File.WriteAllText(path, ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + Environment.NewLine);
        }

        private JsonObject EnergyJson()
        {
            if (Mains)
            {
                return new JsonObject
                {
                    ["power"] = "mains",
                    ["runMilliampHours"] = Math.Round(RunMicroampHours / 1000.0, 6),
                    ["averageMilliamps"] = Math.Round(MainsAverageMilliamps, 4),
                    ["supplyVolts"] = SupplyMillivolts / 1000.0,
                    ["wattHoursPerDay"] = Math.Round(MainsWattHoursPerDay, 4),
                };
            }

            if (Ledger == null)
            {
                return null;
            }

            JsonObject phases = new JsonObject();
            for (int phase = 0; phase < PowerPhase.Count; phase++)
            {
                phases[PowerPhase.Name(phase)] = Ledger.ChargeNanoampHours(phase) / 1000.0;
            }

            return new JsonObject
            {
                ["power"] = "battery",
                ["ledgerMilliampHours"] = Ledger.TotalMicroampHours / 1000.0,
                ["microampHoursPerReading"] = Math.Round(MicroampHoursPerReading, 3),
                ["averageMicroamps"] = Math.Round(AverageMicroamps, 3),
                ["projectedLifeDays"] = Math.Round(ProjectedLifeDays, 1),
                ["batteryMilliampHours"] = BatteryMilliampHours,
                ["batteryLeftPercent"] = Math.Round(BatteryLeftPercent, 3),
                ["phasesMicroampHours"] = phases,
            };
        }

        public void Print(TextWriter output)
        {
            output.WriteLine();
            string boots = Boots == LoaderBoots ? $"{Boots} boot(s)"
                : Boots > LoaderBoots ? $"{Boots} boot(s) ({Boots - LoaderBoots} of them the application starting again after a configuration change)"
                : $"{Boots} boot(s) of the firmware in {LoaderBoots} of the loader";
            output.WriteLine($"run: {DurationText.Format(DeviceTime)} of device time in {RealTime.TotalSeconds:0.0} s, {boots}{(Firmware != null ? $", firmware {Firmware}" : string.Empty)}");
            output.WriteLine(Observed
                ? $"readings: {Sampled} sampled, {DeliveredThisRun} delivered, {Duplicates} duplicated, {Lost} lost, {HeldThisRun} held for later, "
                    + $"{DroppedThisRun} dropped (judged by an independent subscriber; {Distinct} distinct received in all)"
                : $"readings: {Sampled} sampled (the observer could not use the broker: nothing judged)");
            if (ObserverReconnects > 0 || ObserverProblem != null)
            {
                output.WriteLine($"observer: the broker went away; reconnected {ObserverReconnects} time(s) with its persistent session"
                    + (ObserverSessionsLost > 0 ? $", {ObserverSessionsLost} time(s) the broker had lost the session (readings sent in between may count as lost)" : string.Empty)
                    + (ObserverProblem != null ? $"; not connected at the end: {ObserverProblem}" : string.Empty));
            }

            if (Setup)
            {
                output.WriteLine("setup: " + (SetupPageUpSeconds is double up ? $"page up {up:0.0} s after power-on" : "the page never came up")
                    + (SetupNetworksListedSeconds is double listed ? $", networks listed at {listed:0.0} s" : string.Empty)
                    + (!SetupStored ? "; no settings stored" : SetupSubmitToFirstReadingSeconds is double first
                        ? $"; first reading delivered {first:0.0} s after the form was submitted" : "; settings stored, no reading delivered yet")
                    + " (device time)");
            }

            if (BundleBytes > 0)
            {
                output.WriteLine($"loader: slot {Slot}, a {BundleBytes:N0}-byte bundle loaded in {BundleLoadMilliseconds} ms (the ledger's load phase, at every boot)");
            }

            output.WriteLine($"flash log: {StoredHeld} held, {StoredDropped} dropped, next #{NextSequence} ({FlashFile})");
            output.WriteLine($"radio: {RadioSessions} session(s), {FailedRadioSessions} without network, {RadioOn.TotalSeconds:0.0} s on"
                + (PubacksFoundLost > 0 ? $", {PubacksFoundLost} PUBACK(s) found lost" : string.Empty));
            if (ExitCode == TwinExitCodes.BrokerNeverReached)
            {
                output.WriteLine($"broker: never reached in {BrokerSessionsTried} attempt(s) (exit code {TwinExitCodes.BrokerNeverReached}); last: {LastLinkError ?? "no reason given"}");
            }

            if (Mains)
            {
                if (RunMicroampHours > 0)
                {
                    output.WriteLine($"energy (mains, no battery): {MainsAverageMilliamps:0.0} mA average at {SupplyMillivolts / 1000.0:0.0} V, {MainsWattHoursPerDay:0.00} Wh/day; "
                        + $"{RunMicroampHours / 1000.0:0.000} mAh in this run");
                }
            }
            else if (Ledger != null && Ledger.Readings > 0)
            {
                output.WriteLine($"energy: {Ledger.TotalMicroampHours / 1000.0:0.000} mAh, {MicroampHoursPerReading:0.0} µAh per reading, average {AverageMicroamps:0} µA, "
                    + $"projected life {ProjectedLifeDays:0} days on {BatteryMilliampHours} mAh (battery at {BatteryLeftPercent:0.00} %)");
            }

            Thermostat?.Print(output);
            if (Faults != null)
            {
                output.WriteLine($"faults: {Faults}");
            }
        }
    }
}
