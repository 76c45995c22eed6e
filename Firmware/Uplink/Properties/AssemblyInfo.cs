using System.Reflection;

[assembly: AssemblyTitle("Firmware.Uplink")]
[assembly: AssemblyDescription("MQTT uplink: topics, SenML batches, delete-after-acknowledgement drain, events, commands")]
[assembly: AssemblyProduct("Firmware")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
