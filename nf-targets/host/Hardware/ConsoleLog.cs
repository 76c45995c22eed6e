using System;
using System.IO;
using Firmware.Ports;

namespace Firmware.Host.Hardware
{
    /// <summary>The firmware's log on the terminal, stamped with the twin's virtual time.</summary>
    public sealed class ConsoleLog : ILog
    {
        private readonly ITwinClock _clock;
        private readonly TextWriter _output;
        private readonly LogLevel _minimum;
        private readonly object _gate = new object();

        public ConsoleLog(ITwinClock clock, TextWriter output, LogLevel minimum)
        {
            _clock = clock;
            _output = output;
            _minimum = minimum;
        }

        public bool IsEnabled(LogLevel level) => level >= _minimum;

        public void Write(LogLevel level, string source, string message)
        {
            if (!IsEnabled(level))
            {
                return;
            }

            TimeSpan t = TimeSpan.FromMilliseconds(_clock.TotalMilliseconds);
            string tag = level switch
            {
                LogLevel.Debug => "debug",
                LogLevel.Info => "info ",
                LogLevel.Warning => "warn ",
                _ => "error",
            };
            lock (_gate)
            {
                _output.WriteLine($"[{(int)t.TotalDays}d {t:hh\\:mm\\:ss}] {tag} {source,-8} {message}");
            }
        }
    }
}
