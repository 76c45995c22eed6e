using System.Reflection;

[assembly: AssemblyTitle("Firmware.Loader")]
[assembly: AssemblyDescription("The frozen loader core: ports, boot control, the application contract")]
[assembly: AssemblyProduct("Firmware")]
[assembly: AssemblyVersion("1.0.0.0")]
[assembly: AssemblyFileVersion("1.0.0.0")]
