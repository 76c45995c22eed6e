using System;
using System.Reflection;
using Firmware.Crypto;

namespace Firmware.Boot
{
    /// <summary>
    /// Loads the application bundle a slot holds, the portable part of every loader: reads the slot's descriptor and
    /// the bundle's header (<see cref="BundleReader"/>), reads each assembly into an array of its own (Assembly.Load
    /// keeps it in the managed heap for good), optionally checks the whole image against the descriptor's SHA-256
    /// before anything is loaded, loads the assemblies in the bundle's order with Assembly.Load(byte[]), and finds the
    /// entry type, which must implement <see cref="IApplication"/> and have a public parameterless constructor.
    /// <para>
    /// Every refusal is an <see cref="InvalidOperationException"/> whose message says what is wrong, naming the slot
    /// and, where it applies, the assembly. Assemblies loaded before a refusal stay loaded (a runtime cannot unload
    /// them), so a loader that meets one starts the next image in a fresh runtime (a restart).
    /// </para>
    /// </summary>
    public sealed class BundleLoader
    {
        private readonly IUpdateSlots _slots;
        private readonly SlotDescriptor _descriptor = new SlotDescriptor();
        private readonly BundleReader _bundle = new BundleReader();

        public BundleLoader(IUpdateSlots slots)
        {
            if (slots == null)
            {
                throw new ArgumentNullException("slots");
            }

            _slots = slots;
        }

        /// <summary>The bundle of the last <see cref="Load"/> (its header parsed once that got so far).</summary>
        public BundleReader Bundle
        {
            get { return _bundle; }
        }

        /// <summary>Bytes of the image the last <see cref="Load"/> read, or 0.</summary>
        public int ImageSize { get; private set; }

        /// <summary>
        /// Loads the bundle of <paramref name="slot"/> and returns its entry type. With <paramref name="verifyImage"/>
        /// the image's SHA-256 is computed while it is read and compared with the descriptor's before any assembly is
        /// loaded (flash rot, a torn install); without it the runtime's own check of each assembly (its CRC) is the
        /// only one. Throws <see cref="InvalidOperationException"/> when the slot holds no loadable application.
        /// </summary>
        public Type Load(int slot, bool verifyImage)
        {
            ImageSize = 0;
            if (slot == BootControlRecord.NoSlot)
            {
                throw new InvalidOperationException("no image is installed");
            }

            string where = "slot " + slot.ToString();
            if (!_slots.ReadDescriptor(slot, _descriptor))
            {
                throw new InvalidOperationException(where + " holds no image");
            }

            int size = _descriptor.ImageSize;
            if (!_slots.CanHold(size, _descriptor.ChunkSize))
            {
                throw new InvalidOperationException(where + " describes an image of " + size.ToString() + " bytes that does not fit it");
            }

            byte[] header = new byte[size < BundleReader.MaxHeaderSize ? size : BundleReader.MaxHeaderSize];
            Read(slot, 0, header, where + ": the bundle header");
            if (!_bundle.Parse(header, header.Length, size))
            {
                throw new InvalidOperationException(where + " holds no valid bundle: " + _bundle.Error);
            }

            Sha256 sha = null;
            if (verifyImage)
            {
                sha = new Sha256();
                sha.Update(header, 0, header.Length);
            }

            // The header read may reach into the first assemblies; only the bytes after it are hashed again.
            int hashed = header.Length;
            int count = _bundle.AssemblyCount;
            byte[][] images = new byte[count][];
            for (int i = 0; i < count; i++)
            {
                int offset = _bundle.AssemblyOffset(i);
                byte[] pe = new byte[_bundle.AssemblySize(i)];
                Read(slot, offset, pe, where + ": assembly " + _bundle.AssemblyName(i));
                if (sha != null && offset + pe.Length > hashed)
                {
                    sha.Update(pe, hashed - offset, offset + pe.Length - hashed);
                    hashed = offset + pe.Length;
                }

                images[i] = pe;
            }

            if (sha != null)
            {
                byte[] digest = new byte[Sha256.HashSize];
                sha.Final(digest, 0);
                if (!ByteRuns.Equal(digest, 0, _descriptor.ImageSha256, 0, Sha256.HashSize))
                {
                    throw new InvalidOperationException(where + ": the image (firmware " + _descriptor.VersionText + ", " + size.ToString() + " bytes) does not match its SHA-256");
                }
            }

            Assembly entry = null;
            for (int i = 0; i < count; i++)
            {
                Assembly assembly = LoadAssembly(images[i], where, i);
                if (i == _bundle.EntryAssembly)
                {
                    entry = assembly;
                }
            }

            ImageSize = size;
            return EntryType(entry, where);
        }

