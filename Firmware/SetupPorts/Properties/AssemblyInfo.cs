using System.Reflection;

[assembly: AssemblyTitle("Firmware.SetupPorts")]
[assembly: AssemblyDescription("The setup radio's ports: the access point, the network scan and join, sockets")]
[assembly: AssemblyProduct("Firmware")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
