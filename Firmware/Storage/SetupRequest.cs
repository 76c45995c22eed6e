namespace Firmware.Storage
{
    /// <summary>
    /// When the device opens its setup access point, kept under <see cref="StateKeys.Setup"/> (version 1: flags u8):
    /// <list type="bullet">
    /// <item><see cref="Requested"/>: open it at the next boot (the setup button, a factory reset, a first connection
    /// that failed, or an access point that comes up only after a restart);</item>
    /// <item><see cref="Offered"/>: it was open and nobody finished setup; it is not opened again by itself until the
    /// next power-on, so a device nobody sets up does not spend its battery on an access point at every wake;</item>
    /// <item><see cref="NetworkReached"/>: the device has reached its network with the settings it has (cleared when
    /// setup stores new ones): until then, a failed connection asks for setup.</item>
    /// </list>
    /// No record reads as all false.
    /// </summary>
    public sealed class SetupRequest
    {
        private const int Version = 1;
        private const int RequestedBit = 1;
        private const int OfferedBit = 2;
        private const int ReachedBit = 4;
        private readonly byte[] _record = new byte[1];

        public bool Requested { get; set; }

        public bool Offered { get; set; }

        public bool NetworkReached { get; set; }

        public void Load(StateStore state)
        {
            int version;
            int length = state.Read(StateKeys.Setup, _record, 0, out version);
            int flags = length == 1 && version == Version ? _record[0] : 0;
            Requested = (flags & RequestedBit) != 0;
            Offered = (flags & OfferedBit) != 0;
            NetworkReached = (flags & ReachedBit) != 0;
        }

        /// <summary>Writes the flags (the caller syncs).</summary>
        public void Save(StateStore state)
        {
            _record[0] = (byte)((Requested ? RequestedBit : 0) | (Offered ? OfferedBit : 0) | (NetworkReached ? ReachedBit : 0));
            state.Write(StateKeys.Setup, Version, _record, 0, 1);
        }
    }
}
