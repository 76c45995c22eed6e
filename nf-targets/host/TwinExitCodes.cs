namespace Firmware.Host
{
    /// <summary>What the twin's exit code says (listed in its --help and README); the ota commands have their own (<see cref="Ota.OtaTool"/>).</summary>
    public static class TwinExitCodes
    {
        /// <summary>The run ended (at --duration or Ctrl+C) and the device reached the broker at least once, or help was shown.</summary>
        public const int Success = 0;

        /// <summary>A bad option, value or file: nothing ran.</summary>
        public const int Usage = 2;

        /// <summary>The device tried and never reached the broker in the whole run (refused, unreachable, TLS or login failed, no network).</summary>
        public const int BrokerNeverReached = 3;
    }
}
