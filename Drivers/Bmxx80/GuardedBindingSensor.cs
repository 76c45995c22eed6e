using Firmware.Ports;

namespace Firmware.Drivers.Bmxx80
{
    /// <summary>
    /// What the sensors read through a binding inside our guard (<see cref="BoschGuard"/>) share: the sensor's name and
    /// channels, one guarded conversion per measurement (after one that gave no value the binding is built afresh), the
    /// values that passed the guard copied into the reading and every other channel written as 0 with its bit clear
    /// (never an invented or stale value), and the measurement's record in <see cref="Health"/> (failed, recovered, why).
    /// A subclass names the binding value behind each channel and runs the chip's own checks in <see cref="Convert"/>.
    /// One attempt per wake: the next wake tries again. Allocation-free except to describe a fault.
    /// </summary>
    public abstract class GuardedBindingSensor : ISensor
    {
        private readonly string _name;
        private readonly BoschGuard _guard;
        private readonly SensorHealth _health;
        private readonly SensorChannel[] _channels;
        private readonly int[] _sources;
        private readonly int[] _results;
        private readonly int _allChannels;

        /// <param name="name">The sensor's name, e.g. "bmp280".</param>
        /// <param name="faultPrefix">Starts every fault, e.g. "bmp280 at 0x76: ".</param>
        /// <param name="guard">The guard the chip is read through (shared by the sensors of one chip).</param>
        /// <param name="channels">The sensor's channels, in the order of the reading.</param>
        /// <param name="sources">For each channel, the index of its value in <paramref name="results"/> (<see cref="Bmxx80Values"/>).</param>
        /// <param name="results">Where <see cref="Convert"/> leaves the binding's values.</param>
        protected GuardedBindingSensor(string name, string faultPrefix, BoschGuard guard, SensorChannel[] channels, int[] sources, int[] results)
        {
            _name = name;
            _guard = guard;
            _health = new SensorHealth(faultPrefix);
            _channels = channels;
            _sources = sources;
            _results = results;
            _allChannels = (1 << channels.Length) - 1;
        }

        public string Name
        {
            get { return _name; }
        }

        public int ChannelCount
        {
            get { return _channels.Length; }
        }

        public string Fault
        {
            get { return _health.Fault; }
        }

        /// <summary>The measurement record: failures, recoveries, whether the last gave no value.</summary>
        public SensorHealth Health
        {
            get { return _health; }
        }

        /// <summary>The guard: reads through the binding, times the binding was built.</summary>
        public BoschGuard Guard
        {
            get { return _guard; }
        }

        /// <summary>Where <see cref="Convert"/> leaves the binding's values, indexed by <see cref="Bmxx80Values"/>.</summary>
        protected int[] Results
        {
            get { return _results; }
        }

        public SensorChannel GetChannel(int index)
        {
            return _channels[index];
        }

        public int Measure(int[] values, int offset)
        {
            _guard.Begin();
            int valid = _guard.End(Convert());
            int mask = 0;
            for (int channel = 0; channel < _sources.Length; channel++)
            {
                int source = _sources[channel];
                if ((valid & (1 << source)) != 0)
                {
                    values[offset + channel] = _results[source];
                    mask |= 1 << channel;
                }
                else
                {
                    values[offset + channel] = 0;
                }
            }

            _health.Record(mask, _allChannels, _guard.Problem);
            return mask;
        }

        /// <summary>
        /// One guarded conversion, within a measurement the guard has begun: the mask (bits of <see cref="Bmxx80Values"/>)
        /// of the values in the results that passed the guard; why the others did not is recorded in the guard.
        /// </summary>
        protected abstract int Convert();
    }
}
