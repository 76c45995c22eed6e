using System.Reflection;

[assembly: AssemblyTitle("NFUnitTest")]
[assembly: AssemblyDescription("Device tests of Firmware.HomeAssistant, for the nanoFramework test runner")]
[assembly: AssemblyProduct("Firmware")]
[assembly: AssemblyVersion("1.0.0.0")]
[assembly: AssemblyFileVersion("1.0.0.0")]
