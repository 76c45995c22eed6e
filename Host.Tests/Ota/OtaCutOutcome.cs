namespace Firmware.Host.Tests.Ota
{
    /// <summary>What one run of an OTA power-cut script did: flash operations from its start, cuts that happened, bytes fetched again.</summary>
    internal sealed class OtaCutOutcome
    {
        public long Operations { get; set; }

        public int Cuts { get; set; }

        public long Refetched { get; set; }
    }
}
