using System;
using System.Diagnostics;
using System.IO;
using Firmware.Device;
using Firmware.Host.Hardware;
using Firmware.Ports;
using Firmware.Readings;
using Firmware.Storage;

namespace Firmware.Tools.Bench
{
    /// <summary>
    /// The storage figures of docs/storage.md: flash bytes programmed per reading against the encoded
    /// reading, sector erases, state-store wear, mount cost against log size, allocations per append,
    /// and what the littlefs-like file store rewrites per reading.
    /// </summary>
    public static class StorageBenchmark
    {
        private const int Sector = 4096;

        /// <summary>The three-channel reading without framing: flags 1, time 4, validity 1, values 3 x 3.</summary>
        private static readonly int EncodedReading = ReadingRecord.Size(3, 3) - ReadingRecord.Framing;

        public static void Run(TextWriter output)
        {
            output.WriteLine("# Storage benchmark (3-channel readings, 4 KiB sectors)");
            output.WriteLine();
            output.WriteLine($"Encoded reading: {EncodedReading} bytes; stored slot with CRC-16 and commit marker: {ReadingRecord.Size(3, 3)} bytes.");
            output.WriteLine();
            WriteAmplification(output);
            StateStoreWear(output);
            MountCost(output);
            Allocations(output);
            FileStoreRewrites(output);
        }

        private static void WriteAmplification(TextWriter output)
        {
            output.WriteLine("## Raw NOR: bytes programmed per reading and erases");
            output.WriteLine();
            output.WriteLine("| scenario | readings | bytes programmed / reading | ÷ encoded reading | sector erases / 1000 readings |");
            output.WriteLine("| --- | ---: | ---: | ---: | ---: |");
            Amplification(output, "1 reading per wake, sync per wake, ack every 12", 1, 12);
            Amplification(output, "12 readings per sync, ack every 12", 12, 12);
            Amplification(output, "1 reading per wake, ack every reading (worst case)", 1, 1);
            Amplification(output, "never acknowledged (full log, dropping)", 1, 0);
            output.WriteLine();
        }

        private static void Amplification(TextWriter output, string name, int perSync, int ackEvery)
        {
            // A first lap of the ring erases nothing (the flash starts erased): measure after it.
            const int Readings = 100_000;
            const int WarmUp = 64 * 222;
            SimulatedNorFlash flash = new SimulatedNorFlash(64 * Sector, Sector);
            ReadingLog log = new ReadingLog(flash);
            log.Mount();
            Reading reading = NewReading();
            long programmedBefore = 0;
            long erasedBefore = 0;
            for (int i = 1; i <= WarmUp + Readings; i++)
            {
                if (i == WarmUp + 1)
                {
                    programmedBefore = flash.BytesProgrammed;
                    erasedBefore = flash.SectorsErased;
                }

                reading.Values[0] = 2000 + (i % 500);
                reading.UnixTimeMilliseconds += 300_000;
                log.Append(reading);
                if (i % perSync == 0)
                {
                    log.Sync();
                }

                if (ackEvery > 0 && i % ackEvery == 0)
                {
                    log.Acknowledge(log.NewestSequence);
                    log.Sync();
                }
            }

            double perReading = (double)(flash.BytesProgrammed - programmedBefore) / Readings;
            double erases = 1000.0 * (flash.SectorsErased - erasedBefore) / Readings;
            output.WriteLine($"| {name} | {Readings} | {perReading:0.00} | {perReading / EncodedReading:0.000} | {erases:0.00} |");
        }

        private static void StateStoreWear(TextWriter output)
        {
            output.WriteLine("## State store wear (2 sectors, one update per 5-minute wake)");
            output.WriteLine();
            output.WriteLine("| update per wake | erases / year | erases / sector / year | years to 100,000 cycles |");
            output.WriteLine("| --- | ---: | ---: | ---: |");
            const int WakesPerYear = 365 * 24 * 12;
            StateWear(output, "boot counters (8 bytes)", WakesPerYear, new[] { 8 });
            StateWear(output, "boot counters + a 40-byte ledger + 8 bytes of uplink state", WakesPerYear, new[] { 8, 40, 8 });
            output.WriteLine();
        }

