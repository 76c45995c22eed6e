using System.Reflection;

[assembly: AssemblyTitle("Firmware.Device")]
[assembly: AssemblyDescription("The device: configuration, commands, the wake loop and the application entry point")]
[assembly: AssemblyProduct("Firmware")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
