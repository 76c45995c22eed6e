using System;
using System.Linq;
using Firmware.Storage;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Storage
{
    /// <summary>
    /// <see cref="BankedRecord.Load"/> reads the newer bank first and each record once; it must take what reading both
    /// banks whole takes (the newest bank whose records all agree), on stores whose records were saved, torn, replaced by
    /// stray records and rewritten at random. The reference below is that whole reading, written from the record's
    /// format alone.
    /// </summary>
    [TestClass]
    public sealed class BankedRecordLoadTests
    {
        private const int FirstKey = 20;
        private const int Chunks = 3;
        private const int Version = 7;
        private const int Header = 6;

        [TestMethod]
        public void TheNewerBankFirstTakesWhatReadingBothBanksWholeTakes()
        {
            int differentOutcomes = 0;
            for (int seed = 1; seed <= 3000; seed++)
            {
                Random random = new Random(seed);
                RamFlash flash = new RamFlash(4096, 2);
                StateStore state = new StateStore(flash, 64);
                state.Mount();
                BankedRecord writer = new BankedRecord(FirstKey, Chunks, Version);
                int capacity = writer.CapacityIn(state);
                int steps = random.Next(1, 8);
                for (int step = 0; step < steps; step++)
                {
                    if (random.Next(3) > 0)
                    {
                        byte[] value = new byte[random.Next(0, capacity + 1)];
                        random.NextBytes(value);
                        writer.Save(state, value, 0, value.Length);
                    }
                    else
                    {
                        Stray(state, random);
                    }
                }

                state.Sync();
                StateStore mounted = new StateStore(flash, 64);
                mounted.Mount();
                byte[] expected = new byte[capacity];
                (int expectedLength, long expectedGeneration) = WholeBanks(mounted, expected);
                byte[] actual = new byte[capacity];
                BankedRecord reader = new BankedRecord(FirstKey, Chunks, Version);
                int length = reader.Load(mounted, actual, 0);

                Assert.AreEqual(expectedLength, length, $"seed {seed}: length");
                if (length >= 0)
                {
                    Assert.AreEqual(expectedGeneration, reader.Generation, $"seed {seed}: generation");
                    CollectionAssert.AreEqual(expected.Take(length).ToArray(), actual.Take(length).ToArray(), $"seed {seed}: value");
                }

                differentOutcomes += length < 0 ? 1 : 0;
            }

            // The strays left some stores with no complete bank at all, so both outcomes were exercised.
            Assert.IsTrue(differentOutcomes > 30 && differentOutcomes < 2900, differentOutcomes.ToString());
        }

        /// <summary>A record of the value's keys that a torn save, an older format or another writer could leave.</summary>
        private static void Stray(StateStore state, Random random)
        {
            int bank = random.Next(2);
            int chunk = random.Next(Chunks);
            byte[] record = new byte[Header + random.Next(0, 20)];
            random.NextBytes(record);
            uint generation = (uint)random.Next(0, 12);
            // Mostly plausible records (the bank's parity, a right index and count), some not at all.
            if (random.Next(4) > 0)
            {
                generation = (uint)((generation & ~1u) | (uint)bank);
                record[4] = (byte)chunk;
                record[5] = (byte)random.Next(1, Chunks + 1);
            }

            record[0] = (byte)generation;
            record[1] = record[2] = record[3] = 0;
            int length = random.Next(8) == 0 ? random.Next(0, Header) : record.Length;
            state.Write(FirstKey + (bank * Chunks) + chunk, random.Next(6) == 0 ? Version + 1 : Version, record, 0, length);
        }

        /// <summary>Both banks read whole, each checked record by record; the newer complete one copied.</summary>
        private static (int Length, long Generation) WholeBanks(StateStore state, byte[] into)
        {
            long best = -1;
            int bestBank = -1;
            for (int bank = 0; bank < 2; bank++)
            {
                long generation = Complete(state, bank);
                if (generation > best)
                {
                    best = generation;
                    bestBank = bank;
                }
            }

            if (bestBank < 0)
            {
                return (-1, 0);
            }

            byte[] record = new byte[255];
            int total = Count(state, bestBank, record);
            int length = 0;
            for (int i = 0; i < total; i++)
            {
                int n = state.Read(FirstKey + (bestBank * Chunks) + i, record, 0, out _) - Header;
                Array.Copy(record, Header, into, length, n);
                length += n;
            }

            return (length, best);
        }

        private static long Complete(StateStore state, int bank)
        {
            byte[] record = new byte[255];
            int total = Count(state, bank, record);
            if (total < 1)
            {
                return -1;
            }

            long generation = -1;
            for (int i = 0; i < total; i++)
            {
                int length = state.Read(FirstKey + (bank * Chunks) + i, record, 0, out int version);
                if (length < Header || version != Version || record[4] != i || record[5] != total)
                {
                    return -1;
                }

                long g = BitConverter.ToUInt32(record, 0);
                if (i > 0 && g != generation)
                {
                    return -1;
                }

                generation = g;
            }

            return generation % 2 == bank ? generation : -1;
        }

        private static int Count(StateStore state, int bank, byte[] record)
        {
            int length = state.Read(FirstKey + (bank * Chunks), record, 0, out int version);
            if (length < Header || version != Version)
            {
                return -1;
            }

            return record[5] >= 1 && record[5] <= Chunks ? record[5] : -1;
        }
    }
}
