using Firmware.Ports;
using Firmware.Storage;
using Firmware.Uplink;

namespace Firmware.Device
{
    /// <summary>
    /// Publishes the oldest unacknowledged readings of the log, one SenML pack each, and acknowledges them
    /// in the log only after the broker's PUBACK, once per batch. Stops at the first failure (the rest stay
    /// in the log for the next wake) and after a bounded number per wake.
    /// </summary>
    public sealed class StoredReadingPublisher
    {
        /// <summary>Readings read from the log, sent and acknowledged together.</summary>
        public const int BatchSize = 12;

        /// <summary>Most readings sent in one wake, so a long backlog cannot keep the radio on for long.</summary>
        public const int MaxPerWake = 48;

        private readonly DeviceStorage _storage;
        private readonly TelemetryUplink _uplink;
        private readonly ILog _log;
        private readonly Reading[] _batch;

        public StoredReadingPublisher(DeviceStorage storage, TelemetryUplink uplink, ILog log, int channelCount)
        {
            _storage = storage;
            _uplink = uplink;
            _log = log;
            _batch = new Reading[BatchSize];
            for (int i = 0; i < BatchSize; i++)
            {
                _batch[i] = new Reading(channelCount);
            }
        }

        /// <summary>Readings the broker acknowledged since start.</summary>
        public long Delivered { get; private set; }

        /// <summary>Sends what the log holds, up to <see cref="MaxPerWake"/>; false when a send failed.</summary>
        public bool Publish()
        {
            ReadingLog log = _storage.Log;
            int budget = MaxPerWake;
            while (budget > 0)
            {
                int count = log.ReadOldest(_batch, 0, budget < BatchSize ? budget : BatchSize);
                if (count == 0)
                {
                    return true;
                }

                long acknowledged = 0;
                bool failed = false;
                for (int i = 0; i < count; i++)
                {
                    Reading reading = _batch[i];
                    _storage.Time.Resolve(reading);
                    if (!_uplink.Send(reading))
                    {
                        failed = true;
                        break;
                    }

                    acknowledged = reading.Sequence;
                    Delivered++;
                    budget--;
                    if (_log.IsEnabled(LogLevel.Info))
                    {
                        _log.Write(LogLevel.Info, "uplink", "published #" + reading.Sequence.ToString() + " (acknowledged)");
                    }
                }

                if (acknowledged > 0)
                {
                    log.Acknowledge(acknowledged);
                    log.Sync();
                }

                if (failed)
                {
                    _log.Write(LogLevel.Warning, "uplink", _uplink.LastError);
                    return false;
                }
            }

            return true;
        }
    }
}
