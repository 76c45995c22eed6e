namespace Firmware.Power
{
    /// <summary>
    /// The three numbers the planner needs about the device's consumption: the battery current in deep
    /// sleep, the charge of one wake without its radio session (boot, sample, store), and the charge of one
    /// radio session. Measured by an <see cref="EnergyLedger"/> once it has seen enough, estimated from the
    /// <see cref="BoardProfile"/> before that.
    /// </summary>
    public sealed class PowerAverages
    {
        /// <summary>Wakes and radio sessions a ledger must have counted before its averages replace the estimates.</summary>
        public const int MinimumMeasured = 3;

        /// <summary>
        /// CPU time of a wake besides boot and measurement (the loop's construction, sampling, the log's append and
        /// commit, planning): the least battery wake of the project's own bundle on the nanoCLR interpreter, 7.6 ms,
        /// scaled to an ESP32_PSRAM image by the GpioPin.Toggle() loop of nanoFramework Home #1013 (×47; ×141 on the
        /// image without PSRAM gives about 1.1 s). docs/power.md has the method; devicebuild --bench measures it again.
        /// The loop charges at least this much per wake, and the planner uses it before it has measured a wake.
        /// </summary>
        public const int EstimatedCpuMillisecondsPerWake = 360;

        /// <summary>Radio-on time of a session after the network is up, for the estimate (MQTT connect, one batch, status).</summary>
        public const int EstimatedSessionReceiveMilliseconds = 500;

        /// <summary>Battery current in deep sleep, nA.</summary>
        public long SleepNanoamps { get; set; }

        /// <summary>Charge of one wake without its radio session, nA·ms.</summary>
        public long WakeChargeNanoampMilliseconds { get; set; }

        /// <summary>Charge of one radio session, nA·ms.</summary>
        public long SessionChargeNanoampMilliseconds { get; set; }

        /// <summary>
        /// Fills the averages from <paramref name="ledger"/>: measured where it has counted at least
        /// <see cref="MinimumMeasured"/> wakes (and sessions), estimated from its profile otherwise.
        /// </summary>
        public void Measure(EnergyLedger ledger)
        {
            BoardProfile profile = ledger.Profile;
            SleepNanoamps = ledger.BatteryNanoamps(PowerPhase.DeepSleep);
            long radio = ledger.ChargeNanoampMilliseconds(PowerPhase.WifiConnect)
                + ledger.ChargeNanoampMilliseconds(PowerPhase.RadioTransmit)
                + ledger.ChargeNanoampMilliseconds(PowerPhase.RadioReceive);
            if (ledger.Wakes >= MinimumMeasured)
            {
                long awake = ledger.TotalChargeNanoampMilliseconds - ledger.ChargeNanoampMilliseconds(PowerPhase.DeepSleep) - radio;
                WakeChargeNanoampMilliseconds = awake / ledger.Wakes;
            }
            else
            {
                WakeChargeNanoampMilliseconds = (profile.BootMilliseconds * ledger.BatteryNanoamps(PowerPhase.Boot))
                    + (profile.SensorMeasureMilliseconds * ledger.BatteryNanoamps(PowerPhase.SensorMeasure))
                    + (EstimatedCpuMillisecondsPerWake * ledger.BatteryNanoamps(PowerPhase.CpuActive))
                    + ((profile.FlashPageProgramMicroseconds * ledger.BatteryNanoamps(PowerPhase.FlashProgram)) / 1000);
            }

            if (ledger.RadioSessions >= MinimumMeasured)
            {
                SessionChargeNanoampMilliseconds = radio / ledger.RadioSessions;
            }
            else
            {
                SessionChargeNanoampMilliseconds = (profile.WifiConnectMilliseconds * ledger.BatteryNanoamps(PowerPhase.WifiConnect))
                    + (EstimatedSessionReceiveMilliseconds * ledger.BatteryNanoamps(PowerPhase.RadioReceive));
            }
        }
    }
}
