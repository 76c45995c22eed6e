using System;
using System.IO;

namespace Firmware.Host.Hardware
{
    /// <summary>
    /// The bytes and wear of a simulated NOR chip, which outlive the <see cref="SimulatedNorFlash"/> objects a
    /// reboot replaces; optionally mirrored to a file so the host twin keeps its flash between runs.
    /// </summary>
    public sealed class NorFlashMedium
    {
        private readonly string _path;
        private readonly bool[] _dirty;

        public NorFlashMedium(int size, int sectorSize, int seed, string path, bool fresh)
        {
            if (sectorSize < 16 || (sectorSize & (sectorSize - 1)) != 0)
            {
                throw new ArgumentException($"the sector size must be a power of two, not {sectorSize}");
            }

            if (size <= 0 || size % sectorSize != 0)
            {
                throw new ArgumentException($"the flash size {size} is not a whole number of {sectorSize}-byte sectors");
            }

            SectorSize = sectorSize;
            Bytes = new byte[size];
            EraseCounts = new int[size / sectorSize];
            _dirty = new bool[size / sectorSize];
            Random = new Random(seed);
            _path = path;
            Array.Fill(Bytes, (byte)0xFF);
            if (path == null)
            {
                return;
            }

            if (!fresh && File.Exists(path))
            {
                byte[] stored = File.ReadAllBytes(path);
                if (stored.Length != size)
                {
                    throw new InvalidDataException($"the flash file {path} holds {stored.Length} bytes, not {size}; remove it or start with --fresh");
                }

                Array.Copy(stored, Bytes, size);
            }
            else
            {
                string directory = Path.GetDirectoryName(Path.GetFullPath(path));
                Directory.CreateDirectory(directory);
                File.WriteAllBytes(path, Bytes);
            }
        }

        public byte[] Bytes { get; }

        public int SectorSize { get; }

        public int[] EraseCounts { get; }

        public Random Random { get; }

        public PowerCutTrigger Cut { get; } = new PowerCutTrigger();

        public long BytesProgrammed { get; set; }

        public long SectorsErased { get; set; }

        public long BytesRead { get; set; }

        public long Syncs { get; set; }

        public void MarkDirty(int address, int count)
        {
            if (count <= 0)
            {
                return;
            }

            for (int s = address / SectorSize; s <= (address + count - 1) / SectorSize; s++)
            {
                _dirty[s] = true;
            }
        }

        /// <summary>Writes the changed sectors to the file, if there is one.</summary>
        public void Persist()
        {
            if (_path == null)
            {
                return;
            }

            using FileStream file = new FileStream(_path, FileMode.Open, FileAccess.Write);
            for (int s = 0; s < _dirty.Length; s++)
            {
                if (_dirty[s])
                {
                    file.Seek((long)s * SectorSize, SeekOrigin.Begin);
                    file.Write(Bytes, s * SectorSize, SectorSize);
                    _dirty[s] = false;
                }
            }

            file.Flush(true);
        }
    }
}
