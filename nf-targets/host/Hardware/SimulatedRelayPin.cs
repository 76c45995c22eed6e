using System;
using System.Collections.Generic;
using Firmware.Drivers.Bus;

namespace Firmware.Host.Hardware
{
    /// <summary>
    /// The GPIO pin of a relay module, with what it switches: every level change is recorded with its virtual
    /// time (so tests can check minimum on and off times from the wire, not from the driver's word) and, when
    /// a room is attached, drives its heater.
    /// </summary>
    public sealed class SimulatedRelayPin : IDigitalOutput
    {
        private readonly Func<long> _nowMilliseconds;
        private readonly bool _activeHigh;
        private readonly List<(long At, bool Energised)> _changes = new List<(long, bool)>();

        public SimulatedRelayPin(Func<long> nowMilliseconds, bool activeHigh = true, SimulatedRoom room = null)
        {
            _nowMilliseconds = nowMilliseconds;
            _activeHigh = activeHigh;
            Room = room;
        }

        public SimulatedRoom Room { get; }

        /// <summary>The pin's level, or null before the firmware first drove it (floating: the module's pull keeps it off).</summary>
        public bool? Level { get; private set; }

        public bool Energised => Level.HasValue && Level.Value == _activeHigh;

        /// <summary>Each change of the relay's state: (virtual ms, energised), starting with the first write.</summary>
        public IReadOnlyList<(long At, bool Energised)> Changes => _changes;

        public void Write(bool high)
        {
            bool wasEnergised = Energised;
            bool first = !Level.HasValue;
            Level = high;
            if (first || Energised != wasEnergised)
            {
                _changes.Add((_nowMilliseconds(), Energised));
            }

            if (Room != null)
            {
                Room.HeaterOn = Energised;
            }
        }
    }
}
