using System;
using System.IO;
using Firmware.Ports;

namespace Firmware.Esp32.Adapters
{
    /// <summary>Reads a file deployed to the I: drive, or null when there is none.</summary>
    public static class DeployedFile
    {
        public static byte[] ReadOrNull(string path, ILog log)
        {
            try
            {
                return File.Exists(path) ? File.ReadAllBytes(path) : null;
            }
            catch (IOException e)
            {
                log.Write(LogLevel.Error, "config", "cannot read " + path + ": " + e.Message);
                return null;
            }
        }
    }
}
