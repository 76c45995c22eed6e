namespace Firmware.Tests.MSTest
{
    public enum DeviceTestKind
    {
        Setup,
        Test,
        Cleanup,
    }
}
