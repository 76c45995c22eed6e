using System.Collections.Generic;
using Firmware.Host.Hardware;

namespace Firmware.Host.Fleet
{
    /// <summary>
    /// A fleet device's power cuts and brown-outs, drawn in advance: each one a moment of the time line and how long
    /// the power stays off (milliseconds for a brown-out, minutes to hours for a cut).
    /// </summary>
    public sealed class PowerCutSchedule : IPowerSupply
    {
        private readonly List<(long At, long Off)> _cuts = new List<(long At, long Off)>();
        private int _next;
        private volatile bool _failed;

        /// <summary>Adds a cut; cuts are added in time order.</summary>
        public void Add(long at, long offMilliseconds)
        {
            if (_cuts.Count > 0 && at <= _cuts[^1].At)
            {
                throw new System.ArgumentException("power cuts are added in time order");
            }

            _cuts.Add((at, offMilliseconds));
        }

        /// <summary>Cuts planned in the run.</summary>
        public int Planned => _cuts.Count;

        public bool Failed => _failed;

        public long OffMilliseconds => _next < _cuts.Count ? _cuts[_next].Off : 0;

        public bool CutBetween(long from, long until, out long at)
        {
            while (!_failed && _next < _cuts.Count && _cuts[_next].At <= from)
            {
                // It fell while the board was off already, or before it was installed.
                _next++;
            }

            if (_next >= _cuts.Count)
            {
                at = long.MaxValue;
                return false;
            }

            at = _cuts[_next].At;
            return at > from && at <= until;
        }

        public void Fail() => _failed = true;

        public void Restore()
        {
            _failed = false;
            _next++;
        }
    }
}
