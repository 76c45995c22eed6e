using System;
using System.Collections.Generic;
using Firmware.Device;
using Firmware.Host.Hardware;
using Firmware.Readings;
using Firmware.Storage;

namespace Firmware.Host.Tests.Storage.Support
{
    /// <summary>
    /// The firmware's storage on a cut model, driven by workload steps and judged by the oracles: the
    /// standard layout's partitions (no OTA slots) on a small region, the reading log and the state store.
    /// </summary>
    public sealed class StorageRig
    {
        public const int SectorSize = 256;
        public const int LogSectors = 6;
        public const int StateSlotSize = 32;
        public const int RegionSectors = FlashLayout.BootControlSectors + FlashLayout.StateSectors + LogSectors;

        private readonly CutModel _model;
        private readonly Random _random;
        private readonly Reading[] _batch;
        private long _counter;

        public StorageRig(CutModel model, int seed)
        {
            _model = model;
            _random = new Random(seed);
            _batch = new Reading[16];
            for (int i = 0; i < _batch.Length; i++)
            {
                _batch[i] = new Reading(8);
            }
        }

        public static CutModel NewModel(string name, int seed) => CutModel.Create(name, SectorSize, RegionSectors, seed);

        public LogOracle LogOracle { get; } = new LogOracle();

        public StateOracle StateOracle { get; } = new StateOracle();

        public ReadingLog Log { get; private set; }

        public StateStore State { get; private set; }

        public CutModel Model => _model;

        /// <summary>Builds the storage objects over the model's flash and mounts them (as every boot does).</summary>
        public void Boot()
        {
            FlashLayout layout = FlashLayout.Create(_model.Flash, 0);
            Log = new ReadingLog(layout.Log);
            State = new StateStore(layout.State, StateSlotSize);
            Log.Mount();
            State.Mount();
        }

        /// <summary>Power comes back (a cut during the boot itself cuts again and is retried), then every guarantee is checked.</summary>
        public void RebootAndVerify(string context)
        {
            for (int attempt = 0; ; attempt++)
            {
                _model.Reboot();
                try
                {
                    Boot();
                    break;
                }
                catch (SimulatedPowerCutException) when (attempt < 10)
                {
                }
            }

            LogOracle.Verify(Log, context);
            StateOracle.Verify(State, context);
        }

        /// <summary>Runs steps from <paramref name="first"/>; returns the index of the step a power cut stopped, or -1.</summary>
        public int Run(IReadOnlyList<Step> steps, int first)
        {
            for (int i = first; i < steps.Count; i++)
            {
                try
                {
                    Run(steps[i]);
                }
                catch (SimulatedPowerCutException)
                {
                    return i;
                }
            }

            return -1;
        }

        public void Run(Step step)
        {
            switch (step.Kind)
            {
                case StepKind.Append:
                case StepKind.AppendUnsynced:
                    for (int i = 0; i < step.Count; i++)
                    {
                        Reading reading = NewReading(step.Channels, step.Wide);

                        // Known before the call: an append cut at its commit marker may still be complete.
                        long expected = Log.NextSequence;
                        LogOracle.Appended(expected, reading);
                        long sequence = Log.Append(reading);
                        if (sequence != expected)
                        {
                            throw new InvalidOperationException($"append gave #{sequence}, next was #{expected}");
                        }
                    }

                    if (step.Kind == StepKind.Append)
                    {
                        Sync();
                    }

                    break;
                case StepKind.Acknowledge:
                    int n = Log.ReadOldest(_batch, 0, Math.Min(step.Count, _batch.Length));
                    if (n > 0)
                    {
                        Acknowledge(_batch[n - 1].Sequence);
                    }

                    break;
                case StepKind.AcknowledgeThrough:
                    if (Log.Held > 0)
                    {
                        Acknowledge(Math.Min(Log.NewestSequence, Log.OldestSequence + step.Count - 1));
                    }

                    break;
                case StepKind.StateWrite:
                case StepKind.StateWriteUnsynced:
                    byte[] value = NewStateValue(step.Key);
                    StateOracle.Writing(step.Key, value);
                    State.Write(step.Key, 7, value, 0, value.Length);
                    if (step.Kind == StepKind.StateWrite)
                    {
                        Sync();
                    }

                    break;
                case StepKind.Sync:
                    Sync();
                    break;
            }
        }

        private void Acknowledge(long through)
        {
            LogOracle.AcknowledgeIssued(through);
            Log.Acknowledge(through);
            LogOracle.Acknowledged(through);
            Sync();
        }

        /// <summary>One flash sync commits the log and the state store alike.</summary>
        private void Sync()
        {
            Log.Sync();
            LogOracle.Synced();
            StateOracle.Synced();
        }

        private Reading NewReading(int channels, bool wide)
        {
            Reading reading = new Reading(channels);
            int mask = 0;
            for (int c = 0; c < channels; c++)
            {
                bool valid = _random.Next(12) != 0;
                reading.Values[c] = valid ? (wide && c == 1 ? _random.Next(1 << 24, int.MaxValue) * (_random.Next(2) == 0 ? -1 : 1) : _random.Next(-800000, 8000000)) : 0;
                mask |= valid ? 1 << c : 0;
            }

            reading.ValidMask = mask;
            int time = _random.Next(10);
            reading.TimeKnown = time < 8;
            reading.UnixTimeMilliseconds = reading.TimeKnown ? 1_764_000_000_000L + (++_counter * 300_000) + _random.Next(1000) : 0;
            reading.SincePowerOnMilliseconds = reading.TimeKnown ? -1 : (time == 8 ? _random.Next(0, int.MaxValue) : -1);
            return reading;
        }

        private byte[] NewStateValue(int key)
        {
            byte[] value = new byte[_random.Next(4, StateSlotSize - StateStore.Overhead + 1)];
            _random.NextBytes(value);
            value[0] = (byte)key;
            value[1] = (byte)++_counter;
            return value;
        }
    }
}
