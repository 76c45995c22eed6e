using System.Reflection;

[assembly: AssemblyTitle("Firmware.Device")]
[assembly: AssemblyDescription("The device: configuration, commands, the wake loop and the application entry point")]
[assembly: AssemblyProduct("Firmware")]

// The firmware's version, its one source: `ota bundle` writes it into a bundle, the loader records the bundle's in the
// slot, and the firmware reports the running slot's (RunningFirmware). Three numbers and a 0; bump it for a release.
[assembly: AssemblyVersion("0.2.0.0")]
