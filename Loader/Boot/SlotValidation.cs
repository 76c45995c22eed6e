using Firmware.Crypto;

namespace Firmware.Boot
{
    /// <summary>
    /// Checks a slot's image before the loader boots it in place of a confirmed image that does not load, as MCUboot
    /// validates a slot before it boots it: the proven mark, every staging mark, the security counter, and the SHA-256
    /// of the bytes in flash now. The hasher is allocated at the first check, so a normal boot allocates nothing for it.
    /// </summary>
    public sealed class SlotValidation
    {
        private readonly SlotArea[] _areas;
        private Sha256 _sha;
        private byte[] _digest;
        private byte[] _buffer;

        /// <param name="areas">The slots; an image qualifies only if it would fit each of them.</param>
        public SlotValidation(SlotArea[] areas)
        {
            _areas = areas;
        }

        /// <summary>
        /// Null when slot <paramref name="slot"/> holds an image to fall back to (its descriptor is left in
        /// <paramref name="scratch"/>); otherwise why not, for people.
        /// </summary>
        public string WhyNotFallback(int slot, SlotDescriptor scratch, long minimumSecurityCounter)
        {
            SlotArea area = _areas[slot];
            string where = "slot " + slot.ToString();
            if (!area.ReadDescriptor(scratch))
            {
                return where + " holds no image";
            }

            string what = where + " (firmware " + scratch.VersionText + ")";
            if (!SlotArea.AllHold(_areas, scratch.ImageSize, scratch.ChunkSize))
            {
                return what + " describes an image that does not fit it";
            }

            byte[] marks = new byte[area.SectorsFor(scratch.ImageSize) + ((scratch.ImageSize - 1) / scratch.ChunkSize) + 1];
            area.ReadMarks(marks, marks.Length);
            if (!area.IsProven())
            {
                return what + " never ran confirmed (staged, on trial or rolled back)";
            }

            for (int i = 0; i < marks.Length; i++)
            {
                if (marks[i] != SlotArea.Done)
                {
                    return what + " is not completely written";
                }
            }

            if (scratch.SecurityCounter < minimumSecurityCounter)
            {
                return what + " has security counter " + scratch.SecurityCounter.ToString() + ", below the minimum " + minimumSecurityCounter.ToString();
            }

            if (!ImageMatches(slot, scratch))
            {
                return what + " does not match its SHA-256";
            }

            return null;
        }

        /// <summary>True when the slot's image bytes hash to the descriptor's SHA-256 (an all-zero hash never matches).</summary>
        public bool ImageMatches(int slot, SlotDescriptor descriptor)
        {
            bool zero = true;
            for (int i = 0; i < SlotDescriptor.DigestSize; i++)
            {
                zero = zero && descriptor.ImageSha256[i] == 0;
            }

            if (zero)
            {
                return false;
            }

            EnsureHasher();
            for (int done = 0; done < descriptor.ImageSize; done += _buffer.Length)
            {
                int n = descriptor.ImageSize - done < _buffer.Length ? descriptor.ImageSize - done : _buffer.Length;
                _areas[slot].ReadImage(done, _buffer, 0, n);
                _sha.Update(_buffer, 0, n);
            }

            _sha.Final(_digest, 0);
            return ByteRuns.Equal(_digest, 0, descriptor.ImageSha256, 0, SlotDescriptor.DigestSize);
        }

        /// <summary>Writes the SHA-256 of the bytes into <paramref name="digest"/> (32 bytes).</summary>
        public void Hash(byte[] data, int offset, int count, byte[] digest)
        {
            EnsureHasher();
            _sha.Update(data, offset, count);
            _sha.Final(digest, 0);
        }

        private void EnsureHasher()
        {
            if (_sha == null)
            {
                _sha = new Sha256();
                _digest = new byte[Sha256.HashSize];
                _buffer = new byte[256];
            }
        }
    }
}
