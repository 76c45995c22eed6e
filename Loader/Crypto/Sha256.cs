using System;
using System.Threading;

namespace Firmware.Crypto
{
    /// <summary>
    /// SHA-256 (FIPS 180-4). Incremental; all buffers are allocated once in the constructor so that
    /// Update/Final allocate nothing. An instance is not thread-safe.
    /// </summary>
    public sealed class Sha256
    {
        /// <summary>Digest length in bytes.</summary>
        public const int HashSize = 32;

        /// <summary>Internal block length in bytes.</summary>
        public const int BlockSize = 64;

        private static readonly uint[] K =
        {
            0x428a2f98U, 0x71374491U, 0xb5c0fbcfU, 0xe9b5dba5U, 0x3956c25bU, 0x59f111f1U, 0x923f82a4U, 0xab1c5ed5U,
            0xd807aa98U, 0x12835b01U, 0x243185beU, 0x550c7dc3U, 0x72be5d74U, 0x80deb1feU, 0x9bdc06a7U, 0xc19bf174U,
            0xe49b69c1U, 0xefbe4786U, 0x0fc19dc6U, 0x240ca1ccU, 0x2de92c6fU, 0x4a7484aaU, 0x5cb0a9dcU, 0x76f988daU,
            0x983e5152U, 0xa831c66dU, 0xb00327c8U, 0xbf597fc7U, 0xc6e00bf3U, 0xd5a79147U, 0x06ca6351U, 0x14292967U,
            0x27b70a85U, 0x2e1b2138U, 0x4d2c6dfcU, 0x53380d13U, 0x650a7354U, 0x766a0abbU, 0x81c2c92eU, 0x92722c85U,
            0xa2bfe8a1U, 0xa81a664bU, 0xc24b8b70U, 0xc76c51a3U, 0xd192e819U, 0xd6990624U, 0xf40e3585U, 0x106aa070U,
            0x19a4c116U, 0x1e376c08U, 0x2748774cU, 0x34b0bcb5U, 0x391c0cb3U, 0x4ed8aa4aU, 0x5b9cca4fU, 0x682e6ff3U,
            0x748f82eeU, 0x78a5636fU, 0x84c87814U, 0x8cc70208U, 0x90befffaU, 0xa4506cebU, 0xbef9a3f7U, 0xc67178f2U
        };

        // Shared instance for the static one-shot Hash; guarded by SharedLock so it allocates nothing per call.
        private static readonly object SharedLock = new object();
        private static Sha256 shared;

        private readonly uint[] state = new uint[8];
        private readonly uint[] w = new uint[64];
        private readonly byte[] buffer = new byte[BlockSize];
        private int bufferLength;
        private long byteCount;

        /// <summary>Creates a hasher ready for Update.</summary>
        public Sha256()
        {
            Reset();
        }

        /// <summary>Restarts the hash computation (Final also does this).</summary>
        public void Reset()
        {
            state[0] = 0x6a09e667U;
            state[1] = 0xbb67ae85U;
            state[2] = 0x3c6ef372U;
            state[3] = 0xa54ff53aU;
            state[4] = 0x510e527fU;
            state[5] = 0x9b05688cU;
            state[6] = 0x1f83d9abU;
            state[7] = 0x5be0cd19U;
            bufferLength = 0;
            byteCount = 0;
        }

        /// <summary>Absorbs data[offset .. offset+count).</summary>
        public void Update(byte[] data, int offset, int count)
        {
            if (data == null)
            {
                throw new ArgumentNullException("data");
            }

            // Written so that no int overflow can make a bad range look valid.
            if (offset < 0 || count < 0 || offset > data.Length - count)
            {
                throw new ArgumentOutOfRangeException("count", "offset and count must lie within the data");
            }

            byteCount += count;

            if (bufferLength > 0)
            {
                int n = BlockSize - bufferLength;
                if (n > count)
                {
                    n = count;
                }

                Array.Copy(data, offset, buffer, bufferLength, n);
                bufferLength += n;
                offset += n;
                count -= n;
                if (bufferLength < BlockSize)
                {
                    return;
                }

                ProcessBlock(buffer, 0);
                bufferLength = 0;
            }

            // Whole blocks are hashed straight from the caller's array: no copy.
            while (count >= BlockSize)
            {
                ProcessBlock(data, offset);
                offset += BlockSize;
                count -= BlockSize;
            }

            if (count > 0)
            {
                Array.Copy(data, offset, buffer, 0, count);
                bufferLength = count;
            }
        }

