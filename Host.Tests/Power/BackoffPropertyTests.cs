using System;
using System.Diagnostics;
using System.Threading;
using Firmware.Host.Faults;
using Firmware.Host.Hardware;
using Firmware.Host.Mqtt;
using Firmware.Ports;
using Firmware.Power;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Power
{
    /// <summary>
    /// Properties of the jittered backoff with the broker down (as AWS's device SDK tests check theirs):
    /// every delay lies within [0, min(cap, base·2^n)], delays over many seeds spread evenly across that
    /// range, and the failure count survives deep sleep (it exists only as the stored bytes between wakes).
    /// </summary>
    [TestClass]
    public sealed class BackoffPropertyTests
    {
        private const long Base = 1000;
        private const long Cap = 300000;

        public TestContext TestContext { get; set; }

        private static bool LongTier => Environment.GetEnvironmentVariable("FIRMWARE_TEST_TIER") == "long";

        [TestMethod]
        public void WithTheBrokerDownEveryDelayIsWithinItsBoundAndTheCountSurvivesDeepSleep()
        {
            Stopwatch watch = Stopwatch.StartNew();
            using EmbeddedBroker broker = EmbeddedBroker.Start(0);
            FaultPlan down = new FaultPlan();
            down.AddBrokerDownWindow(0, long.MaxValue);
            using FaultProxy proxy = FaultProxy.Start(down, "127.0.0.1", broker.Port, () => 0);
            VirtualClock clock = new VirtualClock(1, CancellationToken.None);
            MqttConnectOptions options = new MqttConnectOptions { Host = "127.0.0.1", Port = proxy.Port, ClientId = "backoff" };
            int seeds = LongTier ? 20 : 4;
            const int wakes = 10;
            int attempts = 0;

            for (int seed = 1; seed <= seeds; seed++)
            {
                SeededRandom random = new SeededRandom(seed);
                byte[] stored = new byte[Backoff.MaxEncodedLength];
                int storedLength = new Backoff(Base, Cap).Encode(stored, 0);
                for (int wake = 0; wake < wakes; wake++)
                {
                    // A boot after deep sleep: nothing survives but the stored bytes.
                    Backoff backoff = new Backoff(Base, Cap);
                    Assert.IsTrue(backoff.Decode(stored, 0, storedLength), backoff.Error);
                    Assert.AreEqual(wake, backoff.Failures, "the failure count did not survive deep sleep");
                    SessionBudget session = new SessionBudget(clock);
                    session.Start(3000);
                    using MqttNetLink link = new MqttNetLink();

                    MqttConnectResult result = link.Connect(options, session.Clip(10000));
                    attempts++;

                    Assert.AreEqual(MqttConnectResult.Unreachable, result, link.LastError);
                    Assert.IsTrue(session.ElapsedMilliseconds <= 3000 + 500, "the radio stayed on " + session.ElapsedMilliseconds + " ms");
                    long bound = Math.Min(Cap, Base << wake);
                    Assert.AreEqual(bound, backoff.UpperBoundMilliseconds(backoff.Failures));
                    long delay = backoff.Failed(random);
                    Assert.IsTrue(delay >= 0 && delay <= bound, $"seed {seed}, attempt {wake}: {delay} outside [0, {bound}]");
                    storedLength = backoff.Encode(stored, 0);
                }
            }

            Assert.AreEqual(attempts, proxy.Refused, "every attempt reached the proxy and was refused");
            TestContext.WriteLine($"{attempts} refused connects with backoff in {watch.ElapsedMilliseconds} ms");
        }

        [TestMethod]
        public void DelaysOverManySeedsSpreadEvenlyAcrossTheirRange()
        {
            Stopwatch watch = Stopwatch.StartNew();
            int seeds = LongTier ? 20000 : 2000;
            const int attemptsPerSeed = 12;
            const int buckets = 10;
            int[,] counts = new int[attemptsPerSeed, buckets];
            long[] lowest = new long[attemptsPerSeed];
            long[] highest = new long[attemptsPerSeed];
            Array.Fill(lowest, long.MaxValue);

            for (int seed = 1; seed <= seeds; seed++)
            {
                SeededRandom random = new SeededRandom(seed);
                Backoff backoff = new Backoff(Base, Cap);
                byte[] stored = new byte[Backoff.MaxEncodedLength];
                for (int n = 0; n < attemptsPerSeed; n++)
                {
                    long bound = Math.Min(Cap, Base << n);
                    long delay = backoff.Failed(random);
                    Assert.IsTrue(delay >= 0 && delay <= bound, $"seed {seed}, attempt {n}: {delay} outside [0, {bound}]");
                    counts[n, (int)(delay * buckets / (bound + 1))]++;
                    lowest[n] = Math.Min(lowest[n], delay);
                    highest[n] = Math.Max(highest[n], delay);

                    // Every attempt also crosses a deep sleep.
                    int length = backoff.Encode(stored, 0);
                    backoff = new Backoff(Base, Cap);
                    Assert.IsTrue(backoff.Decode(stored, 0, length), backoff.Error);
                    Assert.AreEqual(n + 1, backoff.Failures);
                }
            }

            // Chi-square against the uniform distribution, 9 degrees of freedom: 27.88 is the 0.1 % critical value.
            for (int n = 0; n < attemptsPerSeed; n++)
            {
                double expected = (double)seeds / buckets;
                double chiSquare = 0;
                for (int b = 0; b < buckets; b++)
                {
                    double d = counts[n, b] - expected;
                    chiSquare += d * d / expected;
                }

                long bound = Math.Min(Cap, Base << n);
                Assert.IsTrue(chiSquare < 27.88, $"attempt {n}: delays are not spread evenly over [0, {bound}] (chi-square {chiSquare:0.0})");
                Assert.IsTrue(lowest[n] <= bound / 20 && highest[n] >= bound - (bound / 20), $"attempt {n}: delays only cover [{lowest[n]}, {highest[n]}] of [0, {bound}]");
            }

            TestContext.WriteLine($"{seeds} seeds x {attemptsPerSeed} attempts in {watch.ElapsedMilliseconds} ms");
        }
    }
}
