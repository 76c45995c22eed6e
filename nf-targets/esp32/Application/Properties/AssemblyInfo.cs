using System.Reflection;

[assembly: AssemblyTitle("Firmware.Esp32")]
[assembly: AssemblyDescription("The ESP32 application: adapters to nanoFramework packages and the wiring of the firmware")]
[assembly: AssemblyProduct("Firmware")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
