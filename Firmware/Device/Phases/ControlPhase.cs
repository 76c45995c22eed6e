using Firmware.Readings;

namespace Firmware.Device.Phases
{
    /// <summary>
    /// The thermostat (when the platform has a relay) decides on the fresh reading, before any network step, so a
    /// slow or absent network cannot delay it; its decision and setpoint then fill the reading's last channels, so
    /// the reading carries the decision taken on its own sample. Without a thermostat it does nothing.
    /// </summary>
    public sealed class ControlPhase : IWakePhase
    {
        public void Run(WakeContext context)
        {
            if (context.Thermostat == null)
            {
                return;
            }

            Reading reading = context.Reading;
            int measured = context.MeasuredChannelCount;
            context.Thermostat.Update(reading, context.SampledAt);
            int state = context.ThermostatState.Measure(reading.Values, measured);
            reading.ValidMask = (reading.ValidMask & ((1 << measured) - 1)) | (state << measured);
        }
    }
}
