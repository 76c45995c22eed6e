using System.Reflection;

[assembly: AssemblyTitle("Firmware.Tests.Support")]
[assembly: AssemblyDescription("Fakes of the ports and rigs shared by the device test projects")]
[assembly: AssemblyProduct("Firmware")]
[assembly: AssemblyVersion("1.0.0.0")]
[assembly: AssemblyFileVersion("1.0.0.0")]
