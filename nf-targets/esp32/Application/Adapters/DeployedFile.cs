using System;
using System.IO;
using Firmware.Ports;

namespace Firmware.Esp32.Adapters
{
    /// <summary>Reads a file deployed to the I: drive, or null when there is none or it cannot be used.</summary>
    public static class DeployedFile
    {
        /// <param name="maxBytes">Larger files are refused before anything is allocated for them.</param>
        public static byte[] ReadOrNull(string path, int maxBytes, ILog log)
        {
            try
            {
                if (!File.Exists(path))
                {
                    return null;
                }

                using (FileStream stream = new FileStream(path, FileMode.Open, FileAccess.Read))
                {
                    long length = stream.Length;
                    if (length > maxBytes)
                    {
                        log.Write(LogLevel.Error, "config", path + " has " + length.ToString() + " bytes; at most " + maxBytes.ToString() + " are read");
                        return null;
                    }

                    byte[] data = new byte[(int)length];
                    int read = 0;
                    while (read < data.Length)
                    {
                        int n = stream.Read(data, read, data.Length - read);
                        if (n <= 0)
                        {
                            log.Write(LogLevel.Error, "config", path + " ended after " + read.ToString() + " of " + length.ToString() + " bytes");
                            return null;
                        }

                        read += n;
                    }

                    return data;
                }
            }
            catch (IOException e)
            {
                log.Write(LogLevel.Error, "config", "cannot read " + path + ": " + e.Message);
                return null;
            }
        }
    }
}