        /// <summary>Writes the 32-byte digest to output[outputOffset..] and resets the instance.</summary>
        public void Final(byte[] output, int outputOffset)
        {
            if (output == null)
            {
                throw new ArgumentNullException("output");
            }

            if (outputOffset < 0 || outputOffset > output.Length - HashSize)
            {
                throw new ArgumentOutOfRangeException("outputOffset", "the hash must fit in the output at outputOffset");
            }

            long bitLength = byteCount << 3;
            byte[] b = buffer;
            int n = bufferLength;
            b[n++] = 0x80;
            if (n > BlockSize - 8)
            {
                // No room for the 64-bit length: pad out this block and use one more.
                while (n < BlockSize)
                {
                    b[n++] = 0;
                }

                ProcessBlock(b, 0);
                n = 0;
            }

            while (n < BlockSize - 8)
            {
                b[n++] = 0;
            }

            uint hi = (uint)(bitLength >> 32);
            uint lo = (uint)bitLength;
            b[56] = (byte)(hi >> 24);
            b[57] = (byte)(hi >> 16);
            b[58] = (byte)(hi >> 8);
            b[59] = (byte)hi;
            b[60] = (byte)(lo >> 24);
            b[61] = (byte)(lo >> 16);
            b[62] = (byte)(lo >> 8);
            b[63] = (byte)lo;
            ProcessBlock(b, 0);

            for (int i = 0; i < 8; i++)
            {
                uint v = state[i];
                int o = outputOffset + (i << 2);
                output[o] = (byte)(v >> 24);
                output[o + 1] = (byte)(v >> 16);
                output[o + 2] = (byte)(v >> 8);
                output[o + 3] = (byte)v;
            }

            Reset();
        }

        /// <summary>
        /// One-shot SHA-256 of data[offset .. offset+count) into output[outputOffset..].
        /// Uses one shared instance under a lock, so it allocates nothing after the first call.
        /// </summary>
        public static void Hash(byte[] data, int offset, int count, byte[] output, int outputOffset)
        {
            Monitor.Enter(SharedLock);
            try
            {
                if (shared == null)
                {
                    shared = new Sha256();
                }

                shared.Reset();
                shared.Update(data, offset, count);
                shared.Final(output, outputOffset);
            }
            finally
            {
                Monitor.Exit(SharedLock);
            }
        }

