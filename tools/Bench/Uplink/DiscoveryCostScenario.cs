using System;
using System.Globalization;
using System.IO;
using Firmware.Device;
using Firmware.Drivers.Battery;
using Firmware.Host;
using Firmware.Host.Hardware;
using Firmware.Power;

namespace Firmware.Tools.Bench.Uplink
{
    /// <summary>
    /// What Home Assistant's discovery costs a battery device, in its own energy ledger: the twin's battery sensor (sample
    /// every 5 min, radio every 60 min, a battery gauge, OTA slots, a broker 20 ms away) on a stepped clock, so runs are exactly repeatable, with
    /// discovery on and off (the configuration's "discovery"), told apart phase by phase. The discovery is one retained
    /// publish, its bytes charged as transmit time and its PUBACK's round trip as receive time, made at the first session
    /// and then only when the document changes: one session and a week of sessions differ by the same one publish.
    /// </summary>
    public static class DiscoveryCostScenario
    {
        public const int RoundTripMilliseconds = 20;

        public static int Run(string[] args, TextWriter output)
        {
            int[] days = { 0, 1, 7 };
            output.WriteLine($"The twin's battery sensor (sample 5 min, radio 60 min, battery gauge, OTA slots), broker {RoundTripMilliseconds} ms away, stepped clock; the device's own ledger.");
            output.WriteLine();
            output.WriteLine("| run | sessions | discovery messages, bytes | tx | rx | flash (the record) | everything else | total | of the device's charge |");
            output.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            foreach (int day in days)
            {
                int wakes = day == 0 ? 1 : day * 288;
                (EnergyLedger on, SteppedRoundTripLink link) = Simulate(wakes, true);
                (EnergyLedger off, _) = Simulate(wakes, false);
                long tx = Charge(on, off, PowerPhase.RadioTransmit);
                long rx = Charge(on, off, PowerPhase.RadioReceive);
                long flash = Charge(on, off, PowerPhase.FlashErase) + Charge(on, off, PowerPhase.FlashProgram);
                long total = on.TotalNanoampHours - off.TotalNanoampHours;
                string name = day == 0 ? "the first wake (a session at power-on)" : $"{day} day(s)";
                output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                    "| {0} | {1} | {2}, {3:N0} | {4:0.000} µAh ({5:0.00} ms) | {6:0.000} µAh ({7:0.00} ms) | {8:0.000} µAh | {9:0.000} µAh | **{10:0.000} µAh** | {11:0.00} % |",
                    name, on.RadioSessions, link.CountedMessages, link.CountedBytes, tx / 1000.0, Milliseconds(on, off, PowerPhase.RadioTransmit), rx / 1000.0,
                    Milliseconds(on, off, PowerPhase.RadioReceive), flash / 1000.0, (total - tx - rx - flash) / 1000.0, total / 1000.0, 100.0 * total / off.TotalNanoampHours));
            }

            output.WriteLine();
            output.WriteLine($"tx: the bytes sent, at {RadioSession.TransmitBitsPerMicrosecond} bit/µs; rx: the radio listening (the PUBACK's round trip); flash: the discovery's record in "
                + "the state store, written once and then copied forward when the store turns a sector over; µAh at the board profile's currents.");
            return 0;
        }

        /// <summary>The device after <paramref name="wakes"/> wakes: its ledger, and the link that counted its discovery messages.</summary>
        public static (EnergyLedger Ledger, SteppedRoundTripLink Link) Simulate(int wakes, bool discovery)
        {
            SteppedRoundTripLink link = null;
            DeviceConfig config = new DeviceConfig { DeviceId = "kitchen", PowerMode = PowerModes.Battery, Discovery = discovery };
            SteppedBatteryDevice device = new SteppedBatteryDevice(withOta: true, config: config, linkFor: clock => link = new SteppedRoundTripLink(clock, RoundTripMilliseconds, "/device/"));
            // As the twin's battery sensor: its hardware id and a battery gauge (the discovery's battery entity).
            BatteryGaugeProfile battery = new BatteryGaugeProfile(BatteryCurve.TwoAlkalineCellsBoosted(), 1_000_000, 1_000_000);
            device.Device.Battery = SimulatedBatteryAdc.Gauge(new SimulatedBattery(battery.Curve, Twin.BatteryMilliampHours), battery);
            device.Device.HardwareId = "kitchen";
            for (int i = 0; i < wakes; i++)
            {
                device.Wake(out _, out _);
            }

            return (device.Last.Ledger, link);
        }

        private static long Charge(EnergyLedger on, EnergyLedger off, int phase) => on.ChargeNanoampHours(phase) - off.ChargeNanoampHours(phase);

        private static double Milliseconds(EnergyLedger on, EnergyLedger off, int phase) => (on.Microseconds(phase) - off.Microseconds(phase)) / 1000.0;
    }
}
