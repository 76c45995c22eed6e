using Firmware.Tools.Bench.Uplink;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Uplink
{
    /// <summary>
    /// What the firmware allocates (measured on the host with a link that allocates nothing; figures in
    /// docs/uplink.md from dotnet run --project tools/Bench -- allocations): nothing per sample, nothing per radio
    /// session; a battery wake allocates only its watchdog's timer once its boot has built the loop, with or without the
    /// OTA participant (its updater is built only in radio sessions).
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
            Assert.IsTrue(result.BatteryRadioWakeBytes - result.BatterySampleWakeBytes <= 64,
                $"a radio session added {result.BatteryRadioWakeBytes - result.BatterySampleWakeBytes} bytes");
            Assert.AreEqual(result.BatterySampleWakeBytes, result.OtaSampleWakeBytes, "OTA costs a sample wake nothing");
        }
    }
}
