namespace Firmware.Ports
{
    /// <summary>What one sensor channel measures, and how its fixed-point integer is scaled.</summary>
    public sealed class SensorChannel
    {
        /// <param name="name">SenML record name, e.g. "temperature".</param>
        /// <param name="unit">SenML unit (RFC 8428 section 12.1), e.g. "Cel", "%RH", "Pa", "V".</param>
        /// <param name="scale">Decimal exponent: the value means value × 10^scale (e.g. -2 for centi-units).</param>
        public SensorChannel(string name, string unit, int scale)
        {
            Name = name;
            Unit = unit;
            Scale = scale;
        }

        public string Name { get; private set; }

        public string Unit { get; private set; }

        public int Scale { get; private set; }
    }
}
