using Firmware.Tools.NanoGate;

namespace Firmware.Tools.DeviceBuild
{
    /// <summary>A device project compiled (Release), written as a .dll and converted to a .pe.</summary>
    public sealed class ConvertedAssembly
    {
        public ConvertedAssembly(CompiledAssembly compiled, string dll, string pe)
        {
            Compiled = compiled;
            Dll = dll;
            Pe = pe;
        }

        public CompiledAssembly Compiled { get; }

        public GateProject Project => Compiled.Project;

        public string Dll { get; }

        public string Pe { get; }

        /// <summary>The .pe's table sizes, or null when the conversion failed.</summary>
        public PeImage Image { get; set; }

        /// <summary>The MetadataProcessor's output when the conversion failed, else null.</summary>
        public string Error { get; set; }

        /// <summary>True for the ESP32 projects (compiled against the toolchain's reference assemblies).</summary>
        public bool NeedsPackages => Project.PackageAssemblies.Count > 0;
    }
}
