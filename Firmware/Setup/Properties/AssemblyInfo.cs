using System.Reflection;

[assembly: AssemblyTitle("Firmware.Setup")]
[assembly: AssemblyDescription("The setup access point's portal: HTTP, the form, the page, the DNS answer, the setup session")]
[assembly: AssemblyProduct("Firmware")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
