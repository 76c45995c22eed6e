using System.Reflection;

[assembly: AssemblyTitle("Firmware.Tests.LoaderSupport")]
[assembly: AssemblyDescription("Fakes of the ports and the boot rig, depending on the loader alone")]
[assembly: AssemblyProduct("Firmware")]
[assembly: AssemblyVersion("1.0.0.0")]
[assembly: AssemblyFileVersion("1.0.0.0")]
