using System.Reflection;

[assembly: AssemblyTitle("Firmware.Text")]
[assembly: AssemblyDescription("Text without the framework: JSON reader and writer, UTF-8, fixed-point numbers, ordinal string rules")]
[assembly: AssemblyProduct("Firmware")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
