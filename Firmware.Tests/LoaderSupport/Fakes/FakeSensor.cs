using Firmware.Ports;

namespace Firmware.Tests.Fakes
{
    /// <summary>A sensor returning values the test sets, or failing as the test says.</summary>
    public sealed class FakeSensor : ISensor
    {
        private readonly SensorChannel[] _channels;

        /// <summary>A three-channel climate sensor (temperature, humidity, pressure), as most device tests need.</summary>
        public static FakeSensor Climate()
        {
            return new FakeSensor("climate", new SensorChannel[]
            {
                new SensorChannel("temperature", "Cel", -2),
                new SensorChannel("humidity", "%RH", -1),
                new SensorChannel("pressure", "Pa", 0),
            });
        }

        public FakeSensor(string name, SensorChannel[] channels)
        {
            Name = name;
            _channels = channels;
            Values = new int[channels.Length];
            ValidMask = channels.Length == 32 ? -1 : (1 << channels.Length) - 1;
        }

        public string Name { get; private set; }

        public int ChannelCount
        {
            get { return _channels.Length; }
        }

        public int[] Values { get; private set; }

        public int ValidMask { get; set; }

        public string FaultToReport { get; set; }

        public bool Throws { get; set; }

        public int Measurements { get; private set; }

        /// <summary>When set, each measurement takes <see cref="MeasureMilliseconds"/> on this clock (a real sensor's conversion time).</summary>
        public FakeClock Clock { get; set; }

        public int MeasureMilliseconds { get; set; }

        public string Fault { get; private set; }

        public SensorChannel GetChannel(int index)
        {
            return _channels[index];
        }

        public int Measure(int[] values, int offset)
        {
            Measurements++;
            if (Clock != null)
            {
                Clock.Sleep(MeasureMilliseconds);
            }

            if (Throws)
            {
                throw new System.InvalidOperationException("driver bug");
            }

            for (int i = 0; i < _channels.Length; i++)
            {
                values[offset + i] = (ValidMask & (1 << i)) != 0 ? Values[i] : 0;
            }

            Fault = FaultToReport;
            return ValidMask;
        }
    }
}
