using System;
using System.Threading;

namespace Firmware.Crypto
{
    /// <summary>
    /// SHA-512 (FIPS 180-4), used by Ed25519. Incremental; all buffers are allocated once in the
    /// constructor so that Update/Final allocate nothing. An instance is not thread-safe.
    /// </summary>
    public sealed class Sha512
    {
        /// <summary>Digest length in bytes.</summary>
        public const int HashSize = 64;

        /// <summary>Internal block length in bytes.</summary>
        public const int BlockSize = 128;

        private static readonly ulong[] K =
        {
            0x428a2f98d728ae22UL, 0x7137449123ef65cdUL, 0xb5c0fbcfec4d3b2fUL, 0xe9b5dba58189dbbcUL,
            0x3956c25bf348b538UL, 0x59f111f1b605d019UL, 0x923f82a4af194f9bUL, 0xab1c5ed5da6d8118UL,
            0xd807aa98a3030242UL, 0x12835b0145706fbeUL, 0x243185be4ee4b28cUL, 0x550c7dc3d5ffb4e2UL,
            0x72be5d74f27b896fUL, 0x80deb1fe3b1696b1UL, 0x9bdc06a725c71235UL, 0xc19bf174cf692694UL,
            0xe49b69c19ef14ad2UL, 0xefbe4786384f25e3UL, 0x0fc19dc68b8cd5b5UL, 0x240ca1cc77ac9c65UL,
            0x2de92c6f592b0275UL, 0x4a7484aa6ea6e483UL, 0x5cb0a9dcbd41fbd4UL, 0x76f988da831153b5UL,
            0x983e5152ee66dfabUL, 0xa831c66d2db43210UL, 0xb00327c898fb213fUL, 0xbf597fc7beef0ee4UL,
            0xc6e00bf33da88fc2UL, 0xd5a79147930aa725UL, 0x06ca6351e003826fUL, 0x142929670a0e6e70UL,
            0x27b70a8546d22ffcUL, 0x2e1b21385c26c926UL, 0x4d2c6dfc5ac42aedUL, 0x53380d139d95b3dfUL,
            0x650a73548baf63deUL, 0x766a0abb3c77b2a8UL, 0x81c2c92e47edaee6UL, 0x92722c851482353bUL,
            0xa2bfe8a14cf10364UL, 0xa81a664bbc423001UL, 0xc24b8b70d0f89791UL, 0xc76c51a30654be30UL,
            0xd192e819d6ef5218UL, 0xd69906245565a910UL, 0xf40e35855771202aUL, 0x106aa07032bbd1b8UL,
            0x19a4c116b8d2d0c8UL, 0x1e376c085141ab53UL, 0x2748774cdf8eeb99UL, 0x34b0bcb5e19b48a8UL,
            0x391c0cb3c5c95a63UL, 0x4ed8aa4ae3418acbUL, 0x5b9cca4f7763e373UL, 0x682e6ff3d6b2b8a3UL,
            0x748f82ee5defb2fcUL, 0x78a5636f43172f60UL, 0x84c87814a1f0ab72UL, 0x8cc702081a6439ecUL,
            0x90befffa23631e28UL, 0xa4506cebde82bde9UL, 0xbef9a3f7b2c67915UL, 0xc67178f2e372532bUL,
            0xca273eceea26619cUL, 0xd186b8c721c0c207UL, 0xeada7dd6cde0eb1eUL, 0xf57d4f7fee6ed178UL,
            0x06f067aa72176fbaUL, 0x0a637dc5a2c898a6UL, 0x113f9804bef90daeUL, 0x1b710b35131c471bUL,
            0x28db77f523047d84UL, 0x32caab7b40c72493UL, 0x3c9ebe0a15c9bebcUL, 0x431d67c49c100d4cUL,
            0x4cc5d4becb3e42b6UL, 0x597f299cfc657e2aUL, 0x5fcb6fab3ad6faecUL, 0x6c44198c4a475817UL
        };

        // Shared instance for the static one-shot Hash; guarded by SharedLock so it allocates nothing per call.
        private static readonly object SharedLock = new object();
        private static Sha512 shared;

        private readonly ulong[] state = new ulong[8];
        private readonly ulong[] w = new ulong[80];
        private readonly byte[] buffer = new byte[BlockSize];
        private int bufferLength;
        private long byteCount;

