extern alias counted;

using System;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Firmware.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using BcEd25519 = Org.BouncyCastle.Math.EC.Rfc8032.Ed25519;
using CountedCounters = counted::Firmware.Crypto.CryptoCounters;
using CountedTables = counted::Firmware.Crypto.Ed25519Tables;
using CountedVerifier = counted::Firmware.Crypto.Ed25519Verifier;

namespace Firmware.Tools.Bench.Crypto
{
    /// <summary>
    /// The portable crypto (Firmware/Crypto) against BouncyCastle 2.7's managed implementations in the same process:
    /// Ed25519 verifications per second, SHA-256 and SHA-512 throughput, bytes allocated per verification, and, from
    /// the same sources built with CRYPTO_COUNTERS, the 32x32-bit multiplies of one verification (what an interpreted
    /// device pays). Rates are medians of interleaved 100 ms slices, so drift or a noisy neighbour hits both alike.
    /// </summary>
    public static class CryptoBenchmark
    {
        private const int Inputs = 64;

        public static int Run(string[] args)
        {
            double seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 3.0;

            Stopwatch cold = Stopwatch.StartNew();
            Ed25519Tables.Get();
            double coldMs = cold.Elapsed.TotalMilliseconds;

            Random random = new Random(12345);
            byte[][] keys = new byte[Inputs][];
            byte[][] messages = new byte[Inputs][];
            byte[][] signatures = new byte[Inputs][];
            for (int i = 0; i < Inputs; i++)
            {
                byte[] secret = new byte[32];
                random.NextBytes(secret);
                keys[i] = new byte[32];
                BcEd25519.GeneratePublicKey(secret, 0, keys[i], 0);
                messages[i] = new byte[100];
                random.NextBytes(messages[i]);
                signatures[i] = new byte[64];
                BcEd25519.Sign(secret, 0, messages[i], 0, messages[i].Length, signatures[i], 0);
            }

            BcEd25519.Precompute();
            Ed25519Verifier verifier = new Ed25519Verifier { RejectSmallOrderPublicKeys = true };
            for (int i = 0; i < Inputs; i++)
            {
                if (!verifier.Verify(keys[i], messages[i], signatures[i]) || !BcEd25519.Verify(signatures[i], 0, keys[i], 0, messages[i], 0, messages[i].Length))
                {
                    Console.WriteLine("input " + i + " does not verify");
                    return 1;
                }
            }

            Func<int, bool> ours = i => verifier.Verify(keys[i], 0, messages[i], 0, messages[i].Length, signatures[i], 0);
            Func<int, bool> oursStatic = i => Ed25519.Verify(keys[i], messages[i], signatures[i]);
            Func<int, bool> bc = i => BcEd25519.Verify(signatures[i], 0, keys[i], 0, messages[i], 0, messages[i].Length);
            double[] verifyRates = Compare(seconds * 3, ours, bc, oursStatic);
            double oursAlloc = AllocatedPerCall(ours);
            double oursStaticAlloc = AllocatedPerCall(oursStatic);
            double bcAlloc = AllocatedPerCall(bc);

            byte[] big = new byte[1 << 20];
            random.NextBytes(big);
            byte[] o32 = new byte[32];
            byte[] o64 = new byte[64];
            Sha256 sha = new Sha256();
            Sha256Digest bcSha = new Sha256Digest();
            Sha512 sha512 = new Sha512();
            Sha512Digest bcSha512 = new Sha512Digest();
            double[] shaRates = Compare(
                seconds * 2,
                _ => { sha.Update(big, 0, big.Length); sha.Final(o32, 0); return true; },
                _ => { bcSha.BlockUpdate(big, 0, big.Length); bcSha.DoFinal(o32, 0); return true; },
                _ => { System.Security.Cryptography.SHA256.HashData(big, o32); return true; });
            double[] smallRates = Compare(
                seconds,
                _ => { sha.Update(big, 0, 64); sha.Final(o32, 0); return true; },
                _ => { bcSha.BlockUpdate(big, 0, 64); bcSha.DoFinal(o32, 0); return true; });
            double[] rates512 = Compare(
                seconds,
                _ => { sha512.Update(big, 0, big.Length); sha512.Final(o64, 0); return true; },
                _ => { bcSha512.BlockUpdate(big, 0, big.Length); bcSha512.DoFinal(o64, 0); return true; });

            // Operation counts from the CRYPTO_COUNTERS build of the same sources.
            CountedVerifier countedVerifier = new CountedVerifier { RejectSmallOrderPublicKeys = true };
            CountedCounters.Reset();
            countedVerifier.Verify(keys[0], messages[0], signatures[0]);
            long fm = CountedCounters.FieldMultiplications;
            long fs = CountedCounters.FieldSquarings;
            long sr = CountedCounters.ScalarReductions;
            long wide = CountedCounters.WideMultiplies;
            CountedCounters.Reset();
            byte[] badSignature = (byte[])signatures[0].Clone();
            badSignature[0] ^= 1;
            countedVerifier.Verify(keys[0], messages[0], badSignature);
            long wideBad = CountedCounters.WideMultiplies;
            CountedCounters.Reset();
            typeof(CountedTables).GetConstructor(BindingFlags.Instance | BindingFlags.NonPublic, Type.EmptyTypes).Invoke(null);
            long tableWide = CountedCounters.WideMultiplies;

            Console.WriteLine();
            Console.WriteLine($".NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSArchitecture}, {Environment.ProcessorCount} cores; {seconds} s per measurement unit, medians of interleaved 100 ms slices");
            Console.WriteLine();
            Console.WriteLine("| Measure | Ours | BouncyCastle 2.7 | Ours / BC |");
            Console.WriteLine("|---|---:|---:|---:|");
            Row("Ed25519 verifications/s (Ed25519Verifier, strict)", verifyRates[0], verifyRates[1], "N0");
            Row("Ed25519 verifications/s (static Ed25519.Verify, locked)", verifyRates[2], verifyRates[1], "N0");
            Console.WriteLine($"| Ed25519 µs per verification | {1e6 / verifyRates[0]:N1} | {1e6 / verifyRates[1]:N1} | |");
            Console.WriteLine($"| Bytes allocated per verification (instance / static) | {oursAlloc:N0} / {oursStaticAlloc:N0} | {bcAlloc:N0} | |");
            Row("SHA-256 MiB/s (1 MiB buffers)", shaRates[0], shaRates[1], "N1");
            Row("SHA-256 64-byte messages/s", smallRates[0], smallRates[1], "N0");
            Row("SHA-512 MiB/s (1 MiB buffers)", rates512[0], rates512[1], "N1");
            Console.WriteLine($"| SHA-256 MiB/s, System.Security.Cryptography (native, for scale) | | | {shaRates[2]:N1} |");
            Console.WriteLine();
            Console.WriteLine("Per valid verification (CRYPTO_COUNTERS build):");
            Console.WriteLine($"  field multiplications {fm}, squarings {fs}, scalar reductions {sr}");
            Console.WriteLine($"  32x32->64-bit multiplies: {wide:N0} (100 per multiplication, 55 per squaring, 84 per reduction)");
            Console.WriteLine($"  for a signature refused only at the final comparison: {wideBad:N0}");
            Console.WriteLine($"Base-point tables, built once per process: {tableWide:N0} multiplies ({(double)tableWide / wide:N2} verifications); first build with JIT {coldMs:N1} ms");
            return 0;
        }

