using System;
using Firmware.Tools.Bench.Uplink;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Uplink
{
    /// <summary>
    /// What the firmware allocates (measured on the host with a link that allocates nothing; figures in
    /// docs/uplink.md from dotnet run --project tools/Bench -- allocations): nothing per sample and nothing per reading
    /// sent; a battery wake without radio allocates only its watchdog's timer once its boot has built the loop, with or
    /// without the OTA participant (its updater is built only in radio sessions); the radio's buffers (the drain's
    /// batch, the received message) are made at the boot's first session, never in a wake that only samples.
    /// </summary>
    [TestClass]
    public sealed class UplinkAllocationTests
    {
        [TestMethod]
        public void TheSamplePathAndTheRadioSessionAllocateNothing()
        {
            AllocationProbe.Result result = AllocationProbe.Measure();

            Assert.IsTrue(result.MainsBytesPerSample < 1, $"{result.MainsBytesPerSample} bytes per sample on mains");
            Assert.IsTrue(result.BatterySampleWakeBytes <= 256, $"{result.BatterySampleWakeBytes} bytes in a battery sample wake (the watchdog's timer)");
            Assert.IsTrue(Math.Abs(result.LongRadioWakeBytes - result.BatteryRadioWakeBytes) <= 64,
                $"{result.LongRadioWakeReadings} readings sent took {result.LongRadioWakeBytes} bytes, {result.RadioWakeReadings} took {result.BatteryRadioWakeBytes}");
            Assert.AreEqual(result.BatterySampleWakeBytes, result.OtaSampleWakeBytes, "OTA costs a sample wake nothing");
        }

        [TestMethod]
        public void AWakeThatOnlySamplesBuildsNoRadioBuffers()
        {
            AllocationProbe.Result result = AllocationProbe.Measure();

            // The drain's batch of readings and the message buffer for an 8 KB configuration come to about 21 KB; the
            // boot built them too before they waited for a session (48 KB in all).
            long radioBuffers = result.BatteryRadioWakeBytes - result.BatterySampleWakeBytes;
            Assert.IsTrue(radioBuffers >= 16 * 1024, $"a radio session made only {radioBuffers} bytes: its buffers were built by the boot");
            Assert.IsTrue(radioBuffers <= 32 * 1024, $"a radio session made {radioBuffers} bytes");
            Assert.IsTrue(result.BootConstructionBytes <= 24 * 1024, $"building the loop took {result.BootConstructionBytes} bytes");
        }
    }
}
