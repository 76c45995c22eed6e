using System.Reflection;

[assembly: AssemblyTitle("Firmware.Drivers")]
[assembly: AssemblyDescription("Sensor and actuator drivers")]
[assembly: AssemblyProduct("Firmware")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
