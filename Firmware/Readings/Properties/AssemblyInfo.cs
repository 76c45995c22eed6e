using System.Reflection;

[assembly: AssemblyTitle("Firmware.Readings")]
[assembly: AssemblyDescription("A reading of every sensor channel, its channel table and its text")]
[assembly: AssemblyProduct("Firmware")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
