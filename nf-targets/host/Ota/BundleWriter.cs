using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Firmware.Boot;

namespace Firmware.Host.Ota
{
    /// <summary>
    /// Builds the image a slot holds: a bundle of the application's own assemblies in load order
    /// (<see cref="BundleReader"/> has the format). It refuses what must never travel in an update: the frozen
    /// loader core, mscorlib, and the nanoFramework and System packages, which are bound to the firmware's native
    /// code and are deployed with the loader.
    /// </summary>
    public static class BundleWriter
    {
        private static readonly string[] FrozenPrefixes = { "mscorlib", "Firmware.Loader", "Firmware.Esp32.Loader", "nanoFramework.", "System.", "Windows.", "Iot.Device.", "UnitsNet." };

        public static byte[] Build(SemanticVersion version, long securityCounter, string entryType, int entryAssembly, IReadOnlyList<(string Name, byte[] Bytes)> assemblies)
        {
            if (assemblies.Count < 1 || assemblies.Count > BundleReader.MaxAssemblies)
            {
                throw new ArgumentException($"a bundle holds 1 to {BundleReader.MaxAssemblies} assemblies", nameof(assemblies));
            }

            if (entryAssembly < 0 || entryAssembly >= assemblies.Count)
            {
                throw new ArgumentOutOfRangeException(nameof(entryAssembly));
            }

            byte[] entry = Encoding.ASCII.GetBytes(entryType);
            if (entry.Length < 1 || entry.Length > 128)
            {
                throw new ArgumentException("the entry type's full name is 1 to 128 characters", nameof(entryType));
            }

            if (securityCounter < 0 || securityCounter > uint.MaxValue)
            {
                throw new ArgumentOutOfRangeException(nameof(securityCounter));
            }

            MemoryStream output = new MemoryStream();
            BinaryWriter w = new BinaryWriter(output);
            w.Write(Encoding.ASCII.GetBytes("NFBD"));
            w.Write((byte)BundleReader.Format);
            w.Write((byte)assemblies.Count);
            w.Write((byte)entry.Length);
            w.Write((byte)entryAssembly);
            w.Write((ushort)version.Major);
            w.Write((ushort)version.Minor);
            w.Write((ushort)version.Patch);
            w.Write((ushort)0);
            w.Write((uint)securityCounter);
            w.Write(entry);
            foreach ((string name, byte[] bytes) in assemblies)
            {
                CheckUpdatable(name);
                byte[] nameBytes = Encoding.ASCII.GetBytes(name);
                w.Write((byte)nameBytes.Length);
                w.Write(nameBytes);
                w.Write((uint)bytes.Length);
            }

            foreach ((_, byte[] bytes) in assemblies)
            {
                w.Write(bytes);
            }

            w.Flush();
            byte[] image = output.ToArray();
            BundleReader check = new BundleReader();
            if (!check.Parse(image, Math.Min(image.Length, BundleReader.MaxHeaderSize), image.Length))
            {
                throw new ArgumentException("the bundle would not parse: " + check.Error);
            }

            return image;
        }

        /// <summary>Throws when an assembly must not be part of an update.</summary>
        public static void CheckUpdatable(string name)
        {
            if (IsFrozen(name))
            {
                throw new ArgumentException($"{name} is deployed with the loader and never travels in an update (packages bound to the firmware's native code, mscorlib and the frozen loader core stay on the device)");
            }
        }

        /// <summary>True for an assembly deployed with the loader (mscorlib, the frozen loader core, the packages).</summary>
        public static bool IsFrozen(string name)
        {
            foreach (string prefix in FrozenPrefixes)
            {
                if (name.Equals(prefix.TrimEnd('.'), StringComparison.OrdinalIgnoreCase) || name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The bundle's header, parsed; throws <see cref="InvalidDataException"/> when it is not a bundle.</summary>
        public static BundleReader Read(byte[] image)
        {
            BundleReader reader = new BundleReader();
            if (!reader.Parse(image, Math.Min(image.Length, BundleReader.MaxHeaderSize), image.Length))
            {
                throw new InvalidDataException("not a bundle: " + reader.Error);
            }

            return reader;
        }
    }
}
