using System;
using Firmware.Power;

namespace Firmware.Tools.Bench.Power
{
    /// <summary>
    /// Simulates a battery device wake by wake for a number of days and accounts every phase in the
    /// firmware's own <see cref="EnergyLedger"/>, with the firmware's <see cref="Backoff"/> and
    /// <see cref="RadioPlanner"/> alignment deciding when the radio runs. The network is unreachable in a
    /// seeded random share of hours, the same hours for every strategy with the same seed.
    /// </summary>
    public static class PowerSimulation
    {
        public static PowerRunResult Run(BoardProfile profile, PowerScenarioSettings settings, DeviceStrategy strategy)
        {
            EnergyLedger ledger = new EnergyLedger(profile);
            bool[] outage = OutageHours(settings);
            SystemRandom jitter = new SystemRandom(settings.Seed + 7919);
            Backoff backoff = new Backoff(settings.BackoffBaseMilliseconds, settings.BackoffCapMilliseconds);
            long sample = settings.SampleIntervalSeconds * 1000L;
            int wakesPerSession = strategy == DeviceStrategy.ConnectEverySample
                ? 1
                : RadioPlanner.SampleWakesFor(settings.RadioIntervalSeconds * 1000L, sample);
            long wakes = settings.Days * 86400000L / sample;
            int recordsPerSector = settings.SectorBytes / settings.LogRecordBytes;
            int untilRadio = wakesPerSession;
            long buffered = 0;
            long recordsInSector = 0;
            PowerRunResult result = new PowerRunResult { Days = settings.Days, BatteryMillivolts = profile.BatteryMillivolts };

            long outageEnd = settings.OutageStartHour >= 0 ? (settings.OutageStartHour + settings.OutageLengthHours) * 3600000L : -1;
            for (long wake = 0; wake < wakes; wake++)
            {
                long start = ledger.TotalMicroseconds;
                long chargeBefore = ledger.TotalNanoampHours;
                long now = wake * sample;
                ledger.AddWake();
                ledger.Add(PowerPhase.SensorMeasure, profile.SensorMeasureMilliseconds);
                ledger.Add(PowerPhase.CpuActive, settings.CpuMillisecondsPerWake);
                ledger.CountReadings(1);

                // Append the reading to the flash log (erasing the next sector when one fills) and save state.
                ledger.AddMicroseconds(PowerPhase.FlashProgram, profile.FlashPageProgramMicroseconds * (1L + settings.StatePagesPerWake));
                if (++recordsInSector >= recordsPerSector)
                {
                    ledger.Add(PowerPhase.FlashErase, profile.FlashSectorEraseMilliseconds);
                    recordsInSector = 0;
                }

                buffered++;
                if (--untilRadio <= 0)
                {
                    ledger.CountRadioSession();
                    result.RadioSessions++;
                    if (outage[now / 3600000])
                    {
                        // Wi-Fi scans until its timeout, then the radio goes down with the sleep.
                        ledger.Add(PowerPhase.WifiConnect, settings.NetworkTimeoutMilliseconds);
                        result.FailedSessions++;
                        if (strategy == DeviceStrategy.ConnectEverySample)
                        {
                            buffered = 0;
                            untilRadio = 1;
                        }
                        else
                        {
                            untilRadio = RadioPlanner.SampleWakesFor(backoff.Failed(jitter), sample);
                        }
                    }
                    else
                    {
                        if (outageEnd >= 0 && now >= outageEnd && result.RecoveryMilliseconds < 0)
                        {
                            result.RecoveryMilliseconds = now - outageEnd;
                        }

                        Session(ledger, profile, settings, buffered);
                        result.Delivered += buffered;
                        buffered = 0;
                        backoff.Succeeded();
                        untilRadio = wakesPerSession;
                    }
                }

                long awakeMilliseconds = (ledger.TotalMicroseconds - start + 999) / 1000;
                ledger.Add(PowerPhase.DeepSleep, Math.Max(0, sample - awakeMilliseconds));
                if (outageEnd >= 0 && outage[now / 3600000])
                {
                    result.OutageNanoampHours += ledger.TotalNanoampHours - chargeBefore;
                }
            }

            result.Ledger = ledger;
            result.Readings = ledger.Readings;
            result.NanoampHours = ledger.TotalNanoampHours;
            result.PhaseNanoampHours = new long[PowerPhase.Count];
            for (int phase = 0; phase < PowerPhase.Count; phase++)
            {
                result.PhaseNanoampHours[phase] = ledger.ChargeNanoampHours(phase);
            }

            result.RadioOnMilliseconds = (ledger.Microseconds(PowerPhase.WifiConnect) + ledger.Microseconds(PowerPhase.RadioTransmit)
                + ledger.Microseconds(PowerPhase.RadioReceive)) / 1000;
            return result;
        }

        /// <summary>A successful session: Wi-Fi up, MQTT connect, the buffered readings in batches, status and goodbye.</summary>
        private static void Session(EnergyLedger ledger, BoardProfile profile, PowerScenarioSettings settings, long readings)
        {
            ledger.Add(PowerPhase.WifiConnect, profile.WifiConnectMilliseconds);
            ledger.Add(PowerPhase.RadioReceive, settings.MqttConnectMilliseconds);
            int perBatch = Math.Max(1, settings.BatchBytes / settings.ReadingBytes);
            long batches = (readings + perBatch - 1) / perBatch;
            long bytes = readings * settings.ReadingBytes;
            ledger.AddMicroseconds(PowerPhase.RadioTransmit, bytes * 8 / settings.TransmitBitsPerMicrosecond);
            long windows = (batches + settings.BatchesInFlight - 1) / settings.BatchesInFlight;
            ledger.Add(PowerPhase.RadioReceive, windows * settings.RoundTripMilliseconds + settings.SessionOverheadMilliseconds);

            // Each acknowledged batch is marked in the log: one page program.
            ledger.AddMicroseconds(PowerPhase.FlashProgram, batches * profile.FlashPageProgramMicroseconds);
        }

        private static bool[] OutageHours(PowerScenarioSettings settings)
        {
            Random random = new Random(settings.Seed);
            bool[] hours = new bool[(settings.Days * 24) + 1];
            if (settings.OutageStartHour >= 0)
            {
                for (int i = settings.OutageStartHour; i < settings.OutageStartHour + settings.OutageLengthHours && i < hours.Length; i++)
                {
                    hours[i] = true;
                }

                return hours;
            }

            for (int i = 0; i < hours.Length; i++)
            {
                hours[i] = random.NextDouble() < settings.OutageFraction;
            }

            return hours;
        }
    }
}