        private static void StateWear(TextWriter output, string name, int wakes, int[] records)
        {
            SimulatedNorFlash flash = new SimulatedNorFlash(2 * Sector, Sector);
            StateStore store = new StateStore(flash);
            store.Mount();
            byte[] value = new byte[64];
            for (int wake = 0; wake < wakes; wake++)
            {
                for (int r = 0; r < records.Length; r++)
                {
                    value[0] = (byte)wake;
                    store.Write(1 + r, 1, value, 0, records[r]);
                }

                store.Sync();
            }

            double perSector = flash.SectorsErased / 2.0;
            output.WriteLine($"| {name} | {flash.SectorsErased} | {perSector:0} | {100_000 / perSector:0} |");
        }

        private static void MountCost(TextWriter output)
        {
            output.WriteLine("## Mount cost against log size");
            output.WriteLine();
            output.WriteLine("| log sectors | readings written | acknowledged | readings held | bytes read by mount | flash reads by mount | mount time (host, mean of 20) |");
            output.WriteLine("| ---: | ---: | --- | ---: | ---: | ---: | ---: |");
            foreach ((int sectors, int readings, bool acknowledged) in new[] { (16, 100, false), (16, 3000, false), (64, 100, false), (64, 13000, false), (64, 13000, true),
                (256, 100, false), (256, 13000, false), (256, 55000, false), (256, 55000, true), (1024, 220000, false), (1024, 220000, true) })
            {
                SimulatedNorFlash flash = new SimulatedNorFlash(sectors * Sector, Sector);
                ReadingLog log = new ReadingLog(flash);
                log.Mount();
                Reading reading = NewReading();
                for (int i = 0; i < readings; i++)
                {
                    log.Append(reading);
                    if (acknowledged && i % 12 == 11)
                    {
                        // A sensor's hourly session: twelve readings, acknowledged as a batch.
                        log.Acknowledge(log.NextSequence - 1);
                    }
                }

                log.Sync();
                long readBefore = flash.BytesRead;
                CountingFlash counting = new CountingFlash(flash);
                ReadingLog mounted = new ReadingLog(counting);
                mounted.Mount();
                long bytesRead = flash.BytesRead - readBefore;
                Stopwatch time = Stopwatch.StartNew();
                const int Repeats = 20;
                for (int i = 0; i < Repeats; i++)
                {
                    new ReadingLog(flash).Mount();
                }

                double ms = time.Elapsed.TotalMilliseconds / Repeats;
                output.WriteLine($"| {sectors} | {readings} | {(acknowledged ? "in batches of 12" : "none")} | {mounted.Held} | {bytesRead} | {counting.Reads} | {ms:0.00} ms |");
            }

            output.WriteLine();
        }

        private static void Allocations(TextWriter output)
        {
            output.WriteLine("## Allocations on the host (GC.GetAllocatedBytesForCurrentThread)");
            output.WriteLine();
            RamFlash flash = new RamFlash(Sector, 64);
            ReadingLog log = new ReadingLog(flash);
            log.Mount();
            Reading reading = NewReading();
            Reading[] batch = new Reading[12];
            for (int i = 0; i < batch.Length; i++)
            {
                batch[i] = new Reading(3);
            }

            for (int i = 0; i < 1000; i++)
            {
                log.Append(reading);
            }

            const int Batches = 10_000;
            long appendBytes = 0;
            long ackBytes = 0;
            for (int b = 0; b < Batches; b++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < 12; i++)
                {
                    log.Append(reading);
                    log.Sync();
                }

                long middle = GC.GetAllocatedBytesForCurrentThread();
                int n = log.ReadOldest(batch, 0, 12);
                log.Acknowledge(batch[n - 1].Sequence);
                log.Sync();
                ackBytes += GC.GetAllocatedBytesForCurrentThread() - middle;
                appendBytes += middle - before;
            }

