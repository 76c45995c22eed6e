namespace Firmware.Device.Phases
{
    /// <summary>
    /// Mains, between samples, when a command arrived while the loop waited for one (<see cref="RadioSession.WaitForCommand"/>):
    /// takes it and whatever else has arrived (without waiting), within a fresh session budget; a thermostat change is
    /// published in the retained state at once (Home Assistant shows the new target from it).
    /// </summary>
    public sealed class CommandPhase : IWakePhase
    {
        public void Run(WakeContext context)
        {
            context.Budget.Start((long)context.Config.SessionBudgetSeconds * 1000);
            context.Session.TakeCommands(0);
        }
    }
}
