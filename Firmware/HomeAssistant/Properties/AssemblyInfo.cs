using System.Reflection;

[assembly: AssemblyTitle("Firmware.HomeAssistant")]
[assembly: AssemblyDescription("Home Assistant MQTT discovery: the device discovery payload, published when it changes, removed when it no longer applies")]
[assembly: AssemblyProduct("Firmware")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
