using Firmware.Boot;
using Firmware.Storage;
using Firmware.Tests.Fakes;

namespace Firmware.Tests.Boot
{
    /// <summary>
    /// Bundles the boot tests make from the project's own: one assembly taken out of it and packed again under
    /// another entry type (bundle format 1, as <see cref="BundleReader"/> reads it), version 0.0.0, counter 0.
    /// </summary>
    public static class TestBundle
    {
        /// <summary>The bytes of assembly <paramref name="name"/> of <paramref name="bundle"/>, or null when it has none.</summary>
        public static byte[] AssemblyOf(byte[] bundle, string name)
        {
            BundleReader reader = new BundleReader();
            if (!reader.Parse(bundle, bundle.Length, bundle.Length))
            {
                return null;
            }

            for (int i = 0; i < reader.AssemblyCount; i++)
            {
                if (reader.AssemblyName(i) == name)
                {
                    byte[] pe = new byte[reader.AssemblySize(i)];
                    System.Array.Copy(bundle, reader.AssemblyOffset(i), pe, 0, pe.Length);
                    return pe;
                }
            }

            return null;
        }

        /// <summary>A bundle of one assembly whose entry type is <paramref name="entryType"/>.</summary>
        public static byte[] Single(string name, byte[] pe, string entryType)
        {
            byte[] entry = TestText.Encode(entryType);
            byte[] nameBytes = TestText.Encode(name);
            int header = 20 + entry.Length + 1 + nameBytes.Length + 4;
            byte[] bundle = new byte[header + pe.Length];
            LittleEndian.WriteUInt32(bundle, 0, 0x4442464E);
            bundle[4] = BundleReader.Format;
            bundle[5] = 1;
            bundle[6] = (byte)entry.Length;
            bundle[7] = 0;
            System.Array.Copy(entry, 0, bundle, 20, entry.Length);
            int at = 20 + entry.Length;
            bundle[at] = (byte)nameBytes.Length;
            System.Array.Copy(nameBytes, 0, bundle, at + 1, nameBytes.Length);
            LittleEndian.WriteUInt32(bundle, at + 1 + nameBytes.Length, (uint)pe.Length);
            System.Array.Copy(pe, 0, bundle, header, pe.Length);
            return bundle;
        }

        /// <summary>A copy of <paramref name="bundle"/>.</summary>
        public static byte[] Copy(byte[] bundle, int length)
        {
            byte[] copy = new byte[length];
            System.Array.Copy(bundle, copy, length);
            return copy;
        }
    }
}
