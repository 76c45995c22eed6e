using Firmware.Storage;

namespace Firmware.Boot
{
    /// <summary>
    /// Reads the header of an application bundle: the image a slot holds. The loader uses it to load each
    /// assembly in order (on ESP32 each is a .pe file given to Assembly.Load(byte[])) and to find the entry type.
    /// <para>
    /// Format 1 (little-endian): magic "NFBD" (4), format (1), assembly count (1, 1 to 32), entry type name
    /// length (1, 1 to 128), entry assembly index (1), version major, minor, patch (2 each), reserved (2, zero),
    /// security counter (4), entry type name (ASCII); then per assembly, in load order (dependencies first): name
    /// length (1, 1 to 64), name (ASCII letters, digits, '.', '_', '-'), size (4); then the assemblies' bytes,
    /// back to back in the same order, ending exactly at the end of the image.
    /// </para>
    /// </summary>
    public sealed class BundleReader
    {
        /// <summary>The header and table never exceed this many bytes: read this much (or the whole image) to parse.</summary>
        public const int MaxHeaderSize = 20 + 128 + (32 * (1 + 64 + 4));

        /// <summary>The format this loader reads.</summary>
        public const int Format = 1;

        public const int MaxAssemblies = 32;

        private const uint Magic = 0x4442464E; // "NFBD"

        private readonly string[] _names = new string[MaxAssemblies];
        private readonly int[] _offsets = new int[MaxAssemblies];
        private readonly int[] _sizes = new int[MaxAssemblies];

        /// <summary>Why the last <see cref="Parse"/> failed, or null.</summary>
        public string Error { get; private set; }

        public int VersionMajor { get; private set; }

        public int VersionMinor { get; private set; }

        public int VersionPatch { get; private set; }

        public long SecurityCounter { get; private set; }

        /// <summary>Full name of the type implementing <see cref="IApplication"/>.</summary>
        public string EntryTypeName { get; private set; }

        /// <summary>Index of the assembly that holds the entry type.</summary>
        public int EntryAssembly { get; private set; }

        public int AssemblyCount { get; private set; }

        public string AssemblyName(int index)
        {
            return _names[index];
        }

        /// <summary>Byte offset of the assembly in the image.</summary>
        public int AssemblyOffset(int index)
        {
            return _offsets[index];
        }

        public int AssemblySize(int index)
        {
            return _sizes[index];
        }

        /// <summary>
        /// Parses the first <paramref name="available"/> bytes of an image of <paramref name="imageSize"/> bytes
        /// (at least <see cref="MaxHeaderSize"/> of them, or the whole image). False with <see cref="Error"/> when
        /// they are not a well-formed bundle.
        /// </summary>
        public bool Parse(byte[] header, int available, int imageSize)
        {
            Error = null;
            AssemblyCount = 0;
            if (available < 20)
            {
                return Fail("shorter than a bundle header");
            }

            if (LittleEndian.ReadUInt32(header, 0) != Magic)
            {
                return Fail("not a bundle (bad magic)");
            }

            if (header[4] != Format)
            {
                return Fail("unknown bundle format " + header[4].ToString());
            }

            int count = header[5];
            int entryLength = header[6];
            int entry = header[7];
            if (count < 1 || count > MaxAssemblies || entry >= count)
            {
                return Fail("bad assembly count or entry index");
            }

            if (entryLength < 1 || entryLength > 128 || LittleEndian.ReadUInt16(header, 14) != 0)
            {
                return Fail("bad entry type name length or reserved bytes");
            }

            int position = 20;
            if (position + entryLength > available)
            {
                return Fail("header truncated");
            }

            string entryType = Ascii(header, position, entryLength, true);
            if (entryType == null)
            {
                return Fail("entry type name is not a type name");
            }

            position += entryLength;
            for (int i = 0; i < count; i++)
            {
                if (position + 1 > available)
                {
                    return Fail("assembly table truncated");
                }

                int nameLength = header[position];
                if (nameLength < 1 || nameLength > 64 || position + 1 + nameLength + 4 > available)
                {
                    return Fail("bad or truncated assembly name");
                }

                string name = Ascii(header, position + 1, nameLength, false);
                if (name == null)
                {
                    return Fail("assembly name with characters outside letters, digits, '.', '_', '-'");
                }

                for (int j = 0; j < i; j++)
                {
                    if (_names[j] == name)
                    {
                        return Fail("assembly " + name + " appears twice");
                    }
                }

                uint size = LittleEndian.ReadUInt32(header, position + 1 + nameLength);
                if (size == 0 || size > (uint)imageSize)
                {
                    return Fail("bad size of assembly " + name);
                }

                _names[i] = name;
                _sizes[i] = (int)size;
                position += 1 + nameLength + 4;
            }

            long offset = position;
            for (int i = 0; i < count; i++)
            {
                _offsets[i] = (int)offset;
                offset += _sizes[i];
            }

            if (offset != imageSize)
            {
                return Fail("assemblies end at byte " + offset.ToString() + ", the image at " + imageSize.ToString());
            }

            VersionMajor = LittleEndian.ReadUInt16(header, 8);
            VersionMinor = LittleEndian.ReadUInt16(header, 10);
            VersionPatch = LittleEndian.ReadUInt16(header, 12);
            SecurityCounter = LittleEndian.ReadUInt32(header, 16);
            EntryTypeName = entryType;
            EntryAssembly = entry;
            AssemblyCount = count;
            return true;
        }

        private static string Ascii(byte[] data, int offset, int count, bool allowPlus)
        {
            char[] chars = new char[count];
            for (int i = 0; i < count; i++)
            {
                byte b = data[offset + i];
                bool ok = (b >= (byte)'a' && b <= (byte)'z') || (b >= (byte)'A' && b <= (byte)'Z') || (b >= (byte)'0' && b <= (byte)'9')
                    || b == (byte)'.' || b == (byte)'_' || b == (byte)'-' || (allowPlus && b == (byte)'+');
                if (!ok)
                {
                    return null;
                }

                chars[i] = (char)b;
            }

            return new string(chars);
        }

        private bool Fail(string error)
        {
            Error = error;
            return false;
        }
    }
}
