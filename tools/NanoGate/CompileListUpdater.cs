using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;

namespace Firmware.Tools.NanoGate
{
    /// <summary>
    /// Keeps a .nfproj's compile list equal to the C# files in its folder. nanoFramework's project system
    /// lists every file explicitly; on Linux, where Visual Studio is not there to add them, this does it.
    /// </summary>
    public static class CompileListUpdater
    {
        private static readonly XNamespace Msbuild = "http://schemas.microsoft.com/developer/msbuild/2003";

        /// <summary>The C# files a project folder holds, as relative paths with backslashes (the .nfproj convention).</summary>
        public static IReadOnlyList<string> SourcesInFolder(string nfproj)
        {
            string dir = Path.GetDirectoryName(nfproj);
            return Directory.GetFiles(dir, "*.cs", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(dir, f))
                .Where(r => !r.Split(Path.DirectorySeparatorChar).Any(part => part == "bin" || part == "obj"))
                .Select(r => r.Replace(Path.DirectorySeparatorChar, '\\'))
                .OrderBy(r => r, StringComparer.Ordinal)
                .ToList();
        }

        /// <summary>Rewrites the project's Compile items from its folder; true when something changed.</summary>
        public static bool Update(string nfproj)
        {
            XDocument doc = XDocument.Load(nfproj, LoadOptions.PreserveWhitespace);
            List<XElement> existing = doc.Descendants(Msbuild + "Compile").ToList();
            List<string> current = existing.Select(e => (string)e.Attribute("Include")).ToList();
            IReadOnlyList<string> wanted = SourcesInFolder(nfproj);
            if (current.SequenceEqual(wanted, StringComparer.Ordinal))
            {
                return false;
            }

            XElement group = existing.FirstOrDefault()?.Parent;
            if (group == null)
            {
                group = new XElement(Msbuild + "ItemGroup");
                XElement anchor = doc.Root.Elements(Msbuild + "ItemGroup").FirstOrDefault();
                if (anchor != null)
                {
                    anchor.AddBeforeSelf(group, new XText("\n  "));
                }
                else
                {
                    doc.Root.Add(group);
                }
            }

            foreach (XElement e in existing)
            {
                e.Remove();
            }

            group.RemoveNodes();
            foreach (string file in wanted)
            {
                group.Add(new XText("\n    "), new XElement(Msbuild + "Compile", new XAttribute("Include", file)));
            }

            group.Add(new XText("\n  "));
            string text = doc.Declaration + Environment.NewLine + doc.Root.ToString(SaveOptions.DisableFormatting) + Environment.NewLine;
            File.WriteAllText(nfproj, text.Replace("\r\n", "\n"));
            return true;
        }
    }
}
