namespace Firmware.Setup
{
    /// <summary>Where a request stands after the bytes received so far (<see cref="HttpRequestParser.Received"/>).</summary>
    public enum HttpParse
    {
        /// <summary>More bytes are needed.</summary>
        Incomplete = 0,

        /// <summary>The request is whole: method, target, headers and body.</summary>
        Complete = 1,

        /// <summary>The request is refused with <see cref="HttpRequestParser.Status"/> and <see cref="HttpRequestParser.Problem"/>.</summary>
        Refused = 2,
    }
}
