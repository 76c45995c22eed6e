using System.Reflection;

[assembly: AssemblyTitle("Firmware.Power")]
[assembly: AssemblyDescription("Energy ledger, board profiles, radio planner, backoff and watchdog")]
[assembly: AssemblyProduct("Firmware")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
