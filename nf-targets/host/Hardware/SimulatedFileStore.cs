using System;
using System.Collections.Generic;
using System.Linq;
using Firmware.Storage;

namespace Firmware.Host.Hardware
{
    /// <summary>
    /// A littlefs-like file store for the host, behind the <see cref="IFileStore"/> port, so the ESP32 flash
    /// adapter's logic runs here and is swept with power cuts like the raw NOR model.
    /// - A file's content is what its last completed <see cref="Write"/> (a write is create, write, close)
    ///   left; a cut during a write leaves the old file, or for a new file none or an empty one (littlefs
    ///   creates the entry at open and commits the data at close). Delete and move are atomic.
    /// - <see cref="CutPowerAtOperation"/> interrupts the write, delete or move with that index; that call
    ///   and every later one on this object throw <see cref="SimulatedPowerCutException"/> until
    ///   <see cref="Reboot"/> gives a new object over the same files.
    /// - Counters say what the store rewrote: bytes and files written, as littlefs rewrites a file's block.
    /// </summary>
    public sealed class SimulatedFileStore : IFileStore
    {
        private readonly Medium _medium;
        private bool _dead;

        public SimulatedFileStore(int seed = 1)
            : this(new Medium(seed))
        {
        }

        private SimulatedFileStore(Medium medium)
        {
            _medium = medium;
        }

        /// <summary>Writes, deletes and moves started since creation (the index the next one gets).</summary>
        public long Operations => _medium.Cut.Operations;

        /// <summary>Bytes written by completed file writes.</summary>
        public long BytesWritten { get; private set; }

        /// <summary>Completed file writes.</summary>
        public long FilesWritten { get; private set; }

        public bool IsPoweredOff => _dead;

        public IReadOnlyCollection<string> FileNames => _medium.Files.Keys.ToArray();

        public void CutPowerAtOperation(long index)
        {
            if (index < Operations)
            {
                throw new ArgumentOutOfRangeException(nameof(index), $"operation {index} has already run (next is {Operations})");
            }

            _medium.Cut.CutAt = index;
        }

        /// <summary>A new object over the same files, as after a restart; this one stays powered off. Counters carry over.</summary>
        public SimulatedFileStore Reboot()
        {
            _dead = true;
            _medium.Cut.CutAt = -1;
            return new SimulatedFileStore(_medium) { BytesWritten = BytesWritten, FilesWritten = FilesWritten };
        }

        /// <summary>Inverts one stored bit of a file (bit rot).</summary>
        public void FlipBit(string name, int position, int bit)
        {
            _medium.Files[name][position] ^= (byte)(1 << bit);
        }

        public int Length(string name)
        {
            RequirePower();
            return _medium.Files.TryGetValue(name, out byte[] content) ? content.Length : -1;
        }

        public int Read(string name, int position, byte[] buffer, int offset, int count)
        {
            RequirePower();
            if (!_medium.Files.TryGetValue(name, out byte[] content) || position >= content.Length)
            {
                return 0;
            }

            int n = Math.Min(count, content.Length - position);
            Array.Copy(content, position, buffer, offset, n);
            return n;
        }

        public void Write(string name, byte[] buffer, int offset, int count)
        {
            RequirePower();
            if (_medium.Files.ContainsKey(name))
            {
                throw new InvalidOperationException($"{name} exists: the file store's writes create new files only");
            }

            if (_medium.Cut.Start())
            {
                if (_medium.Random.Next(2) == 0)
                {
                    _medium.Files[name] = Array.Empty<byte>();
                }

                PowerCut($"write of {name}");
            }

            byte[] content = new byte[count];
            Array.Copy(buffer, offset, content, 0, count);
            _medium.Files[name] = content;
            BytesWritten += count;
            FilesWritten++;
        }

        public void Delete(string name)
        {
            RequirePower();
            if (_medium.Cut.Start())
            {
                PowerCut($"delete of {name}");
            }

            _medium.Files.Remove(name);
        }

        public void Move(string from, string to)
        {
            RequirePower();
            if (!_medium.Files.ContainsKey(from) || _medium.Files.ContainsKey(to))
            {
                throw new InvalidOperationException($"cannot move {from} to {to}: the source must exist and the target must not");
            }

            if (_medium.Cut.Start())
            {
                PowerCut($"move of {from}");
            }

            _medium.Files[to] = _medium.Files[from];
            _medium.Files.Remove(from);
        }

        private void PowerCut(string what)
        {
            _dead = true;
            throw new SimulatedPowerCutException($"power cut during the {what} (operation {Operations - 1})");
        }

        private void RequirePower()
        {
            if (_dead)
            {
                throw new SimulatedPowerCutException("the file store has no power (reboot it)");
            }
        }

        /// <summary>The files, which outlive the store objects a reboot replaces.</summary>
        private sealed class Medium
        {
            public Medium(int seed)
            {
                Random = new Random(seed);
            }

            public Dictionary<string, byte[]> Files { get; } = new Dictionary<string, byte[]>(StringComparer.Ordinal);

            public Random Random { get; }

            public PowerCutTrigger Cut { get; } = new PowerCutTrigger();
        }
    }
}
