using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Firmware.Host.Ota
{
    /// <summary>
    /// Puts a bundle's assemblies in load order (every assembly after the ones it references, otherwise in the order
    /// given) and refuses a bundle the loader could not load: an assembly referenced by one of them that is neither in
    /// the bundle nor frozen in the loader's image, two assemblies of one name, or references in a cycle.
    /// </summary>
    public static class BundleOrder
    {
        public static IReadOnlyList<BundleAssembly> Sort(IReadOnlyList<BundleAssembly> assemblies)
        {
            Dictionary<string, BundleAssembly> byName = new Dictionary<string, BundleAssembly>(StringComparer.Ordinal);
            foreach (BundleAssembly assembly in assemblies)
            {
                if (byName.ContainsKey(assembly.Name))
                {
                    throw new InvalidDataException($"two files hold assembly {assembly.Name}: {byName[assembly.Name].File} and {assembly.File}");
                }

                if (BundleWriter.IsFrozen(assembly.Name))
                {
                    throw new InvalidDataException($"{assembly.File} holds {assembly.Name}, which is frozen in the loader's image and never travels in a bundle");
                }

                byName[assembly.Name] = assembly;
            }

            foreach (BundleAssembly assembly in assemblies)
            {
                foreach (string reference in assembly.References)
                {
                    if (reference != null && !byName.ContainsKey(reference) && !BundleWriter.IsFrozen(reference))
                    {
                        throw new InvalidDataException(
                            $"{assembly.Name} references {reference}, which is neither in the bundle nor frozen in the loader: add {reference}'s file");
                    }
                }
            }

            List<BundleAssembly> ordered = new List<BundleAssembly>();
            HashSet<string> placed = new HashSet<string>(StringComparer.Ordinal);
            HashSet<string> visiting = new HashSet<string>(StringComparer.Ordinal);
            void Place(BundleAssembly assembly)
            {
                if (placed.Contains(assembly.Name))
                {
                    return;
                }

                if (!visiting.Add(assembly.Name))
                {
                    throw new InvalidDataException($"the references of {assembly.Name} form a cycle");
                }

                foreach (string reference in assembly.References)
                {
                    if (reference != null && byName.TryGetValue(reference, out BundleAssembly dependency))
                    {
                        Place(dependency);
                    }
                }

                placed.Add(assembly.Name);
                ordered.Add(assembly);
            }

            foreach (BundleAssembly assembly in assemblies)
            {
                Place(assembly);
            }

            return ordered;
        }
    }
}
