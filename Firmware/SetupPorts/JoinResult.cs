namespace Firmware.SetupPorts
{
    /// <summary>How a trial join (<see cref="ISetupRadio.BeginJoin"/>) went: each failure is a reason a person can act on.</summary>
    public enum JoinResult
    {
        /// <summary>Still joining (or nothing was begun).</summary>
        Pending = 0,

        /// <summary>Associated and given an IPv4 address.</summary>
        Joined = 1,

        /// <summary>The network refused the password.</summary>
        WrongPassword = 2,

        /// <summary>No network of that name answered.</summary>
        NoSuchNetwork = 3,

        /// <summary>Associated, but no address came (the network's DHCP server did not answer).</summary>
        NoAddress = 4,

        /// <summary>Any other failure (see <see cref="ISetupRadio.LastError"/>).</summary>
        Failed = 5,
    }
}
