namespace Firmware.Host.Ota.Rollout
{
    /// <summary>A message the rollout took from the broker, with the time it arrived (the rollout's clock, Unix ms).</summary>
    public sealed record RolloutMessage(string Topic, byte[] Payload, bool Retained, long At);
}