        private static void Row(string name, double ours, double bc, string format)
        {
            Console.WriteLine($"| {name} | {ours.ToString(format, CultureInfo.InvariantCulture)} | {bc.ToString(format, CultureInfo.InvariantCulture)} | {(ours / bc).ToString("N2", CultureInfo.InvariantCulture)} |");
        }

        /// <summary>Median calls per second of each function over interleaved ~100 ms slices, after a warm-up.</summary>
        private static double[] Compare(double totalSeconds, params Func<int, bool>[] functions)
        {
            for (int pass = 0; pass < 2; pass++)
            {
                foreach (Func<int, bool> f in functions)
                {
                    Stopwatch warm = Stopwatch.StartNew();
                    int i = 0;
                    while (warm.Elapsed.TotalSeconds < 0.5)
                    {
                        f(i++ % Inputs);
                    }
                }
            }

            int slices = Math.Max(5, (int)(totalSeconds / 0.1 / functions.Length));
            double[][] rates = new double[functions.Length][];
            for (int k = 0; k < functions.Length; k++)
            {
                rates[k] = new double[slices];
            }

            GC.Collect();
            for (int s = 0; s < slices; s++)
            {
                for (int k = 0; k < functions.Length; k++)
                {
                    long calls = 0;
                    Stopwatch sw = Stopwatch.StartNew();
                    while (sw.Elapsed.TotalSeconds < 0.1)
                    {
                        functions[k]((int)(calls++ % Inputs));
                    }

                    rates[k][s] = calls / sw.Elapsed.TotalSeconds;
                }
            }

            double[] result = new double[functions.Length];
            for (int k = 0; k < functions.Length; k++)
            {
                Array.Sort(rates[k]);
                result[k] = rates[k][slices / 2];
            }

            return result;
        }

        private static double AllocatedPerCall(Func<int, bool> f)
        {
            for (int i = 0; i < Inputs; i++)
            {
                f(i);
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            const int n = 1000;
            for (int i = 0; i < n; i++)
            {
                f(i % Inputs);
            }

            return (GC.GetAllocatedBytesForCurrentThread() - before) / (double)n;
        }
    }
}
