namespace Firmware.Device.Phases
{
    /// <summary>
    /// Mains, between samples, while a participant wants a session (an image on trial waiting for its health check)
    /// and the session is down: one more attempt, whatever the backoff, so the trial learns within a minute that the
    /// broker answers. It leaves the backoff's schedule (<see cref="WakeContext.ReconnectAt"/>) as it was.
    /// </summary>
    public sealed class TrialRetryPhase : IWakePhase
    {
        public void Run(WakeContext context)
        {
            MainsConnectPhase.Connect(context);
        }
    }
}
