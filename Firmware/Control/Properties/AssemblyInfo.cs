using System.Reflection;

[assembly: AssemblyTitle("Firmware.Control")]
[assembly: AssemblyDescription("The thermostat: hysteresis control of a relay and its settings")]
[assembly: AssemblyProduct("Firmware")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
