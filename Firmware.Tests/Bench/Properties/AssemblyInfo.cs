using System.Reflection;

[assembly: AssemblyTitle("NFUnitTest")]
[assembly: AssemblyDescription("Benchmarks of the boot path, a wake, a radio session and the crypto on the runtime (devicebuild --bench), for the nanoFramework test runner")]
[assembly: AssemblyProduct("Firmware")]
[assembly: AssemblyVersion("1.0.0.0")]
[assembly: AssemblyFileVersion("1.0.0.0")]
