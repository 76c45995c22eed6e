using System.Collections.Generic;
using System.Text;

namespace Firmware.Host.Mqtt
{
    /// <summary>
    /// What a broker process wrote to its log, kept for failure messages within a bound: its first lines (the start, and
    /// why it failed to) and its newest ones, with a count of the lines left out between them. A broker that warns at
    /// every connection of a month-long fleet run writes half a million lines.
    /// </summary>
    public sealed class BrokerLog
    {
        private readonly int _headLines;
        private readonly int _tailLines;
        private readonly List<string> _head = new List<string>();
        private readonly Queue<string> _tail = new Queue<string>();
        private long _leftOut;

        public BrokerLog(int headLines, int tailLines)
        {
            _headLines = headLines;
            _tailLines = tailLines;
        }

        /// <summary>Lines written in all, those left out included.</summary>
        public long Lines { get; private set; }

        public void Add(string line)
        {
            lock (_head)
            {
                Lines++;
                if (_head.Count < _headLines)
                {
                    _head.Add(line);
                    return;
                }

                _tail.Enqueue(line);
                if (_tail.Count > _tailLines)
                {
                    _tail.Dequeue();
                    _leftOut++;
                }
            }
        }

        public override string ToString()
        {
            lock (_head)
            {
                StringBuilder text = new StringBuilder();
                foreach (string line in _head)
                {
                    Append(text, line);
                }

                if (_leftOut > 0)
                {
                    Append(text, $"[{_leftOut} lines left out]");
                }

                foreach (string line in _tail)
                {
                    Append(text, line);
                }

                return text.ToString();
            }
        }

        private static void Append(StringBuilder text, string line)
        {
            if (text.Length > 0)
            {
                text.Append('\n');
            }

            text.Append(line);
        }
    }
}
