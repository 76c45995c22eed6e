namespace Firmware.Tools.NanoGate
{
    /// <summary>One thing the device cannot run, with where it is.</summary>
    public sealed record GateFinding(string File, int Line, int Column, string Rule, string Message)
    {
        public override string ToString() => $"{File}({Line},{Column}): {Rule}: {Message}";
    }
}
