using System;
using System.Collections.Generic;
using System.Linq;
using Firmware.Device;
using Firmware.Readings;
using Firmware.Storage;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Storage.Support
{
    /// <summary>
    /// What the reading log must hold, tracked from what the workload saw return: appended contents,
    /// committed readings (their append was followed by a sync that returned), acknowledgements committed
    /// and issued, and the committed readings the full-log policy has dropped.
    /// </summary>
    public sealed class LogOracle
    {
        private readonly Dictionary<long, ExpectedReading> _appended = new Dictionary<long, ExpectedReading>();
        private readonly HashSet<long> _committed = new HashSet<long>();
        private readonly List<long> _pending = new List<long>();
        private readonly HashSet<long> _lost = new HashSet<long>();
        private long _committedAck;
        private long _pendingAck;
        private long _maxAckIssued;
        private long _lastDropped;
        private long _maxCommitted;

        public int Verifications { get; private set; }

        public void Appended(long sequence, Reading reading)
        {
            _appended[sequence] = new ExpectedReading(reading);
            _pending.Add(sequence);
        }

        public void AcknowledgeIssued(long through) => _maxAckIssued = Math.Max(_maxAckIssued, through);

        public void Acknowledged(long through) => _pendingAck = Math.Max(_pendingAck, through);

        public void Synced()
        {
            foreach (long s in _pending)
            {
                _committed.Add(s);
                _maxCommitted = Math.Max(_maxCommitted, s);
            }

            _pending.Clear();
            _committedAck = Math.Max(_committedAck, _pendingAck);
        }

        /// <summary>Checks a freshly mounted log against every guarantee, then takes what it holds as the new truth.</summary>
        public void Verify(ReadingLog log, string context)
        {
            Verifications++;
            List<(long Sequence, Reading Reading)> held = ReadAll(log, context);
            long previous = 0;
            foreach ((long sequence, Reading reading) in held)
            {
                Assert.IsTrue(sequence > previous, $"{context}: sequence {sequence} after {previous}");
                previous = sequence;
                Assert.IsTrue(_appended.TryGetValue(sequence, out ExpectedReading expected), $"{context}: the log returned #{sequence}, never appended");
                string difference = expected.Difference(reading);
                Assert.IsNull(difference, $"{context}: #{sequence} came back torn or corrupt: {difference}");
                Assert.IsTrue(sequence > _committedAck, $"{context}: #{sequence} came back though acknowledged through {_committedAck}");
            }

            // No bit rot happens in a sweep: a slot a cut tore must read as torn (skipped silently), never as rotten.
            Assert.AreEqual(0L, log.CorruptSkipped, $"{context}: a torn slot was taken for a rotten one");
            HashSet<long> present = held.Select(h => h.Sequence).ToHashSet();
            long oldestPresent = held.Count > 0 ? held[0].Sequence : long.MaxValue;
            foreach (long s in _committed)
            {
                if (s > _maxAckIssued && !present.Contains(s))
                {
                    Assert.IsTrue(s < oldestPresent, $"{context}: committed #{s} vanished while older #{oldestPresent} is still held");
                    _lost.Add(s);
                }
            }

            Assert.IsTrue(log.Dropped >= _lastDropped, $"{context}: dropped count went back from {_lastDropped} to {log.Dropped}");
            Assert.IsTrue(log.Dropped >= _lost.Count, $"{context}: {_lost.Count} committed reading(s) lost but only {log.Dropped} counted dropped");
            long newestPresent = held.Count > 0 ? held[^1].Sequence : 0;
            Assert.IsTrue(log.NextSequence > Math.Max(_maxCommitted, newestPresent), $"{context}: next sequence {log.NextSequence} does not exceed {Math.Max(_maxCommitted, newestPresent)}");
            Assert.IsTrue(log.AcknowledgedThrough >= _committedAck, $"{context}: acknowledged point {log.AcknowledgedThrough} below the committed {_committedAck}");
            if (held.Count > 0)
            {
                Assert.IsTrue(log.OldestSequence >= 1 && log.OldestSequence <= held[0].Sequence, $"{context}: oldest {log.OldestSequence}, first held #{held[0].Sequence}");
                Assert.IsTrue(log.Held >= held.Count, $"{context}: {log.Held} held by the count, {held.Count} read");
            }

            // What the log holds now is durable: the new truth.
            _committed.Clear();
            _committed.UnionWith(present);
            _pending.Clear();
            _maxCommitted = Math.Max(_maxCommitted, newestPresent);
            _committedAck = log.AcknowledgedThrough;
            _pendingAck = _committedAck;
            _maxAckIssued = _committedAck;
            _lastDropped = log.Dropped;
        }

        /// <summary>Every committed reading not acknowledged is held (a clean point: no cut, nothing in flight).</summary>
        public void VerifyComplete(ReadingLog log, string context)
        {
            List<(long Sequence, Reading Reading)> held = ReadAll(log, context);
            HashSet<long> present = held.Select(h => h.Sequence).ToHashSet();
            int missing = _committed.Count(s => s > _committedAck && !present.Contains(s));
            Assert.IsTrue(missing <= log.Dropped - _lastDropped, $"{context}: {missing} committed reading(s) missing, {log.Dropped - _lastDropped} dropped since the last check");
        }

        public static List<(long, Reading)> ReadAll(ReadingLog log, string context)
        {
            List<(long, Reading)> all = new List<(long, Reading)>();
            Reading[] batch = new Reading[7];
            for (int i = 0; i < batch.Length; i++)
            {
                batch[i] = new Reading(8);
            }

            long next = 0;
            for (int guard = 0; guard < 100000; guard++)
            {
                int n = log.ReadFrom(next, batch, 0, batch.Length);
                if (n == 0)
                {
                    return all;
                }

                for (int i = 0; i < n; i++)
                {
                    Reading copy = new Reading(8);
                    copy.CopyFrom(batch[i]);
                    all.Add((copy.Sequence, copy));
                }

                next = batch[n - 1].Sequence + 1;
            }

            throw new AssertFailedException(context + ": reading the log did not end");
        }
    }
}
