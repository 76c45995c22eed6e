using Firmware.Ports;

namespace Firmware.Tests.Fakes
{
    public sealed class FakeNetwork : INetwork
    {
        public bool Available { get; set; }

        public int Connects { get; private set; }

        public bool IsConnected { get; private set; }

        public int SignalStrength
        {
            get { return -60; }
        }

        public string LastError { get; private set; }

        public bool Connect(int timeoutMilliseconds)
        {
            Connects++;
            IsConnected = Available;
            LastError = Available ? null : "no access point";
            return Available;
        }

        public void Disconnect()
        {
            IsConnected = false;
        }
    }
}
