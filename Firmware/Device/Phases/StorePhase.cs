using Firmware.Ports;
using Firmware.Readings;
using Firmware.Storage;

namespace Firmware.Device.Phases
{
    /// <summary>
    /// Appends the wake's reading to the flash log and commits it (sync): from here it survives any cut until the
    /// broker acknowledges it. A flash that fails loses this reading only (logged); the flash operations are charged
    /// to the ledger from their counts.
    /// </summary>
    public sealed class StorePhase : IWakePhase
    {
        public void Run(WakeContext context)
        {
            ILog log = context.Log;
            context.Ledger.CountReadings(1);
            try
            {
                ReadingLog readings = context.Storage.Log;
                readings.Append(context.Reading);
                readings.Sync();
                if (log.IsEnabled(LogLevel.Info))
                {
                    log.Write(LogLevel.Info, "sample", ReadingText.Describe(context.Reading, context.Channels));
                }
            }
            catch (System.IO.IOException e)
            {
                log.Write(LogLevel.Error, "storage", "reading not stored: " + e.Message);
            }

            context.Flash.ChargeTo(context.Ledger);
        }
    }
}
