namespace Firmware.Host.Ota.Rollout
{
    /// <summary>A publish the rollout asks for: an announce, a withdrawal (empty and retained), or its progress.</summary>
    public sealed record RolloutPublication(string Topic, byte[] Payload, bool Retain);
}
