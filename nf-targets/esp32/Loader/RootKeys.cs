namespace Firmware.Esp32.Loader
{
    /// <summary>
    /// The Ed25519 public keys this loader trusts for OTA manifests: the roots of trust, frozen with the loader. Key
    /// updates signed by a trusted key add and revoke other keys in the field; a root key can only be revoked by another
    /// root key, so keep two or three, each offline. Paste yours here (the bytes of each NAME.pub from
    /// "dotnet run --project nf-targets/host -- ota keygen --out NAME") before flashing the loader: with none, every
    /// manifest is refused as signed by an unknown key.
    /// </summary>
    public static class RootKeys
    {
        public static byte[][] All()
        {
            return new byte[][]
            {
            };
        }
    }
}
