using System.Reflection;

[assembly: AssemblyTitle("Firmware.Storage")]
[assembly: AssemblyDescription("The reading log, the state store and the configuration document in NOR flash")]
[assembly: AssemblyProduct("Firmware")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
