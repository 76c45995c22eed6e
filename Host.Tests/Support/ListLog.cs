using System.Collections.Generic;
using Firmware.Ports;

namespace Firmware.Host.Tests.Support
{
    /// <summary>Keeps every log line, for tests that read what the firmware reported.</summary>
    public sealed class ListLog : ILog
    {
        private readonly List<string> _lines = new List<string>();

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (_lines)
                {
                    return _lines.ToArray();
                }
            }
        }

        public bool IsEnabled(LogLevel level) => true;

        public void Write(LogLevel level, string source, string message)
        {
            lock (_lines)
            {
                _lines.Add(source + ": " + message);
            }
        }
    }
}
