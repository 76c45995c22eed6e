using Firmware.Crypto;

namespace Firmware.Boot
{
    /// <summary>
    /// An image being staged into a slot, and its resumable steps: open (or resume) the staging, erase the image
    /// sectors one by one, write the chunks. Each step programs its data first and its mark (<see cref="SlotArea"/>)
    /// after, and keeps a copy of the marks; a cut leaves the step not done, and it is repeated at the next boot.
    /// </summary>
    public sealed class SlotStaging
    {
        private readonly byte[] _compare = new byte[256];
        private SlotArea _area;
        private int _slot = BootControlRecord.NoSlot;
        private int _imageSize;
        private int _chunkSize;
        private int _sectors;
        private int _chunks;
        private byte[] _marks;

        /// <summary>The slot of the open staging, or <see cref="BootControlRecord.NoSlot"/>.</summary>
        public int Slot
        {
            get { return _slot; }
        }

        /// <summary>
        /// Opens the staging of the image <paramref name="descriptor"/> describes in <paramref name="area"/> (slot
        /// <paramref name="slot"/>). Returns true when the slot already holds a staging of the same image and
        /// manifest, whose progress is kept; otherwise erases the header and stores the descriptor and manifest.
        /// </summary>
        public bool Open(int slot, SlotArea area, SlotDescriptor descriptor, byte[] manifest, int offset, int count, SlotDescriptor scratch)
        {
            bool resumed = area.ReadDescriptor(scratch) && Resumes(scratch, descriptor);
            if (!resumed)
            {
                area.WriteStagingHeader(descriptor, manifest, offset, count, scratch);
            }

            _slot = slot;
            _area = area;
            _imageSize = descriptor.ImageSize;
            _chunkSize = descriptor.ChunkSize;
            _sectors = area.SectorsFor(_imageSize);
            _chunks = ((_imageSize - 1) / _chunkSize) + 1;
            _marks = new byte[_sectors + _chunks];
            area.ReadMarks(_marks, _marks.Length);
            return resumed;
        }

        /// <summary>Forgets the open staging (its slot keeps what was written).</summary>
        public void Close()
        {
            _slot = BootControlRecord.NoSlot;
        }

        /// <summary>True when a stored staging is the one wanted: same image, same chunks, same manifest.</summary>
        public static bool Resumes(SlotDescriptor stored, SlotDescriptor wanted)
        {
            if (stored.Factory || stored.ImageSize != wanted.ImageSize || stored.ChunkSize != wanted.ChunkSize)
            {
                return false;
            }

            return ByteRuns.Equal(stored.ManifestDigest, 0, wanted.ManifestDigest, 0, SlotDescriptor.DigestSize)
                && ByteRuns.Equal(stored.ImageSha256, 0, wanted.ImageSha256, 0, SlotDescriptor.DigestSize);
        }

        /// <summary>Erases the next image sector not yet erased; false when all are.</summary>
        public bool EraseNextSector()
        {
            RequireOpen();
            for (int i = 0; i < _sectors; i++)
            {
                if (_marks[i] != SlotArea.Done)
                {
                    _area.EraseImageSector(i);
                    SetMark(i);
                    return true;
                }
            }

            return false;
        }

        public bool IsChunkWritten(int index)
        {
            RequireOpen();
            CheckChunk(index);
            return _marks[_sectors + index] == SlotArea.Done;
        }

        /// <summary>
        /// Writes chunk <paramref name="index"/> whole and marks it. False when the flash there holds a bit at 0 that the
        /// data needs at 1 (a chunk a cut left with other data): only a fresh staging, which erases, can write it.
        /// Bytes already equal to the data are not programmed again.
        /// </summary>
        public bool WriteChunk(int index, byte[] buffer, int offset, int count)
        {
            RequireOpen();
            CheckChunk(index);
            int position = index * _chunkSize;
            int expected = _imageSize - position < _chunkSize ? _imageSize - position : _chunkSize;
            if (count != expected)
            {
                throw new System.ArgumentException("a chunk is written whole: " + expected.ToString() + " bytes", "count");
            }

            for (int i = 0; i < _sectors; i++)
            {
                if (_marks[i] != SlotArea.Done)
                {
                    throw new System.InvalidOperationException("every image sector must be erased before chunks are written");
                }
            }

            bool same = true;
            for (int done = 0; done < count; done += _compare.Length)
            {
                int n = count - done < _compare.Length ? count - done : _compare.Length;
                _area.ReadImage(position + done, _compare, 0, n);
                for (int i = 0; i < n; i++)
                {
                    byte stored = _compare[i];
                    byte wanted = buffer[offset + done + i];
                    if ((stored & wanted) != wanted)
                    {
                        return false;
                    }

                    same = same && stored == wanted;
                }
            }

            if (!same)
            {
                _area.ProgramImage(position, buffer, offset, count);
                _area.Sync();
            }

            SetMark(_sectors + index);
            return true;
        }

        /// <summary>Throws unless a staging is open and every image sector is erased and every chunk written.</summary>
        public void RequireComplete()
        {
            RequireOpen();
            for (int i = 0; i < _marks.Length; i++)
            {
                if (_marks[i] != SlotArea.Done)
                {
                    throw new System.InvalidOperationException("the staging is not completely written");
                }
            }
        }

        private void SetMark(int index)
        {
            _area.SetMark(index);
            _marks[index] = SlotArea.Done;
        }

        private void RequireOpen()
        {
            if (_slot == BootControlRecord.NoSlot)
            {
                throw new System.InvalidOperationException("no staging is open");
            }
        }

        private void CheckChunk(int index)
        {
            if (index < 0 || index >= _chunks)
            {
                throw new System.ArgumentOutOfRangeException("index", "the staging chunk index must be below the chunk count");
            }
        }
    }
}
