using System.Reflection;

[assembly: AssemblyTitle("Firmware.Crypto")]
[assembly: AssemblyDescription("Ed25519 signature verification and SHA-512 in portable C#")]
[assembly: AssemblyProduct("Firmware")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
