using System.Collections.Generic;
using System.Linq;
using Firmware.Storage;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Storage.Support
{
    /// <summary>
    /// What the state store may hold per key: its last committed value (or nothing), or any value written
    /// after it (the write in flight at a cut, or one that returned before the sync).
    /// </summary>
    public sealed class StateOracle
    {
        private readonly Dictionary<int, byte[]> _committed = new Dictionary<int, byte[]>();
        private readonly Dictionary<int, List<byte[]>> _since = new Dictionary<int, List<byte[]>>();
        private readonly byte[] _buffer = new byte[256];

        public void Writing(int key, byte[] value)
        {
            if (!_since.TryGetValue(key, out List<byte[]> values))
            {
                _since[key] = values = new List<byte[]>();
            }

            values.Add(value);
        }

        public void Synced()
        {
            foreach (KeyValuePair<int, List<byte[]>> pair in _since)
            {
                _committed[pair.Key] = pair.Value[^1];
            }

            _since.Clear();
        }

        public void Verify(StateStore store, string context)
        {
            foreach (int key in _committed.Keys.Union(_since.Keys).ToArray())
            {
                int length = store.Read(key, _buffer, 0, out int version);
                byte[] actual = length < 0 ? null : _buffer.Take(length).ToArray();
                List<byte[]> allowed = new List<byte[]> { _committed.GetValueOrDefault(key) };
                allowed.AddRange(_since.GetValueOrDefault(key) ?? new List<byte[]>());
                bool ok = allowed.Any(a => (a == null && actual == null) || (a != null && actual != null && a.SequenceEqual(actual)));
                Assert.IsTrue(ok, $"{context}: key {key} reads {Describe(actual)}, expected one of {string.Join(" | ", allowed.Select(Describe))}");
                if (actual != null)
                {
                    Assert.AreEqual(7, version, $"{context}: key {key} version");
                }

                _committed[key] = actual;
            }

            _since.Clear();
        }

        private static string Describe(byte[] value) => value == null ? "(none)" : System.Convert.ToHexString(value);
    }
}
