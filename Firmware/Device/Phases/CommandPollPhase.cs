namespace Firmware.Device.Phases
{
    /// <summary>
    /// Mains, between samples while the session is up: takes the commands that have arrived (without waiting),
    /// within a fresh session budget, so a command is handled within a poll interval rather than at the next sample; a
    /// thermostat change is published in the retained state at once (Home Assistant shows the new target from it).
    /// </summary>
    public sealed class CommandPollPhase : IWakePhase
    {
        public void Run(WakeContext context)
        {
            context.Budget.Start((long)context.Config.SessionBudgetSeconds * 1000);
            context.Session.TakeCommands(0);
        }
    }
}
