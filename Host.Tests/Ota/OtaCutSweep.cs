using System;
using System.Diagnostics;
using Firmware.Host.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Ota
{
    /// <summary>
    /// Runs an OTA script once without a cut to count its flash operations, then again with power cut at every one
    /// of them, each cut point with several outcomes of the interrupted operation (seeds of the medium, 12 in CI and
    /// 64 in the long tier, as the storage sweeps do). The script checks its own guarantees after every boot.
    /// </summary>
    internal static class OtaCutSweep
    {
        /// <param name="name">What the sweep covers, for its summary line.</param>
        /// <param name="script">Runs the script with power cut at operation n (none when negative) and the medium's seed.</param>
        /// <param name="minimumOperations">The uncut script must do more flash operations than this.</param>
        /// <param name="check">Further checks of each cut run, given the run and where it was cut.</param>
        public static void Run(string name, Func<long, int, OtaCutOutcome> script, int minimumOperations, Action<OtaCutOutcome, string> check = null)
        {
            Stopwatch time = Stopwatch.StartNew();
            int seeds = Tier.Choose(12, 64);
            OtaCutOutcome uncut = script(-1, 0);
            Assert.AreEqual(0, uncut.Cuts);
            Assert.IsTrue(uncut.Operations > minimumOperations, $"the script exercises the flash: {uncut.Operations} operations");
            int runs = 0;
            for (int seed = 1; seed <= seeds; seed++)
            {
                for (long cut = 1; cut <= uncut.Operations; cut++)
                {
                    OtaCutOutcome o = script(cut, seed);
                    runs++;
                    string where = $"cut at operation {cut} (seed {seed})";
                    Assert.AreEqual(1, o.Cuts, where + " did not happen");
                    check?.Invoke(o, where);
                }
            }

            Console.WriteLine($"{name} power-cut sweep: {uncut.Operations} flash operations x {seeds} outcomes = {runs} cuts in {time.ElapsedMilliseconds} ms");
        }
    }
}
