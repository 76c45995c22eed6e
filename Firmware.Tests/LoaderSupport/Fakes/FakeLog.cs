using System.Collections;
using Firmware.Ports;

namespace Firmware.Tests.Fakes
{
    /// <summary>Keeps every message, so tests can check what was reported.</summary>
    public sealed class FakeLog : ILog
    {
        private readonly ArrayList _lines = new ArrayList();

        public bool Enabled { get; set; }

        public int Count
        {
            get { return _lines.Count; }
        }

        public bool IsEnabled(LogLevel level)
        {
            return Enabled || level >= LogLevel.Warning;
        }

        public void Write(LogLevel level, string source, string message)
        {
            _lines.Add(source + ": " + message);
        }

        public bool Contains(string text)
        {
            for (int i = 0; i < _lines.Count; i++)
            {
                if (TestText.IndexOf(((string)_lines[i]), text) >= 0)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
