using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace Firmware.Host.Boot
{
    /// <summary>
    /// A collectible load context for one boot's application bundle: the bundle's assemblies come from the slot's
    /// bytes; the frozen loader core (Firmware.Loader, which holds the ports and the application contract) and the
    /// framework come from the default context, so the loader and the application share the port types. So do the setup
    /// ports (Firmware.SetupPorts): the twin's simulated board implements them, as it implements the loader's ports. (On
    /// ESP32 the board's adapters are in the bundle, so there the setup ports travel in the bundle too; a bundle that
    /// carries them runs on the twin with the board's copy.) Unloading it
    /// after the boot is the twin's "reboot": the next boot loads whatever the slot holds then.
    /// </summary>
    public sealed class BundleLoadContext : AssemblyLoadContext
    {
        /// <summary>The frozen assembly every application shares with the loader.</summary>
        public const string SharedAssembly = "Firmware.Loader";

        /// <summary>The ports of the twin's setup access point, which its simulated board implements.</summary>
        public const string SetupPortsAssembly = "Firmware.SetupPorts";

        public BundleLoadContext(string name)
            : base(name, isCollectible: true)
        {
        }

        /// <summary>
        /// Loads one assembly of the bundle (in bundle order, dependencies first). A bundle made for a board carries the
        /// setup ports (its adapters travel in the bundle too); on the twin the board's copy is the one that counts, so
        /// the bundle's is passed over and the application binds to the board's.
        /// </summary>
        public Assembly LoadBundled(string name, byte[] image)
        {
            if (name == SharedAssembly)
            {
                throw new InvalidDataException($"the bundle carries {name}, which is frozen in the loader and never updated");
            }

            if (name == SetupPortsAssembly)
            {
                return Default.LoadFromAssemblyName(new AssemblyName(name));
            }

            using MemoryStream stream = new MemoryStream(image, writable: false);
            Assembly assembly = LoadFromStream(stream);
            if (assembly.GetName().Name != name)
            {
                throw new InvalidDataException($"the bundle's entry {name} holds assembly {assembly.GetName().Name}");
            }

            return assembly;
        }

        protected override Assembly Load(AssemblyName assemblyName)
        {
            // Bundled assemblies resolve to this context's copies; the rest (the loader core, the framework) to the
            // default. The copies are looked up, never kept in a field: a context holding its own assemblies is
            // never collected.
            foreach (Assembly assembly in Assemblies)
            {
                if (assembly.GetName().Name == assemblyName.Name)
                {
                    return assembly;
                }
            }

            return null;
        }
    }
}
