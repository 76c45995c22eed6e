using System.Reflection;

[assembly: AssemblyTitle("Firmware.Esp32.Loader")]
[assembly: AssemblyDescription("The frozen loader of the ESP32 firmware")]
[assembly: AssemblyProduct("Firmware")]
[assembly: AssemblyVersion("1.0.0.0")]
[assembly: AssemblyFileVersion("1.0.0.0")]
