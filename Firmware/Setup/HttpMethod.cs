namespace Firmware.Setup
{
    /// <summary>The request methods the setup page answers.</summary>
    public enum HttpMethod
    {
        None = 0,
        Get = 1,
        Head = 2,
        Post = 3,
    }
}