        /// <summary>
        /// Describes a whole bundle for installing it into a slot (a factory install): its version and security counter
        /// from its header, its size, <paramref name="chunkSize"/> and its SHA-256. Throws
        /// <see cref="InvalidOperationException"/> when the bytes are not a well-formed bundle.
        /// </summary>
        public static void Describe(byte[] image, int chunkSize, SlotDescriptor descriptor)
        {
            BundleReader bundle = new BundleReader();
            if (!bundle.Parse(image, image.Length < BundleReader.MaxHeaderSize ? image.Length : BundleReader.MaxHeaderSize, image.Length))
            {
                throw new InvalidOperationException("not a bundle: " + bundle.Error);
            }

            descriptor.Factory = true;
            descriptor.VersionMajor = bundle.VersionMajor;
            descriptor.VersionMinor = bundle.VersionMinor;
            descriptor.VersionPatch = bundle.VersionPatch;
            descriptor.SecurityCounter = bundle.SecurityCounter;
            descriptor.ImageSize = image.Length;
            descriptor.ChunkSize = chunkSize;
            Sha256.Hash(image, 0, image.Length, descriptor.ImageSha256, 0);
        }

        /// <summary>Creates the application from an entry type <see cref="Load"/> returned (once per boot).</summary>
        public static IApplication Create(Type entryType)
        {
            ConstructorInfo constructor = entryType.GetConstructor(new Type[0]);
            if (constructor == null)
            {
                throw new InvalidOperationException(entryType.FullName + " has no public parameterless constructor");
            }

            return (IApplication)constructor.Invoke(null);
        }

        private Assembly LoadAssembly(byte[] pe, string where, int index)
        {
            string what = where + ": assembly " + _bundle.AssemblyName(index) + " (" + (index + 1).ToString() + " of " + _bundle.AssemblyCount.ToString() + ")";
            Assembly assembly;
            try
            {
                assembly = Assembly.Load(pe);
            }
            catch (Exception e)
            {
                throw new InvalidOperationException(what + " does not load (" + e.GetType().Name + ": " + e.Message + ")");
            }

            if (assembly == null)
            {
                throw new InvalidOperationException(what + " does not load");
            }

            return assembly;
        }

        private Type EntryType(Assembly entry, string where)
        {
            string name = _bundle.EntryTypeName;
            Type type = entry.GetType(name);
            if (type == null)
            {
                throw new InvalidOperationException(where + ": assembly " + _bundle.AssemblyName(_bundle.EntryAssembly) + " has no type " + name);
            }

            if (!Implements(type, typeof(IApplication)))
            {
                throw new InvalidOperationException(where + ": the entry type " + name + " does not implement " + typeof(IApplication).FullName);
            }

            if (type.GetConstructor(new Type[0]) == null)
            {
                throw new InvalidOperationException(where + ": the entry type " + name + " has no public parameterless constructor");
            }

            return type;
        }

        private static bool Implements(Type type, Type contract)
        {
            Type[] interfaces = type.GetInterfaces();
            for (int i = 0; i < interfaces.Length; i++)
            {
                if (interfaces[i] == contract)
                {
                    return true;
                }
            }

            return false;
        }

        private void Read(int slot, int position, byte[] buffer, string what)
        {
            int read = _slots.ReadImage(slot, position, buffer, 0, buffer.Length);
            if (read != buffer.Length)
            {
                throw new InvalidOperationException(what + " reads " + read.ToString() + " of " + buffer.Length.ToString() + " bytes");
            }
        }
    }
}
