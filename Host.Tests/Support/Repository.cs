using System;
using System.IO;

namespace Firmware.Host.Tests.Support
{
    /// <summary>Finds the repository the tests were built from.</summary>
    public static class Repository
    {
        public static string Root
        {
            get
            {
                string dir = AppContext.BaseDirectory;
                while (dir != null && !File.Exists(Path.Combine(dir, "Firmware.sln")))
                {
                    dir = Path.GetDirectoryName(dir);
                }

                return dir ?? throw new InvalidOperationException("Firmware.sln not found above " + AppContext.BaseDirectory);
            }
        }

        public static string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));
    }
}
