using System;
using System.IO;
using System.Threading;

namespace Firmware.Host
{
    public static class Program
    {
        public static int Main(string[] args)
        {
            if (args.Length > 0 && args[0] == "ota")
            {
                return Ota.OtaTool.Run(args[1..], Console.Out, Console.Error);
            }

            TwinOptions options = TwinOptions.Parse(args, out string error);
            if (options == null)
            {
                Console.Error.WriteLine("error: " + error);
                return 2;
            }

            if (options.ShowHelp)
            {
                Console.WriteLine(TwinOptions.Usage);
                return 0;
            }

            using CancellationTokenSource stop = new CancellationTokenSource();
            Console.CancelKeyPress += (sender, e) =>
            {
                // First Ctrl+C stops cleanly (the firmware finishes its step and says goodbye); a second one kills.
                if (!stop.IsCancellationRequested)
                {
                    e.Cancel = true;
                    Console.Error.WriteLine("stopping...");
                    stop.Cancel();
                }
            };

            try
            {
                TwinReport report = Twin.Run(options, Console.Out, stop.Token);
                report.Print(Console.Out);
                return 0;
            }
            catch (InvalidDataException e)
            {
                Console.Error.WriteLine("error: " + e.Message);
                return 2;
            }
        }
    }
}
