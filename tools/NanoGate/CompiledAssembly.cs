namespace Firmware.Tools.NanoGate
{
    /// <summary>A device project as the gate compiled it: its images in both configurations and their measures.</summary>
    public sealed class CompiledAssembly
    {
        public CompiledAssembly(GateProject project, byte[] debugImage, byte[] releaseImage)
        {
            Project = project;
            DebugImage = debugImage;
            ReleaseImage = releaseImage;
            Debug = debugImage == null ? null : AssemblyMeasure.Of(debugImage);
            Release = releaseImage == null ? null : AssemblyMeasure.Of(releaseImage);
        }

        public GateProject Project { get; }

        /// <summary>The Debug build (no optimization: what Visual Studio deploys by default), or null when it did not compile.</summary>
        public byte[] DebugImage { get; }

        /// <summary>The Release build, or null when it did not compile.</summary>
        public byte[] ReleaseImage { get; }

        public AssemblyMeasure Debug { get; }

        public AssemblyMeasure Release { get; }
    }
}
