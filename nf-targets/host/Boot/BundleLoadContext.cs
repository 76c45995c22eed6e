using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace Firmware.Host.Boot
{
    /// <summary>
    /// A collectible load context for one boot's application bundle: the bundle's assemblies come from the slot's
    /// bytes; the frozen loader core (Firmware.Loader, which holds the ports and the application contract) and the
    /// framework come from the default context, so the loader and the application share the port types. Unloading
    /// it after the boot is the twin's "reboot": the next boot loads whatever the slot holds then.
    /// </summary>
    public sealed class BundleLoadContext : AssemblyLoadContext
    {
        /// <summary>The frozen assembly every application shares with the loader.</summary>
        public const string SharedAssembly = "Firmware.Loader";

        public BundleLoadContext(string name)
            : base(name, isCollectible: true)
        {
        }

        /// <summary>Loads one assembly of the bundle (in bundle order, dependencies first).</summary>
        public Assembly LoadBundled(string name, byte[] image)
        {
            if (name == SharedAssembly)
            {
                throw new InvalidDataException($"the bundle carries {SharedAssembly}, which is frozen in the loader and never updated");
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