        private void ProcessBlock(byte[] data, int offset)
        {
            uint[] x = w;
            for (int i = 0; i < 16; i++)
            {
                int o = offset + (i << 2);
                x[i] = ((uint)data[o] << 24) | ((uint)data[o + 1] << 16) | ((uint)data[o + 2] << 8) | data[o + 3];
            }

            for (int i = 16; i < 64; i++)
            {
                uint a = x[i - 2];
                uint b = x[i - 15];
                x[i] = (((a >> 17) | (a << 15)) ^ ((a >> 19) | (a << 13)) ^ (a >> 10)) + x[i - 7]
                    + (((b >> 7) | (b << 25)) ^ ((b >> 18) | (b << 14)) ^ (b >> 3)) + x[i - 16];
            }

            uint s0 = state[0];
            uint s1 = state[1];
            uint s2 = state[2];
            uint s3 = state[3];
            uint s4 = state[4];
            uint s5 = state[5];
            uint s6 = state[6];
            uint s7 = state[7];
            uint[] k = K;

            // Eight rounds per iteration with rotated roles, so no variable shuffling is needed.
            for (int t = 0; t < 64; t += 8)
            {
s7 += (((s4 >> 6) | (s4 << 26)) ^ ((s4 >> 11) | (s4 << 21)) ^ ((s4 >> 25) | (s4 << 7))) + ((s4 & s5) ^ (~s4 & s6)) + k[t] + x[t];
                s3 += s7;
                s7 += (((s0 >> 2) | (s0 << 30)) ^ ((s0 >> 13) | (s0 << 19)) ^ ((s0 >> 22) | (s0 << 10))) + ((s0 & s1) ^ (s0 & s2) ^ (s1 & s2));
                s6 += (((s3 >> 6) | (s3 << 26)) ^ ((s3 >> 11) | (s3 << 21)) ^ ((s3 >> 25) | (s3 << 7))) + ((s3 & s4) ^ (~s3 & s5)) + k[t + 1] + x[t + 1];
                s2 += s6;
                s6 += (((s7 >> 2) | (s7 << 30)) ^ ((s7 >> 13) | (s7 << 19)) ^ ((s7 >> 22) | (s7 << 10))) + ((s7 & s0) ^ (s7 & s1) ^ (s0 & s1));
                s5 += (((s2 >> 6) | (s2 << 26)) ^ ((s2 >> 11) | (s2 << 21)) ^ ((s2 >> 25) | (s2 << 7))) + ((s2 & s3) ^ (~s2 & s4)) + k[t + 2] + x[t + 2];
                s1 += s5;
                s5 += (((s6 >> 2) | (s6 << 30)) ^ ((s6 >> 13) | (s6 << 19)) ^ ((s6 >> 22) | (s6 << 10))) + ((s6 & s7) ^ (s6 & s0) ^ (s7 & s0));
                s4 += (((s1 >> 6) | (s1 << 26)) ^ ((s1 >> 11) | (s1 << 21)) ^ ((s1 >> 25) | (s1 << 7))) + ((s1 & s2) ^ (~s1 & s3)) + k[t + 3] + x[t + 3];
                s0 += s4;
                s4 += (((s5 >> 2) | (s5 << 30)) ^ ((s5 >> 13) | (s5 << 19)) ^ ((s5 >> 22) | (s5 << 10))) + ((s5 & s6) ^ (s5 & s7) ^ (s6 & s7));
                s3 += (((s0 >> 6) | (s0 << 26)) ^ ((s0 >> 11) | (s0 << 21)) ^ ((s0 >> 25) | (s0 << 7))) + ((s0 & s1) ^ (~s0 & s2)) + k[t + 4] + x[t + 4];
                s7 += s3;
                s3 += (((s4 >> 2) | (s4 << 30)) ^ ((s4 >> 13) | (s4 << 19)) ^ ((s4 >> 22) | (s4 << 10))) + ((s4 & s5) ^ (s4 & s6) ^ (s5 & s6));
                s2 += (((s7 >> 6) | (s7 << 26)) ^ ((s7 >> 11) | (s7 << 21)) ^ ((s7 >> 25) | (s7 << 7))) + ((s7 & s0) ^ (~s7 & s1)) + k[t + 5] + x[t + 5];
                s6 += s2;
                s2 += (((s3 >> 2) | (s3 << 30)) ^ ((s3 >> 13) | (s3 << 19)) ^ ((s3 >> 22) | (s3 << 10))) + ((s3 & s4) ^ (s3 & s5) ^ (s4 & s5));
                s1 += (((s6 >> 6) | (s6 << 26)) ^ ((s6 >> 11) | (s6 << 21)) ^ ((s6 >> 25) | (s6 << 7))) + ((s6 & s7) ^ (~s6 & s0)) + k[t + 6] + x[t + 6];
                s5 += s1;
                s1 += (((s2 >> 2) | (s2 << 30)) ^ ((s2 >> 13) | (s2 << 19)) ^ ((s2 >> 22) | (s2 << 10))) + ((s2 & s3) ^ (s2 & s4) ^ (s3 & s4));
                s0 += (((s5 >> 6) | (s5 << 26)) ^ ((s5 >> 11) | (s5 << 21)) ^ ((s5 >> 25) | (s5 << 7))) + ((s5 & s6) ^ (~s5 & s7)) + k[t + 7] + x[t + 7];
                s4 += s0;
                s0 += (((s1 >> 2) | (s1 << 30)) ^ ((s1 >> 13) | (s1 << 19)) ^ ((s1 >> 22) | (s1 << 10))) + ((s1 & s2) ^ (s1 & s3) ^ (s2 & s3));
            }

            state[0] += s0;
            state[1] += s1;
            state[2] += s2;
            state[3] += s3;
            state[4] += s4;
            state[5] += s5;
            state[6] += s6;
            state[7] += s7;
        }
    }
}
