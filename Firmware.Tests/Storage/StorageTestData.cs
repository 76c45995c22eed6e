using Firmware.Device;
using Firmware.Readings;
using Firmware.Storage;

namespace Firmware.Tests.Storage
{
    /// <summary>Readings and logs the storage tests share.</summary>
    public static class StorageTestData
    {
        public const long Noon = 1764158400000;

        /// <summary>A three-channel reading taken at <see cref="Noon"/> plus <paramref name="minutes"/>, all valid.</summary>
        public static Reading Climate(int minutes, int temperature)
        {
            Reading reading = new Reading(3);
            reading.Values[0] = temperature;
            reading.Values[1] = 455;
            reading.Values[2] = 101325;
            reading.ValidMask = 7;
            reading.TimeKnown = true;
            reading.UnixTimeMilliseconds = Noon + (minutes * 60000L);
            reading.SincePowerOnMilliseconds = -1;
            return reading;
        }

        /// <summary>A log over <paramref name="flash"/>, mounted.</summary>
        public static ReadingLog MountedLog(Firmware.Ports.IFlash flash)
        {
            ReadingLog log = new ReadingLog(flash);
            log.Mount();
            return log;
        }

        public static Reading[] Batch(int count, int channels)
        {
            Reading[] batch = new Reading[count];
            for (int i = 0; i < count; i++)
            {
                batch[i] = new Reading(channels);
            }

            return batch;
        }

        /// <summary>Appends <paramref name="count"/> readings with temperatures 2000, 2001, ... and syncs.</summary>
        public static void AppendMany(ReadingLog log, int count, int firstTemperature)
        {
            for (int i = 0; i < count; i++)
            {
                log.Append(Climate(i, firstTemperature + i));
            }

            log.Sync();
        }
    }
}
