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
                if (options.ReportJsonFile != null && !CanWrite(options.ReportJsonFile, out string problem))
                {
                    // Found out before the run, so that a run never ends without the report a script waits for.
                    Console.Error.WriteLine($"error: --report-json: '{options.ReportJsonFile}' cannot be written: {problem}");
                    return TwinExitCodes.Usage;
                }

                TwinReport report = Twin.Run(options, Console.Out, stop.Token);
                report.Print(Console.Out);
                if (options.ReportJsonFile != null)
                {
                    try
                    {
                        report.WriteJson(options.ReportJsonFile);
                    }
                    catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                    {
                        Console.Error.WriteLine($"error: --report-json: the report could not be written to '{options.ReportJsonFile}': {e.Message}");
                        return TwinExitCodes.Usage;
                    }
                }

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

        private static bool CanWrite(string path, out string problem)
        {
            try
            {
                using (new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write))
                {
                }

                problem = null;
                return true;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                problem = e.Message;
                return false;
            }
        }
    }
}