            const int Appends = Batches * 12;
            output.WriteLine($"- append + sync: {(double)appendBytes / Appends:0.###} bytes per reading over {Appends} appends (sector opens and drops included)");
            output.WriteLine($"- read a batch of 12 + acknowledge + sync: {(double)ackBytes / Batches:0.###} bytes per batch");
            output.WriteLine();
        }

        private static void FileStoreRewrites(TextWriter output)
        {
            output.WriteLine("## ESP32 adapter on the littlefs-like file store: what the file system rewrites");
            output.WriteLine();
            output.WriteLine("| scenario | file bytes written / reading | files written / reading | ÷ encoded reading |");
            output.WriteLine("| --- | ---: | ---: | ---: |");
            FileRewrites(output, "1 reading per wake, sync per wake, ack every 12 (log only)", 1, 12, false);
            FileRewrites(output, "12 readings per sync, ack every 12 (log only)", 12, 12, false);
            FileRewrites(output, "a device wake: reading + boot counters, sync; ack every 12", 1, 12, true);
            output.WriteLine();
            output.WriteLine("littlefs rewrites a file's last block when a closed file changes, so a 4 KiB sector file costs one block");
            output.WriteLine("per sync that touched it; on raw NOR the same wake programs about 20 bytes.");
            output.WriteLine();
        }

        private static void FileRewrites(TextWriter output, string name, int perSync, int ackEvery, bool withState)
        {
            const int Readings = 5000;
            SimulatedFileStore files = new SimulatedFileStore();
            SectorFileFlash flash = new SectorFileFlash(files, "I:\\flash\\", Sector, 68);
            FlashLayout layout = FlashLayout.Create(flash, 0);
            ReadingLog log = new ReadingLog(layout.Log);
            StateStore state = new StateStore(layout.State);
            log.Mount();
            state.Mount();
            Reading reading = NewReading();
            byte[] boot = new byte[8];
            for (int i = 1; i <= Readings; i++)
            {
                log.Append(reading);
                if (withState)
                {
                    boot[0] = (byte)i;
                    state.Write(StateKeys.Boot, 1, boot, 0, boot.Length);
                }

                if (i % perSync == 0)
                {
                    flash.Sync();
                }

                if (i % ackEvery == 0)
                {
                    log.Acknowledge(log.NewestSequence);
                    flash.Sync();
                }
            }

            double bytes = (double)files.BytesWritten / Readings;
            output.WriteLine($"| {name} | {bytes:0} | {(double)files.FilesWritten / Readings:0.00} | {bytes / EncodedReading:0} |");
        }

        private static Reading NewReading()
        {
            Reading reading = new Reading(3) { ValidMask = 7, TimeKnown = true, UnixTimeMilliseconds = 1_764_000_000_000L, SincePowerOnMilliseconds = -1 };
            reading.Values[0] = 2150;
            reading.Values[1] = 455;
            reading.Values[2] = 101325;
            return reading;
        }

        /// <summary>Counts the reads a mount makes.</summary>
        private sealed class CountingFlash : IFlash
        {
            private readonly IFlash _inner;

            public CountingFlash(IFlash inner)
            {
                _inner = inner;
            }

            public int Reads { get; private set; }

            public int Size => _inner.Size;

            public int SectorSize => _inner.SectorSize;

            public void Read(int address, byte[] buffer, int offset, int count)
            {
                Reads++;
                _inner.Read(address, buffer, offset, count);
            }

            public void Program(int address, byte[] buffer, int offset, int count) => _inner.Program(address, buffer, offset, count);

            public void Erase(int sector) => _inner.Erase(sector);

            public void Sync() => _inner.Sync();
        }
    }
}
