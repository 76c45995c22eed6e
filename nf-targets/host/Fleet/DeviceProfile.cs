using System;
using System.Collections.Generic;
using System.Linq;

namespace Firmware.Host.Fleet
{
    /// <summary>
    /// One device of a fleet as the mix drew it: its kind and board, its Wi-Fi, whether it was ever set up, when its
    /// network is gone for days, its power cuts and brown-outs, its battery and when it is installed. Every draw comes
    /// from the mix's seed, so the same mix gives the same fleet.
    /// </summary>
    public sealed class DeviceProfile
    {
        public string Id { get; init; }

        public int Index { get; init; }

        public DeviceKind Kind { get; init; }

        public WifiQuality Wifi { get; init; }

        /// <summary>The signal strength this device reports, dBm.</summary>
        public int Rssi { get; init; }

        /// <summary>No Wi-Fi credentials were ever stored: it never reaches the broker.</summary>
        public bool NeverSetUp { get; init; }

        /// <summary>When its network is gone for days, ms of the time line; -1 for never.</summary>
        public long OfflineFrom { get; init; } = -1;

        public long OfflineUntil { get; init; } = -1;

        /// <summary>When it is first powered, ms of the time line.</summary>
        public long InstallAt { get; init; }

        /// <summary>Its battery's charge when installed, percent (battery devices).</summary>
        public double BatteryPercent { get; init; }

        /// <summary>Power cuts and brown-outs: when, for how long, and whether it is a brown-out.</summary>
        public IReadOnlyList<(long At, long Off, bool BrownOut)> Cuts { get; init; }

        /// <summary>The device's own seed (sensor, radio, jitter).</summary>
        public int Seed { get; init; }

        /// <summary>True at time <paramref name="at"/> when the device's network is gone for days.</summary>
        public bool OfflineAt(long at) => OfflineFrom >= 0 && at >= OfflineFrom && at < OfflineUntil;

        /// <summary>Draws every device of the mix.</summary>
        public static List<DeviceProfile> Draw(FleetMix mix)
        {
            Random random = new Random(mix.Seed);
            int n = mix.Devices;
            long run = (long)(mix.Days * 86_400_000);
            DeviceKind[] kinds = Apportion(mix.Kinds, k => k.Share, n, random);
            WifiQuality[] wifi = Apportion(mix.Wifi, w => w.Share, n, random);
            bool[] neverSetUp = Apportion(new[] { true, false }, b => b ? mix.NeverSetUp : 1 - mix.NeverSetUp, n, random);
            bool[] offline = Apportion(new[] { true, false }, b => b ? mix.OfflineForDays : 1 - mix.OfflineForDays, n, random);
            List<DeviceProfile> profiles = new List<DeviceProfile>(n);
            for (int i = 0; i < n; i++)
            {
                Random own = new Random(HashCode.Combine(mix.Seed, i, 0x5EED));
                WifiQuality link = wifi[i];
                long install = (long)(own.NextDouble() * mix.InstallOverHours * 3_600_000);
                long offlineFrom = -1;
                long offlineUntil = -1;
                if (offline[i])
                {
                    long length = (long)((mix.OfflineMinDays + (own.NextDouble() * (mix.OfflineMaxDays - mix.OfflineMinDays))) * 86_400_000);
                    offlineFrom = install + (long)(own.NextDouble() * Math.Max(0, run - install - length));
                    offlineUntil = offlineFrom + length;
                }

                profiles.Add(new DeviceProfile
                {
                    Id = $"dev-{i + 1:D5}",
                    Index = i,
                    Kind = kinds[i],
                    Wifi = link,
                    Rssi = link.RssiFrom + (int)Math.Round(own.NextDouble() * (link.RssiTo - link.RssiFrom)),
                    NeverSetUp = neverSetUp[i],
                    OfflineFrom = offlineFrom,
                    OfflineUntil = offlineUntil,
                    InstallAt = install,
                    BatteryPercent = mix.BatteryFromPercent + (own.NextDouble() * (mix.BatteryToPercent - mix.BatteryFromPercent)),
                    Cuts = DrawCuts(mix, own, install, run),
                    Seed = own.Next(1, int.MaxValue),
                });
            }

            return profiles;
        }

        /// <summary>Power cuts and brown-outs as Poisson arrivals over the device's installed life.</summary>
        private static List<(long At, long Off, bool BrownOut)> DrawCuts(FleetMix mix, Random random, long install, long run)
        {
            List<(long At, long Off, bool BrownOut)> cuts = new List<(long At, long Off, bool BrownOut)>();
            double monthMs = 30.0 * 86_400_000;
            foreach (bool brownOut in new[] { true, false })
            {
                double rate = (brownOut ? mix.BrownOutsPerMonth : mix.PowerCutsPerMonth) / monthMs;
                if (rate <= 0)
                {
                    continue;
                }

                double at = install;
                while (true)
                {
                    at += -Math.Log(1 - random.NextDouble()) / rate;
                    if (at >= run)
                    {
                        break;
                    }

                    long off = brownOut
                        ? 100 + random.Next(1900)
                        : (long)((mix.PowerCutMinMinutes + (random.NextDouble() * (mix.PowerCutMaxMinutes - mix.PowerCutMinMinutes))) * 60_000);
                    cuts.Add(((long)at, off, brownOut));
                }
            }

            cuts.Sort((a, b) => a.At.CompareTo(b.At));
            for (int i = cuts.Count - 1; i > 0; i--)
            {
                if (cuts[i].At == cuts[i - 1].At)
                {
                    cuts.RemoveAt(i);
                }
            }

            return cuts;
        }

        /// <summary>Gives each of <paramref name="n"/> devices one of the options, in exact proportion to the shares (largest remainder), in a random order.</summary>
        private static T[] Apportion<T>(IReadOnlyList<T> options, Func<T, double> share, int n, Random random)
        {
            double total = options.Sum(share);
            int[] counts = options.Select(o => (int)Math.Floor(n * share(o) / total)).ToArray();
            int left = n - counts.Sum();
            foreach (int i in Enumerable.Range(0, options.Count).OrderByDescending(i => (n * share(options[i]) / total) - counts[i]).ThenBy(i => i).Take(left))
            {
                counts[i]++;
            }

            T[] drawn = new T[n];
            int at = 0;
            for (int i = 0; i < options.Count; i++)
            {
                for (int c = 0; c < counts[i]; c++)
                {
                    drawn[at++] = options[i];
                }
            }

            random.Shuffle(drawn);
            return drawn;
        }
    }
}
