using System.Collections.Generic;
using Firmware.Ports;

namespace Firmware.Host.Hardware
{
    /// <summary>A log that keeps warnings and errors (for a scenario's report) and counts the rest.</summary>
    public sealed class CountingLog : ILog
    {
        private readonly List<string> _problems = new List<string>();

        public int Messages { get; private set; }

        public IReadOnlyList<string> Problems => _problems;

        public bool IsEnabled(LogLevel level) => level >= LogLevel.Warning;

        public void Write(LogLevel level, string source, string message)
        {
            Messages++;
            if (level >= LogLevel.Warning)
            {
                _problems.Add(source + ": " + message);
            }
        }
    }
}
