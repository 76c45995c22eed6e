using System.Reflection;

[assembly: AssemblyTitle("Firmware")]
[assembly: AssemblyDescription("The portable firmware core")]
[assembly: AssemblyProduct("Firmware")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
