using System;
using System.IO;
using System.Security.Cryptography;
using Org.BouncyCastle.Math.EC.Rfc8032;
using Org.BouncyCastle.Security;

namespace Firmware.Host.Ota
{
    /// <summary>
    /// Ed25519 key pairs for signing manifests, and their files: one line of text each, "ed25519-private &lt;hex&gt;"
    /// (keep it offline) and "ed25519-public &lt;hex&gt;" (compiled into the loader or added by a key update). The
    /// prefix lets the tool tell a private key from a public one and say so.
    /// </summary>
    public static class OtaKeys
    {
        public const string PrivatePrefix = "ed25519-private ";
        public const string PublicPrefix = "ed25519-public ";

        public static (byte[] PrivateKey, byte[] PublicKey) Generate()
        {
            byte[] privateKey = new byte[Ed25519.SecretKeySize];
            new SecureRandom().NextBytes(privateKey);
            return (privateKey, PublicOf(privateKey));
        }

        /// <summary>A key pair from a seed, for tests that need the same keys on every run.</summary>
        public static (byte[] PrivateKey, byte[] PublicKey) FromSeed(int seed)
        {
            byte[] privateKey = new byte[Ed25519.SecretKeySize];
            new Random(seed).NextBytes(privateKey);
            return (privateKey, PublicOf(privateKey));
        }

        public static byte[] PublicOf(byte[] privateKey)
        {
            byte[] publicKey = new byte[Ed25519.PublicKeySize];
            Ed25519.GeneratePublicKey(privateKey, 0, publicKey, 0);
            return publicKey;
        }

        /// <summary>The id manifests name a key by: the first 8 bytes of the SHA-256 of the public key.</summary>
        public static byte[] KeyId(byte[] publicKey) => SHA256.HashData(publicKey).AsSpan(0, 8).ToArray();

        public static string KeyIdText(byte[] publicKey) => Convert.ToHexStringLower(KeyId(publicKey));

        /// <summary>Writes a private key file readable by its owner only (mode 0600 on Unix, also when it replaces a file).</summary>
        public static void WritePrivate(string path, byte[] privateKey)
        {
            FileStreamOptions options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                if (File.Exists(path))
                {
                    // The mode is given when a file is created: an existing one is closed to others before the key goes in.
                    File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }
            }

            using StreamWriter writer = new StreamWriter(path, System.Text.Encoding.ASCII, options);
            writer.Write(PrivatePrefix + Convert.ToHexStringLower(privateKey) + "\n");
        }

        public static void WritePublic(string path, byte[] publicKey) => File.WriteAllText(path, PublicPrefix + Convert.ToHexStringLower(publicKey) + "\n");

        /// <summary>Reads a private key file; throws <see cref="InvalidDataException"/> with a clear message otherwise.</summary>
        public static byte[] ReadPrivate(string path) => Read(path, PrivatePrefix, PublicPrefix, "a private key", "a public key (.pub); signing needs the private key (.key)");

        /// <summary>Reads a public key file, or the public half of a private key file.</summary>
        public static byte[] ReadPublic(string path)
        {
            string text = ReadText(path);
            return text.StartsWith(PrivatePrefix, StringComparison.Ordinal)
                ? PublicOf(Read(path, PrivatePrefix, PublicPrefix, "a private key", null))
                : Read(path, PublicPrefix, PrivatePrefix, "a public key", null);
        }

        private static byte[] Read(string path, string prefix, string otherPrefix, string what, string otherMessage)
        {
            string text = ReadText(path);
            if (otherMessage != null && text.StartsWith(otherPrefix, StringComparison.Ordinal))
            {
                throw new InvalidDataException($"{path} is {otherMessage}");
            }

            if (!text.StartsWith(prefix, StringComparison.Ordinal))
            {
                throw new InvalidDataException($"{path} is not {what} file (it must hold one line: {prefix.Trim()} <64 hex digits>)");
            }

            string hex = text.Substring(prefix.Length).Trim();
            byte[] key;
            try
            {
                key = Convert.FromHexString(hex);
            }
            catch (FormatException)
            {
                throw new InvalidDataException($"{path}: the key is not hexadecimal");
            }

            if (key.Length != 32)
            {
                throw new InvalidDataException($"{path}: an Ed25519 key is 32 bytes, this one has {key.Length}");
            }

            return key;
        }

        private static string ReadText(string path)
        {
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"no file '{path}'", path);
            }

            return File.ReadAllText(path);
        }
    }
}
