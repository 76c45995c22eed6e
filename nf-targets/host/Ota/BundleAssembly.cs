using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;

namespace Firmware.Host.Ota
{
    /// <summary>
    /// An assembly file for a bundle: its own name and version and the names of the assemblies it references, read from a
    /// nanoCLR .pe (the header's version and name and its assembly-reference table, as nanoFramework's MetadataProcessor
    /// writes them) or from a .NET .dll (its metadata), so that a bundle can be put in load order, checked for a missing
    /// assembly, and given the version of the build.
    /// </summary>
    public sealed class BundleAssembly
    {
        private const int PeStartOfTables = 40;
        private const int PeVersionOffset = 28;
        private const int PeAssemblyNameOffset = 36;
        private const int PeStringsTable = 11;
        private const int PeAssemblyReferenceSize = 12;

        // The MetadataProcessor gives names from its table of predefined strings (like "mscorlib") the ids counting
        // down from 0xFFFF; none of them names an assembly of ours.
        private const int PredefinedStringIds = 860;

        private BundleAssembly(string file, string name, Version version, IReadOnlyList<string> references, IReadOnlyList<string> types, byte[] bytes)
        {
            File = file;
            Name = name;
            Version = version;
            Types = types;
            References = references;
            Bytes = bytes;
        }

        /// <summary>The file it came from.</summary>
        public string File { get; }

        /// <summary>The assembly's own name.</summary>
        public string Name { get; }

        /// <summary>The assembly's version (AssemblyVersion): major, minor, build, revision.</summary>
        public Version Version { get; }

        /// <summary>Names of the assemblies it references (null entries for predefined framework names).</summary>
        public IReadOnlyList<string> References { get; }

        /// <summary>Full names of the types it defines, from a .dll's metadata; null for a .pe (not read).</summary>
        public IReadOnlyList<string> Types { get; }

        public byte[] Bytes { get; }

        /// <summary>Reads a .pe or .dll; throws InvalidDataException naming the file when it is neither.</summary>
        public static BundleAssembly Read(string file, byte[] bytes)
        {
            if (bytes.Length > 6 && Encoding.ASCII.GetString(bytes, 0, 6) == "NFMRK1")
            {
                return ReadPe(file, bytes);
            }

            if (bytes.Length > 2 && bytes[0] == 'M' && bytes[1] == 'Z')
            {
                return ReadDll(file, bytes);
            }

            throw new InvalidDataException($"{file} is neither a nanoCLR .pe nor a .NET assembly");
        }

        private static BundleAssembly ReadDll(string file, byte[] bytes)
        {
            try
            {
                using PEReader pe = new PEReader(new MemoryStream(bytes, writable: false));
                MetadataReader md = pe.GetMetadataReader();
                List<string> references = new List<string>();
                foreach (AssemblyReferenceHandle handle in md.AssemblyReferences)
                {
                    references.Add(md.GetString(md.GetAssemblyReference(handle).Name));
                }

                List<string> types = new List<string>();
                foreach (TypeDefinitionHandle handle in md.TypeDefinitions)
                {
                    TypeDefinition type = md.GetTypeDefinition(handle);
                    string space = md.GetString(type.Namespace);
                    types.Add(space.Length > 0 ? space + "." + md.GetString(type.Name) : md.GetString(type.Name));
                }

                AssemblyDefinition definition = md.GetAssemblyDefinition();
                return new BundleAssembly(file, md.GetString(definition.Name), definition.Version, references, types, bytes);
            }
            catch (Exception e) when (e is BadImageFormatException || e is InvalidOperationException)
            {
                throw new InvalidDataException($"{file} is not a readable .NET assembly: {e.Message}");
            }
        }

        private static BundleAssembly ReadPe(string file, byte[] bytes)
        {
            if (bytes.Length < PeStartOfTables + (16 * 4))
            {
                throw new InvalidDataException($"{file}: a .pe header is cut short");
            }

            uint referencesStart = BitConverter.ToUInt32(bytes, PeStartOfTables);
            uint referencesEnd = BitConverter.ToUInt32(bytes, PeStartOfTables + 4);
            uint stringsStart = BitConverter.ToUInt32(bytes, PeStartOfTables + (PeStringsTable * 4));
            uint stringsEnd = BitConverter.ToUInt32(bytes, PeStartOfTables + ((PeStringsTable + 1) * 4));
            if (referencesEnd < referencesStart || referencesEnd > bytes.Length || stringsEnd < stringsStart || stringsEnd > bytes.Length)
            {
                throw new InvalidDataException($"{file}: the .pe's table offsets lie outside the file");
            }

            string name = PeString(file, bytes, stringsStart, stringsEnd, BitConverter.ToUInt16(bytes, PeAssemblyNameOffset));
            List<string> references = new List<string>();
            for (uint at = referencesStart; at + PeAssemblyReferenceSize <= referencesEnd; at += PeAssemblyReferenceSize)
            {
                references.Add(PeString(file, bytes, stringsStart, stringsEnd, BitConverter.ToUInt16(bytes, (int)at)));
            }

            Version version = new Version(
                BitConverter.ToUInt16(bytes, PeVersionOffset),
                BitConverter.ToUInt16(bytes, PeVersionOffset + 2),
                BitConverter.ToUInt16(bytes, PeVersionOffset + 4),
                BitConverter.ToUInt16(bytes, PeVersionOffset + 6));
            return new BundleAssembly(file, name, version, references, null, bytes);
        }

        private static string PeString(string file, byte[] bytes, uint start, uint end, ushort id)
        {
            if (id > 0xFFFF - PredefinedStringIds)
            {
                return null;
            }

            long at = start + (long)id;
            long stop = at;
            while (stop < end && bytes[stop] != 0)
            {
                stop++;
            }

            if (at >= end || stop >= end)
            {
                throw new InvalidDataException($"{file}: a name in the .pe's string table runs past it");
            }

            return Encoding.UTF8.GetString(bytes, (int)at, (int)(stop - at));
        }
    }
}
