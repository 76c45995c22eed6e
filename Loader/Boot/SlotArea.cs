using Firmware.Ports;

namespace Firmware.Boot
{
    /// <summary>
    /// One image slot in flash and its layout: a header sector, then the image sectors. The header sector holds the
    /// slot's <see cref="SlotDescriptor"/> and manifest, from <see cref="MarksOffset"/> one mark byte per image sector
    /// erased and one per chunk written, and in its last byte the proven mark (the image ran confirmed). A mark is
    /// <see cref="Done"/> (0x00); anything else (erased 0xFF, or a torn program) means not done, so a step is simply
    /// repeated after a cut.
    /// </summary>
    public sealed class SlotArea
    {
        /// <summary>Where the marks start in the header sector: after the descriptor and the largest manifest.</summary>
        public const int MarksOffset = SlotDescriptor.FixedSize + SlotDescriptor.ManifestCapacity;

        /// <summary>A mark that is done.</summary>
        public const byte Done = 0x00;

        private readonly IFlash _flash;
        private readonly byte[] _header;
        private readonly byte[] _mark = new byte[] { Done };
        private readonly byte[] _probe = new byte[1];

        /// <param name="flash">The slot: a header sector and image sectors.</param>
        /// <param name="header">Room for <see cref="MarksOffset"/> bytes, where headers are read and written (the slots share one).</param>
        public SlotArea(IFlash flash, byte[] header)
        {
            _flash = flash;
            _header = header;
        }

        /// <summary>Bytes an image may occupy: every sector after the header sector.</summary>
        public int ImageCapacity
        {
            get { return _flash.Size - _flash.SectorSize; }
        }

        /// <summary>The image sectors an image of this size spans.</summary>
        public int SectorsFor(int imageSize)
        {
            return ((imageSize - 1) / _flash.SectorSize) + 1;
        }

        /// <summary>
        /// True when an image of this size, staged in chunks of this size, fits every slot of <paramref name="areas"/>:
        /// the image in its sectors, and its marks before the proven mark.
        /// </summary>
        public static bool AllHold(SlotArea[] areas, int imageSize, int chunkSize)
        {
            if (imageSize <= 0 || chunkSize <= 0)
            {
                return false;
            }

            for (int i = 0; i < areas.Length; i++)
            {
                SlotArea area = areas[i];
                if (imageSize > area.ImageCapacity || MarksOffset + area.SectorsFor(imageSize) + ((imageSize - 1) / chunkSize) + 1 > area.ProvenMarkOffset)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Reads the descriptor; false when the header holds no valid one.</summary>
        public bool ReadDescriptor(SlotDescriptor descriptor)
        {
            return ReadHeader() && descriptor.Decode(_header, 0);
        }

        /// <summary>Copies the stored manifest; returns its length, or -1 when the header holds no valid descriptor.</summary>
        public int ReadManifest(SlotDescriptor scratch, byte[] buffer, int offset)
        {
            if (!ReadHeader() || !scratch.Decode(_header, 0))
            {
                return -1;
            }

            System.Array.Copy(_header, SlotDescriptor.FixedSize, buffer, offset, scratch.ManifestLength);
            return scratch.ManifestLength;
        }

        /// <summary>Reads image bytes from <paramref name="position"/> (0 is the image's first byte).</summary>
        public void ReadImage(int position, byte[] buffer, int offset, int count)
        {
            if (position < 0 || count < 0 || position + count > ImageCapacity)
            {
                throw new System.ArgumentOutOfRangeException("position", "outside the slot");
            }

            _flash.Read(_flash.SectorSize + position, buffer, offset, count);
        }

        /// <summary>Programs image bytes (over erased sectors) without a sync.</summary>
        public void ProgramImage(int position, byte[] buffer, int offset, int count)
        {
            _flash.Program(_flash.SectorSize + position, buffer, offset, count);
        }

        public void Sync()
        {
            _flash.Sync();
        }

        /// <summary>
        /// Erases the header sector and writes a staging's descriptor (<paramref name="descriptor"/>, not installed in
        /// the factory) and manifest. Its marks start not done; the proven mark is gone.
        /// </summary>
        public void WriteStagingHeader(SlotDescriptor descriptor, byte[] manifest, int offset, int count, SlotDescriptor scratch)
        {
            EraseHeader();
            System.Array.Copy(manifest, offset, _header, SlotDescriptor.FixedSize, count);
            scratch.CopyFrom(descriptor);
            scratch.Factory = false;
            scratch.ManifestLength = count;
            scratch.Encode(_header, 0);
            _flash.Program(0, _header, 0, SlotDescriptor.FixedSize + count);
            _flash.Sync();
        }

        /// <summary>
        /// Writes an image installed without a manifest: its descriptor (left in <paramref name="scratch"/>), its
        /// sectors erased, the image and every staging mark done, then one sync. Not yet proven.
        /// </summary>
        public void WriteFactoryImage(SlotDescriptor descriptor, byte[] image, int offset, int count, SlotDescriptor scratch)
        {
            _flash.Erase(0);
            scratch.CopyFrom(descriptor);
            scratch.Factory = true;
            scratch.ManifestLength = 0;
            scratch.Encode(_header, 0);
            _flash.Program(0, _header, 0, SlotDescriptor.FixedSize);
            int sectors = SectorsFor(count);
            for (int i = 0; i < sectors; i++)
            {
                _flash.Erase(1 + i);
            }

            ProgramImage(0, image, offset, count);
            byte[] marks = new byte[sectors + ((count - 1) / descriptor.ChunkSize) + 1];
            _flash.Program(MarksOffset, marks, 0, marks.Length);
            _flash.Sync();
        }

        /// <summary>Erases the header sector: the slot holds no descriptor, no marks and no proven mark.</summary>
        public void EraseHeader()
        {
            _flash.Erase(0);
            _flash.Sync();
        }

        /// <summary>Erases image sector <paramref name="index"/> (0 is the first after the header).</summary>
        public void EraseImageSector(int index)
        {
            _flash.Erase(1 + index);
            _flash.Sync();
        }

        /// <summary>Reads the first <paramref name="count"/> marks.</summary>
        public void ReadMarks(byte[] marks, int count)
        {
            _flash.Read(MarksOffset, marks, 0, count);
        }

        /// <summary>Programs mark <paramref name="index"/> done, and syncs.</summary>
        public void SetMark(int index)
        {
            _flash.Program(MarksOffset + index, _mark, 0, 1);
            _flash.Sync();
        }

        /// <summary>True once the slot's image ran confirmed (or was installed in the factory).</summary>
        public bool IsProven()
        {
            _flash.Read(ProvenMarkOffset, _probe, 0, 1);
            return _probe[0] == Done;
        }

        /// <summary>Programs the proven mark, and syncs.</summary>
        public void MarkProven()
        {
            _flash.Program(ProvenMarkOffset, _mark, 0, 1);
            _flash.Sync();
        }

        /// <summary>The last byte of the header sector.</summary>
        private int ProvenMarkOffset
        {
            get { return _flash.SectorSize - 1; }
        }

        /// <summary>Reads the descriptor and the manifest it announces into the header buffer; false when the length is not valid.</summary>
        private bool ReadHeader()
        {
            _flash.Read(0, _header, 0, SlotDescriptor.FixedSize);
            int manifestLength = SlotDescriptor.PeekManifestLength(_header, 0);
            if (manifestLength < 0)
            {
                return false;
            }

            if (manifestLength > 0)
            {
                _flash.Read(SlotDescriptor.FixedSize, _header, SlotDescriptor.FixedSize, manifestLength);
            }

            return true;
        }
    }
}
