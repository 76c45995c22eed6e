using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using Firmware.Device;
using Firmware.Host.Hardware;
using Firmware.Host.Tests.Storage.Support;
using Firmware.Ports;
using Firmware.Readings;
using Firmware.Storage;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Storage
{
    /// <summary>
    /// The stores the scripted sweeps do not drive (banked records, the configuration document) cut at every
    /// operation, with a second cut during the first writes after the reboot; and flash that holds garbage or
    /// another program's data, which must never crash a mount.
    /// </summary>
    [TestClass]
    public sealed class AdversarialStorageTests
    {
        private const int StateSector = 1024;

        /// <summary>Sectors of the garbage tests: large enough for the device's state keys in 64-byte slots.</summary>
        private const int Sector = 1024;

        public TestContext TestContext { get; set; }

        [TestMethod]
        [DataRow("nor")]
        [DataRow("files")]
        public void ABankedRecordCutAnywhereReadsTheOldOrTheNewValue(string model)
        {
            Stopwatch time = Stopwatch.StartNew();

            // Lengths that grow and shrink the chunk count (45 bytes a chunk with 64-byte slots).
            int[] lengths = { 100, 20, 135, 46, 0, 90, 135, 1, 60, 135, 135, 45, 91, 3, 135, 70, 20, 100 };
            long total = Operations(CutModel.Create(model, StateSector, 2, 1), m => SaveAll(m, lengths, -1));
            int runs = 0;
            for (long cut = 0; cut < total; cut++)
            {
                for (int second = 0; second < 3; second++)
                {
                    SaveAll(CutModel.Create(model, StateSector, 2, (int)cut), lengths, cut, second);
                    runs++;
                }
            }

            TestContext.WriteLine($"{model}: {total} operations, {runs} cut runs in {time.Elapsed.TotalSeconds:0.0} s");
        }

        [TestMethod]
        [DataRow("nor")]
        [DataRow("files")]
        public void ADocumentCutAnywhereLeavesTheOldOrTheNewDocument(string model)
        {
            Stopwatch time = Stopwatch.StartNew();
            long total = Operations(CutModel.Create(model, 256, 4, 1), m => DocumentWorkload(m, -1, 0));
            int runs = 0;
            for (long cut = 0; cut < total; cut++)
            {
                for (int second = 0; second < 4; second++)
                {
                    DocumentWorkload(CutModel.Create(model, 256, 4, (int)cut + (1000 * second)), cut, second);
                    runs++;
                }
            }

            TestContext.WriteLine($"{model}: {total} operations, {runs} cut runs in {time.Elapsed.TotalSeconds:0.0} s");
        }

        [TestMethod]
        public void GarbageOrForeignFlashNeverCrashesTheMountAndStorageWorksAfterIt()
        {
            for (int seed = 1; seed <= 40; seed++)
            {
                Random random = new Random(seed);
                SimulatedNorFlash flash = new SimulatedNorFlash(64 * Sector, Sector, seed);
                byte[] garbage = new byte[flash.Size];
                random.NextBytes(garbage);
                if (seed % 2 == 0)
                {
                    // Another program's data: headers of this firmware's own formats scattered among random bytes.
                    SimulatedNorFlash donor = new SimulatedNorFlash(64 * Sector, Sector, seed);
                    Exercise(donor, seed, 300);
                    byte[] used = donor.Snapshot();
                    for (int s = 0; s < 64; s++)
                    {
                        if (random.Next(2) == 0)
                        {
                            Array.Copy(used, random.Next(64) * Sector, garbage, s * Sector, Sector);
                        }
                    }
                }

                flash.Program(0, garbage, 0, garbage.Length);
                Exercise(flash.Reboot(), seed, 120);
            }
        }

        [TestMethod]
        public void OddFilesInTheSectorFolderNeverCrashTheMount()
        {
            SimulatedFileStore files = new SimulatedFileStore(3);
            byte[] junk = new byte[3 * Sector];
            new Random(3).NextBytes(junk);
            string[] names = { "0000.sec", "0001.sec", "0002.tmp", "0003.tmp", "0003.sec", "0004.tmp", "0005.sec", "0006.tmp", "0040.sec", "notes.txt" };
            int[] lengths = { 10, 3 * Sector, Sector, 100, Sector, 2 * Sector, 0, 0, Sector - 1, 50 };
            for (int i = 0; i < names.Length; i++)
            {
                files.Write("flash/" + names[i], junk, 0, lengths[i]);
            }

            Exercise(new SectorFileFlash(files, "flash/", Sector, 64), 3, 120);
        }

        [TestMethod]
        [DataRow("nor")]
        [DataRow("files")]
        public void RepeatedCutsAtTheFirstCopyOfARotationNeverLeaveTheStateStoreUnwritable(string model)
        {
            // 8 slots a sector (7 for records), 3 keys at most: three keys fill the first sector after two rounds and a bit.
            CutModel flash = CutModel.Create(model, 256, 2, 5);
            StateStore state = new StateStore(flash.Flash, 32);
            state.Mount();
            byte[] value = new byte[8];
            int round = 0;
            for (; round < 7; round++)
            {
                value[0] = (byte)round;
                state.Write(1 + (round % 3), 1, value, 0, value.Length);
                state.Sync();
            }

            // The next write rotates: cut it at its first copy, then cut every boot's first write the same way.
            for (int cut = 0; cut < 12; cut++)
            {
                flash.CutAt(flash.Operations + (cut == 0 ? 1 : 0));
                value[0] = (byte)round;
                Assert.ThrowsExactly<SimulatedPowerCutException>(() => state.Write(1 + (round % 3), 1, value, 0, value.Length), $"cut {cut}");
                flash.Reboot();
                state = new StateStore(flash.Flash, 32);
                state.Mount();
            }

            value[0] = 99;
            state.Write(1, 1, value, 0, value.Length);
            state.Sync();
            flash.Reboot();
            state = new StateStore(flash.Flash, 32);
            state.Mount();
            byte[] read = new byte[32];
            Assert.AreEqual(8, state.Read(1, read, 0, out _));
            Assert.AreEqual(99, read[0]);
            Assert.AreEqual(8, state.Read(2, read, 0, out _));
            Assert.AreEqual(4, read[0]);
            Assert.AreEqual(8, state.Read(3, read, 0, out _));
            Assert.AreEqual(5, read[0]);
        }

        /// <summary>The mutating operations a workload runs without a cut: the cut points to sweep.</summary>
        private static long Operations(CutModel model, Action<CutModel> workload)
        {
            workload(model);
            return model.Operations;
        }

        /// <summary>
        /// Saves the values in turn, syncing after each; with <paramref name="cut"/> set, power is cut there, the
        /// value read back must be the last committed or the one in flight, and after a second cut
        /// <paramref name="second"/> operations into the next save it still must.
        /// </summary>
        private static void SaveAll(CutModel model, int[] lengths, long cut, int second = 0)
        {
            byte[][] values = lengths.Select((n, i) => Enumerable.Range(0, n).Select(b => (byte)((b * 7) + i + 1)).ToArray()).ToArray();
            byte[] into = new byte[400];
            StateStore state = new StateStore(model.Flash, 64);
            state.Mount();
            BankedRecord banked = new BankedRecord(1, 3, 5);
            int committed = -1;
            if (cut >= 0)
            {
                model.CutAt(cut);
            }

            int index = 0;
            try
            {
                for (; index < values.Length; index++)
                {
                    banked.Save(state, values[index], 0, values[index].Length);
                    state.Sync();
                    committed = index;
                }

                return;
            }
            catch (SimulatedPowerCutException)
            {
            }

            string context = $"{model.Name} cut at {cut}, saving value {index}";
            for (int attempt = 0; ; attempt++)
            {
                model.Reboot();
                state = new StateStore(model.Flash, 64);
                banked = new BankedRecord(1, 3, 5);
                state.Mount();
                int length = banked.Load(state, into, 0);
                AssertOneOf(values, committed, index, into, length, context);
                if (attempt > 0)
                {
                    return;
                }

                // A second cut during the next save, soon after the reboot.
                committed = length < 0 ? -1 : Array.FindIndex(values, v => v.Length == length && v.SequenceEqual(into.Take(length)));
                index = (index + 1) % values.Length;
                model.CutAt(model.Operations + second);
                try
                {
                    banked.Save(state, values[index], 0, values[index].Length);
                    state.Sync();
                    committed = index;
                    model.CutAt(long.MaxValue);
                }
                catch (SimulatedPowerCutException)
                {
                }

                context += $"; second cut {second} operations into saving value {index}";
            }
        }

        private static void AssertOneOf(byte[][] values, int committed, int inFlight, byte[] into, int length, string context)
        {
            bool isCommitted = committed < 0 ? length < 0 : length == values[committed].Length && values[committed].SequenceEqual(into.Take(length));
            bool isInFlight = length == values[inFlight].Length && values[inFlight].SequenceEqual(into.Take(length));
            Assert.IsTrue(isCommitted || isInFlight, $"{context}: read {length} bytes, neither value {committed} nor value {inFlight}");
        }

        /// <summary>
        /// Writes documents of two sectors (trial, confirm, reject, plain), syncing after each step; with a cut, checks
        /// the current document and the keeper are what they were or what the step makes them, then writes one more
        /// with a second cut and checks again.
        /// </summary>
        private static void DocumentWorkload(CutModel model, long cut, int second)
        {
            byte[][] documents = Enumerable.Range(0, 6).Select(i => Enumerable.Range(0, 300 + (i * 30)).Select(b => (byte)(b ^ (i * 37))).ToArray()).ToArray();
            DocumentStore store = new DocumentStore(model.Flash);
            store.Mount();

            // Expected (current, keeper) after each step, as document indexes (-1 none).
            List<(int Current, int Keeper)> expected = new List<(int, int)> { (-1, -1) };
            Action[] steps =
            {
                () => store.Write(documents[0], 0, documents[0].Length, 10, false),
                () => store.Write(documents[1], 0, documents[1].Length, 11, true),
                () => store.Confirm(),
                () => store.Write(documents[2], 0, documents[2].Length, 12, true),
                () => store.Reject(),
                () => store.Write(documents[3], 0, documents[3].Length, 13, false),
                () => store.Write(documents[4], 0, documents[4].Length, 14, true),
            };
            (int, int)[] after = { (0, 0), (1, 0), (1, 1), (2, 1), (1, 1), (3, 3), (4, 3) };
            if (cut >= 0)
            {
                model.CutAt(cut);
            }

            int step = 0;
            try
            {
                for (; step < steps.Length; step++)
                {
                    steps[step]();
                    model.Flash.Sync();
                }

                return;
            }
            catch (SimulatedPowerCutException)
            {
            }

            (int, int) before = step == 0 ? (-1, -1) : after[step - 1];
            string context = $"{model.Name} cut at {cut} in step {step}";
            model.Reboot();
            store = new DocumentStore(model.Flash);
            store.Mount();
            (int Current, int Keeper) found = Check(store, documents, context);
            Assert.IsTrue(found == before || found == after[step], $"{context}: found {found}, expected {before} or {after[step]}");

            // A second cut, early in the write that follows.
            model.CutAt(model.Operations + second);
            try
            {
                store.Write(documents[5], 0, documents[5].Length, 15, false);
                model.Flash.Sync();
                found = (5, 5);
            }
            catch (SimulatedPowerCutException)
            {
            }

            model.Reboot();
            store = new DocumentStore(model.Flash);
            store.Mount();
            (int Current, int Keeper) again = Check(store, documents, context + ", second cut " + second);
            // A write replaces a pending trial (it is not the keeper), so a cut may also leave the keeper alone.
            bool trialReplaced = found.Current != found.Keeper && again == (found.Keeper, found.Keeper);
            Assert.IsTrue(again == found || again == (5, 5) || trialReplaced, $"{context}, second cut {second}: found {again}, expected {found} or (5, 5)");
        }

        private static (int, int) Check(DocumentStore store, byte[][] documents, string context)
        {
            byte[] buffer = new byte[store.Capacity];
            int current = Identify(documents, buffer, store.ReadCurrent(buffer, 0), store.CurrentVersion, context + " (current)");
            int keeper = Identify(documents, buffer, store.ReadKeeper(buffer, 0), store.KeeperVersion, context + " (keeper)");
            return (current, keeper);
        }

        private static int Identify(byte[][] documents, byte[] buffer, int length, long version, string context)
        {
            if (length < 0)
            {
                Assert.AreEqual(-1L, version, context);
                return -1;
            }

            int index = (int)version - 10;
            Assert.IsTrue(index >= 0 && index < documents.Length, $"{context}: version {version}");
            CollectionAssert.AreEqual(documents[index], buffer.Take(length).ToArray(), $"{context}: document {index} came back changed");
            return index;
        }

        /// <summary>Opens the device's storage on <paramref name="flash"/>, then appends, acknowledges, writes state and a document, and checks it all after a remount.</summary>
        private static void Exercise(IFlash flash, int seed, int readings)
        {
            FakeClockForStorage clock = new FakeClockForStorage();
            DeviceStorage storage = new DeviceStorage(flash, FlashLayout.StandardSlotBytes);
            storage.Open(WakeCause.PowerOn, clock);
            long first = storage.Log.NextSequence;
            for (int i = 0; i < readings; i++)
            {
                Reading reading = new Reading(3);
                reading.Values[0] = i;
                reading.ValidMask = 1;
                reading.TimeKnown = true;
                reading.UnixTimeMilliseconds = 1_764_000_000_000L + (i * 1000L);
                storage.Log.Append(reading);
                if (i % 10 == 9)
                {
                    storage.Log.Sync();
                }
            }

            storage.Log.Acknowledge(first + 9);
            byte[] value = { 1, 2, 3, (byte)seed };
            storage.State.Write(StateKeys.Boot + 100, 1, value, 0, value.Length);
            if (storage.Config != null)
            {
                storage.Config.Write(value, 0, value.Length, 3, false);
            }

            flash.Sync();
            storage = new DeviceStorage(flash, FlashLayout.StandardSlotBytes);
            storage.Open(WakeCause.Timer, clock);
            Assert.AreEqual(first + readings, storage.Log.NextSequence, $"seed {seed}: next sequence");

            // Every reading of this run but the ten acknowledged comes back, in order, whatever the flash held before.
            long[] expected = Enumerable.Range(10, readings - 10).Select(i => first + i).ToArray();
            List<(long Sequence, Reading Reading)> held = LogOracle.ReadAll(storage.Log, "seed " + seed).Where(h => h.Item1 >= first).ToList();
            CollectionAssert.AreEqual(expected, held.Select(h => h.Sequence).ToArray(), $"seed {seed}");
            foreach ((long sequence, Reading reading) in held)
            {
                Assert.AreEqual((int)(sequence - first), reading.Values[0], $"seed {seed}: #{sequence}");
            }

            byte[] read = new byte[64];
            Assert.AreEqual(4, storage.State.Read(StateKeys.Boot + 100, read, 0, out int version), "seed " + seed);
            Assert.AreEqual(seed, (int)read[3]);
            if (storage.Config != null)
            {
                Assert.AreEqual(4, storage.Config.ReadCurrent(read, 0), "seed " + seed);
            }
        }

        private sealed class FakeClockForStorage : IClock
        {
            public long UptimeMilliseconds => 1000;

            public bool IsWallTimeKnown => false;

            public long UnixTimeMilliseconds => 0;

            public long SincePowerOnMilliseconds => 1000;

            public void SetUnixTimeMilliseconds(long unixTimeMilliseconds)
            {
            }

            public void Sleep(int milliseconds)
            {
            }
        }
    }
}
