using System;
using System.IO;

namespace Firmware.Tools.DeviceBuild
{
    /// <summary>
    /// The sizes of a nanoCLR .pe file's tables, read from its header (CLR_RECORD_ASSEMBLY as nanoFramework's
    /// MetadataProcessor writes it: marker "NFMRK1", CRCs, flags, version, name, string table version, then the start
    /// offset of each of 16 tables and the padding at the end of each).
    /// </summary>
    public sealed class PeImage
    {
        private const int TableCount = 16;
        private const int StartOfTables = 40;
        private const int Strings = 11;
        private const int ByteCode = 13;

        private readonly uint[] _start = new uint[TableCount];
        private readonly byte[] _padding = new byte[TableCount];

        private PeImage(int size)
        {
            Size = size;
        }

        /// <summary>Bytes of the whole file.</summary>
        public int Size { get; }

        public int ByteCodeBytes => TableBytes(ByteCode);

        public int StringBytes => TableBytes(Strings);

        public static PeImage Read(string path)
        {
            byte[] image = File.ReadAllBytes(path);
            if (image.Length < StartOfTables + (TableCount * 5) + 4 || image[0] != 'N' || image[1] != 'F' || image[2] != 'M' || image[3] != 'R' || image[4] != 'K' || image[5] != '1')
            {
                throw new InvalidDataException($"{path} is not a nanoCLR .pe (NFMRK1)");
            }

            PeImage pe = new PeImage(image.Length);
            for (int i = 0; i < TableCount; i++)
            {
                pe._start[i] = BitConverter.ToUInt32(image, StartOfTables + (4 * i));
            }

            int paddings = StartOfTables + (4 * TableCount) + 4;
            Array.Copy(image, paddings, pe._padding, 0, TableCount);
            return pe;
        }

        private int TableBytes(int table)
        {
            return (int)(_start[table + 1] - _start[table]) - _padding[table];
        }
    }
}