        /// <summary>Creates a hasher ready for Update.</summary>
        public Sha512()
        {
            Reset();
        }

        /// <summary>Restarts the hash computation (Final also does this).</summary>
        public void Reset()
        {
            state[0] = 0x6a09e667f3bcc908UL;
            state[1] = 0xbb67ae8584caa73bUL;
            state[2] = 0x3c6ef372fe94f82bUL;
            state[3] = 0xa54ff53a5f1d36f1UL;
            state[4] = 0x510e527fade682d1UL;
            state[5] = 0x9b05688c2b3e6c1fUL;
            state[6] = 0x1f83d9abfb41bd6bUL;
            state[7] = 0x5be0cd19137e2179UL;
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

        /// <summary>Writes the 64-byte digest to output[outputOffset..] and resets the instance.</summary>
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

            byte[] b = buffer;
            int n = bufferLength;
            b[n++] = 0x80;
            if (n > BlockSize - 16)
            {
                // No room for the 128-bit length: pad out this block and use one more.
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

            // Bit length as 128-bit big-endian; the top 64 bits hold only the 3 bits shifted out of byteCount.
            b[BlockSize - 9] = (byte)((ulong)byteCount >> 61);
            WriteBigEndian((ulong)byteCount << 3, b, BlockSize - 8);
            ProcessBlock(b, 0);

            for (int i = 0; i < 8; i++)
            {
                WriteBigEndian(state[i], output, outputOffset + (i << 3));
            }

            Reset();
        }

        /// <summary>
        /// One-shot SHA-512 of data[offset .. offset+count) into output[outputOffset..].
        /// Uses one shared instance under a lock, so it allocates nothing after the first call.
        /// </summary>
        public static void Hash(byte[] data, int offset, int count, byte[] output, int outputOffset)
        {
            Monitor.Enter(SharedLock);
            try
            {
                if (shared == null)
                {
                    shared = new Sha512();
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

        private static void WriteBigEndian(ulong v, byte[] b, int o)
        {
            uint hi = (uint)(v >> 32);
            uint lo = (uint)v;
            b[o] = (byte)(hi >> 24);
            b[o + 1] = (byte)(hi >> 16);
            b[o + 2] = (byte)(hi >> 8);
            b[o + 3] = (byte)hi;
            b[o + 4] = (byte)(lo >> 24);
            b[o + 5] = (byte)(lo >> 16);
            b[o + 6] = (byte)(lo >> 8);
            b[o + 7] = (byte)lo;
        }

        private void ProcessBlock(byte[] data, int offset)
        {
            ulong[] x = w;
            for (int i = 0; i < 16; i++)
            {
                int o = offset + (i << 3);

                // Two 32-bit halves keep the byte assembly cheap on 32-bit targets.
                uint hi = ((uint)data[o] << 24) | ((uint)data[o + 1] << 16) | ((uint)data[o + 2] << 8) | data[o + 3];
                uint lo = ((uint)data[o + 4] << 24) | ((uint)data[o + 5] << 16) | ((uint)data[o + 6] << 8) | data[o + 7];
                x[i] = ((ulong)hi << 32) | lo;
            }

            for (int i = 16; i < 80; i++)
            {
                ulong a = x[i - 2];
                ulong b = x[i - 15];
                x[i] = (((a >> 19) | (a << 45)) ^ ((a >> 61) | (a << 3)) ^ (a >> 6)) + x[i - 7]
                    + (((b >> 1) | (b << 63)) ^ ((b >> 8) | (b << 56)) ^ (b >> 7)) + x[i - 16];
            }

            ulong s0 = state[0];
            ulong s1 = state[1];
            ulong s2 = state[2];
            ulong s3 = state[3];
            ulong s4 = state[4];
            ulong s5 = state[5];
            ulong s6 = state[6];
            ulong s7 = state[7];
            ulong[] k = K;

            // Eight rounds per iteration with rotated roles, so no variable shuffling is needed.
            for (int t = 0; t < 80; t += 8)
            {
s7 += (((s4 >> 14) | (s4 << 50)) ^ ((s4 >> 18) | (s4 << 46)) ^ ((s4 >> 41) | (s4 << 23))) + ((s4 & s5) ^ (~s4 & s6)) + k[t] + x[t];
                s3 += s7;
                s7 += (((s0 >> 28) | (s0 << 36)) ^ ((s0 >> 34) | (s0 << 30)) ^ ((s0 >> 39) | (s0 << 25))) + ((s0 & s1) ^ (s0 & s2) ^ (s1 & s2));
                s6 += (((s3 >> 14) | (s3 << 50)) ^ ((s3 >> 18) | (s3 << 46)) ^ ((s3 >> 41) | (s3 << 23))) + ((s3 & s4) ^ (~s3 & s5)) + k[t + 1] + x[t + 1];
                s2 += s6;
                s6 += (((s7 >> 28) | (s7 << 36)) ^ ((s7 >> 34) | (s7 << 30)) ^ ((s7 >> 39) | (s7 << 25))) + ((s7 & s0) ^ (s7 & s1) ^ (s0 & s1));
                s5 += (((s2 >> 14) | (s2 << 50)) ^ ((s2 >> 18) | (s2 << 46)) ^ ((s2 >> 41) | (s2 << 23))) + ((s2 & s3) ^ (~s2 & s4)) + k[t + 2] + x[t + 2];
                s1 += s5;
                s5 += (((s6 >> 28) | (s6 << 36)) ^ ((s6 >> 34) | (s6 << 30)) ^ ((s6 >> 39) | (s6 << 25))) + ((s6 & s7) ^ (s6 & s0) ^ (s7 & s0));
                s4 += (((s1 >> 14) | (s1 << 50)) ^ ((s1 >> 18) | (s1 << 46)) ^ ((s1 >> 41) | (s1 << 23))) + ((s1 & s2) ^ (~s1 & s3)) + k[t + 3] + x[t + 3];
                s0 += s4;
                s4 += (((s5 >> 28) | (s5 << 36)) ^ ((s5 >> 34) | (s5 << 30)) ^ ((s5 >> 39) | (s5 << 25))) + ((s5 & s6) ^ (s5 & s7) ^ (s6 & s7));
                s3 += (((s0 >> 14) | (s0 << 50)) ^ ((s0 >> 18) | (s0 << 46)) ^ ((s0 >> 41) | (s0 << 23))) + ((s0 & s1) ^ (~s0 & s2)) + k[t + 4] + x[t + 4];
                s7 += s3;
                s3 += (((s4 >> 28) | (s4 << 36)) ^ ((s4 >> 34) | (s4 << 30)) ^ ((s4 >> 39) | (s4 << 25))) + ((s4 & s5) ^ (s4 & s6) ^ (s5 & s6));
                s2 += (((s7 >> 14) | (s7 << 50)) ^ ((s7 >> 18) | (s7 << 46)) ^ ((s7 >> 41) | (s7 << 23))) + ((s7 & s0) ^ (~s7 & s1)) + k[t + 5] + x[t + 5];
                s6 += s2;
                s2 += (((s3 >> 28) | (s3 << 36)) ^ ((s3 >> 34) | (s3 << 30)) ^ ((s3 >> 39) | (s3 << 25))) + ((s3 & s4) ^ (s3 & s5) ^ (s4 & s5));
                s1 += (((s6 >> 14) | (s6 << 50)) ^ ((s6 >> 18) | (s6 << 46)) ^ ((s6 >> 41) | (s6 << 23))) + ((s6 & s7) ^ (~s6 & s0)) + k[t + 6] + x[t + 6];
                s5 += s1;
                s1 += (((s2 >> 28) | (s2 << 36)) ^ ((s2 >> 34) | (s2 << 30)) ^ ((s2 >> 39) | (s2 << 25))) + ((s2 & s3) ^ (s2 & s4) ^ (s3 & s4));
                s0 += (((s5 >> 14) | (s5 << 50)) ^ ((s5 >> 18) | (s5 << 46)) ^ ((s5 >> 41) | (s5 << 23))) + ((s5 & s6) ^ (~s5 & s7)) + k[t + 7] + x[t + 7];
                s4 += s0;
                s0 += (((s1 >> 28) | (s1 << 36)) ^ ((s1 >> 34) | (s1 << 30)) ^ ((s1 >> 39) | (s1 << 25))) + ((s1 & s2) ^ (s1 & s3) ^ (s2 & s3));
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
