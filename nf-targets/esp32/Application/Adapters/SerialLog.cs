using System;
using Firmware.Ports;

namespace Firmware.Esp32.Adapters
{
    /// <summary>The log on the serial console (what Visual Studio's output window and a serial monitor show).</summary>
    public sealed class SerialLog : ILog
    {
        private readonly LogLevel _minimum;

        public SerialLog(LogLevel minimum)
        {
            _minimum = minimum;
        }

        public bool IsEnabled(LogLevel level)
        {
            return level >= _minimum;
        }

        public void Write(LogLevel level, string source, string message)
        {
            if (level < _minimum)
            {
                return;
            }

            string tag = level == LogLevel.Error ? "E " : level == LogLevel.Warning ? "W " : level == LogLevel.Info ? "I " : "D ";
            Console.WriteLine(tag + source + ": " + message);
        }
    }
}
