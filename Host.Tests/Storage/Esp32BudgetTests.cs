using Firmware.Device;
using Firmware.Host.Hardware;
using Firmware.Readings;
using Firmware.Storage;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Storage
{
    /// <summary>
    /// The readings the ESP32 storage profiles hold while the network is down (the budget table in
    /// nf-targets/esp32/README.md): the device's own storage split of each region, then the log filled with
    /// three-channel readings far past its capacity; at no point may it hold fewer than the table says.
    /// </summary>
    [TestClass]
    public sealed class Esp32BudgetTests
    {
        private const int Sector = 4096;

        [TestMethod]
        [DataRow(48, 40, 8_360, DisplayName = "4 MB stock")]
        [DataRow(256, 56, 11_880, DisplayName = "4 MB, the README's table")]
        [DataRow(448, 248, 54_120, DisplayName = "8 MB stock")]
        [DataRow(704, 504, 110_440, DisplayName = "16 MB stock")]
        public void AProfileHoldsAtLeastTheReadingsItsTableStates(int regionSectors, int logSectors, int readings)
        {
            SimulatedNorFlash flash = new SimulatedNorFlash(regionSectors * Sector, Sector);
            DeviceStorage storage = new DeviceStorage(flash);
            Assert.AreEqual(logSectors, storage.LogRegion.SectorCount, "log sectors beside the configuration document");

            ReadingLog log = new ReadingLog(storage.LogRegion);
            log.Mount();
            Reading reading = new Reading(3) { ValidMask = 7, TimeKnown = true, SincePowerOnMilliseconds = -1 };
            long least = long.MaxValue;
            for (int i = 0; i < readings * 2; i++)
            {
                reading.UnixTimeMilliseconds = 1_764_000_000_000L + (i * 300_000L);
                reading.Values[0] = 2000 + (i % 500);
                reading.Values[1] = 450;
                reading.Values[2] = 101_000;
                log.Append(reading);
                if (i >= readings && log.Held < least)
                {
                    least = log.Held;
                }
            }

            Assert.IsTrue(log.Dropped > 0, "the log was filled past its capacity");
            Assert.IsTrue(least >= readings, $"held {least} readings at the least, the table says {readings}");
            Assert.IsTrue(least < readings + 222 + 1, $"held {least}: the table's figure is the one a full log keeps");
        }
    }
}
