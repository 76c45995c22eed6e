using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.IO;

namespace Firmware.Host
{
    /// <summary>The twin's --help: System.CommandLine's help of the options and commands, then the exit codes and examples.</summary>
    public sealed class TwinHelpAction : SynchronousCommandLineAction
    {
        private readonly HelpAction _options;

        public TwinHelpAction(int maxWidth)
        {
            _options = new HelpAction { MaxWidth = maxWidth };
        }

        public override int Invoke(ParseResult parseResult)
        {
            _options.Invoke(parseResult);
            TextWriter output = parseResult.InvocationConfiguration.Output;
            output.WriteLine("Exit codes:");
            output.WriteLine($"  {TwinExitCodes.Success}  the run ended (at --duration or Ctrl+C) and the device reached the broker at least once");
            output.WriteLine($"  {TwinExitCodes.Usage}  a bad option, value or file (nothing ran)");
            output.WriteLine($"  {TwinExitCodes.BrokerNeverReached}  the device never reached the broker in the whole run (refused, unreachable, TLS or login failed, no network); fleet: its receivers could not reach the broker");
            output.WriteLine("  (ota commands: 0 done, 1 a verification failed, 2 bad usage or input)");
            output.WriteLine();
            output.WriteLine("Examples:");
            output.WriteLine("  dotnet run --project nf-targets/host -- --duration 6h --speed 20000");
            output.WriteLine("  dotnet run --project nf-targets/host -- --role thermostat --duration 1d --speed 2000");
            output.WriteLine("  dotnet run --project nf-targets/host -- --broker mqtts://broker.lan --ca-certificate ca.crt --user-name kitchen --password ...");
            output.WriteLine("  dotnet run --project nf-targets/host -- ota --help");
            return TwinExitCodes.Success;
        }
    }
}
