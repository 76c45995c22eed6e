using System;

namespace Firmware.Tools.Bench
{
    public static class Program
    {
        public static int Main(string[] args)
        {
            string scenario = args.Length > 0 ? args[0] : "";
            switch (scenario)
            {
                case "storage":
                    StorageBenchmark.Run(Console.Out);
                    return 0;
                default:
                    Console.Error.WriteLine("usage: dotnet run -c Release --project tools/Bench -- storage");
                    return 2;
            }
        }
    }
}
