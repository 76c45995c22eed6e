using System.Reflection;

[assembly: AssemblyTitle("Firmware.Ota")]
[assembly: AssemblyDescription("Signed over-the-air updates: manifests, keys, the updater and its radio-session participant")]
[assembly: AssemblyProduct("Firmware")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
