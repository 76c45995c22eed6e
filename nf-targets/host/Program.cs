using System;
using System.IO;
using System.Threading;

namespace Firmware.Host
{
    public static class Program
    {
        /// <summary>The twin (or an ota command); the exit codes are <see cref="TwinExitCodes"/>'s.</summary>
        public static int Main(string[] args)
        {
            return new TwinCommandLine().Invoke(args, Console.Out, Console.Error, Run);
        }

        private static int Run(TwinOptions options)
        {
            using CancellationTokenSource stop = new CancellationTokenSource();
            ConsoleCancelEventHandler cancel = (sender, e) =>
            {
                // First Ctrl+C stops cleanly (the firmware finishes its step and says goodbye); a second one kills.
                if (!stop.IsCancellationRequested)
                {
                    e.Cancel = true;
                    Console.Error.WriteLine("stopping...");
                    stop.Cancel();
                }
            };
            Console.CancelKeyPress += cancel;
            try
            {
                TwinReport report = Twin.Run(options, Console.Out, stop.Token);
                report.Print(Console.Out);
                return report.ExitCode;
            }
            catch (InvalidDataException e)
            {
                Console.Error.WriteLine("error: " + e.Message);
                return TwinExitCodes.Usage;
            }
            finally
            {
                Console.CancelKeyPress -= cancel;
            }
        }
    }
}
