using System.Collections.Generic;

namespace Firmware.Tools.NanoGate
{
    /// <summary>A set of sources compiled together for the device, and what it references.</summary>
    public sealed class GateProject
    {
        public GateProject(string name, IReadOnlyList<string> sourceFiles, IReadOnlyList<string> projectReferences, bool usesTestFramework, string languageVersion)
        {
            Name = name;
            SourceFiles = sourceFiles;
            ProjectReferences = projectReferences;
            UsesTestFramework = usesTestFramework;
            LanguageVersion = languageVersion;
        }

        /// <summary>The assembly name.</summary>
        public string Name { get; }

        /// <summary>Full paths of the C# files.</summary>
        public IReadOnlyList<string> SourceFiles { get; }

        /// <summary>Assembly names of the portable projects it references.</summary>
        public IReadOnlyList<string> ProjectReferences { get; }

        /// <summary>True when it references nanoFramework.TestFramework.</summary>
        public bool UsesTestFramework { get; }

        /// <summary>The C# version of the device build (the .nfproj's LangVersion).</summary>
        public string LanguageVersion { get; }
    }
}
