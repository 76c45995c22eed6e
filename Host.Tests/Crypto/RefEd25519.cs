using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
#nullable enable
using System.Numerics;
using System.Security.Cryptography;

namespace Firmware.Host.Tests.Crypto;

/// <summary>
/// Independent big-integer model of RFC 8032 Ed25519 (field, decoding, group law, verification) used
/// as an oracle. Slow and simple on purpose: every rule is written as the RFC states it.
/// </summary>
internal static class RefEd25519
{
    public static readonly BigInteger P = BigInteger.Pow(2, 255) - 19;
    public static readonly BigInteger L = BigInteger.Pow(2, 252) + BigInteger.Parse("27742317777372353535851937790883648493");
    public static readonly BigInteger D = Mod(-121665 * Inv(121666));
    public static readonly BigInteger SqrtM1 = BigInteger.ModPow(2, (P - 1) / 4, P);
    public static readonly BigInteger By = Mod(4 * Inv(5));
    public static readonly BigInteger Bx = RecoverX(By, 0)!.Value;
    public static readonly Point B = Point.Affine(Bx, By);
    public static readonly Point Identity = Point.Affine(0, 1);

    public static BigInteger Mod(BigInteger v) { v %= P; return v.Sign < 0 ? v + P : v; }
    public static BigInteger Inv(BigInteger v) => BigInteger.ModPow(Mod(v), P - 2, P);
    public static BigInteger FromLittleEndian(ReadOnlySpan<byte> b) => new BigInteger(b, isUnsigned: true, isBigEndian: false);

    public static byte[] ToLittleEndian(BigInteger v, int length)
    {
        var r = new byte[length];
        v.TryWriteBytes(r, out _, isUnsigned: true, isBigEndian: false);
        return r;
    }

    /// <summary>RFC 8032 5.1.3 steps 2-4 for a y already known to be below p.</summary>
    public static BigInteger? RecoverX(BigInteger y, int sign)
    {
        var x2 = Mod((y * y - 1) * Inv(D * y * y + 1));
        var x = BigInteger.ModPow(x2, (P + 3) / 8, P);
        if (Mod(x * x - x2) != 0) x = Mod(x * SqrtM1);
        if (Mod(x * x - x2) != 0) return null;
        if (x.IsZero && sign == 1) return null;
        if ((int)(x % 2) != sign) x = P - x;
        return x;
    }

    // Decoding costs two modular exponentiations; edge-case sweeps decode the same encodings often.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Point?> DecodeCache = new();

    public static Point? Decode(ReadOnlySpan<byte> s)
    {
        var key = Convert.ToHexString(s);
        if (DecodeCache.TryGetValue(key, out var cached)) return cached;
        var result = DecodeUncached(s);
        DecodeCache.TryAdd(key, result);
        return result;
    }

    private static Point? DecodeUncached(ReadOnlySpan<byte> s)
    {
        var v = FromLittleEndian(s);
        int sign = (int)(v >> 255);
        var y = v & (BigInteger.Pow(2, 255) - 1);
        if (y >= P) return null;
        var x = RecoverX(y, sign);
        return x == null ? null : Point.Affine(x.Value, y);
    }

    public static byte[] Encode(Point p)
    {
        var zi = Inv(p.Z);
        var x = Mod(p.X * zi);
        var y = Mod(p.Y * zi);
        return ToLittleEndian(y | ((x & 1) << 255), 32);
    }

    /// <summary>Cofactorless RFC 8032 verification with full decoding of A and R.</summary>
    public static bool Verify(byte[] pk, byte[] msg, byte[] sig, bool rejectSmallOrderKeys = false)
    {
        if (pk.Length != 32 || sig.Length != 64) return false;
        var a = Decode(pk);
        var r = Decode(sig.AsSpan(0, 32));
        var s = FromLittleEndian(sig.AsSpan(32, 32));
        if (a == null || r == null || s >= L) return false;
        if (rejectSmallOrderKeys && Mul(8, a).IsIdentity) return false;
        var h = SHA512.HashData(sig.AsSpan(0, 32).ToArray().Concat(pk).Concat(msg).ToArray());
        var k = FromLittleEndian(h) % L;
        return Mul(s, B).Equals(r.Add(Mul(k, a)));
    }

    public static Point Mul(BigInteger n, Point p)
    {
        var q = Identity;
        for (int i = (int)n.GetBitLength() - 1; i >= 0; i--)
        {
            q = q.Add(q);
            if (!(n >> i).IsEven) q = q.Add(p);
        }
        return q;
    }

    /// <summary>Extended coordinates, complete addition law for a = -1 (add-2008-hwcd-3).</summary>
    public sealed class Point
    {
        public readonly BigInteger X, Y, Z, T;
        public Point(BigInteger x, BigInteger y, BigInteger z, BigInteger t) { X = x; Y = y; Z = z; T = t; }
        public static Point Affine(BigInteger x, BigInteger y) => new(Mod(x), Mod(y), 1, Mod(x * y));
        public bool IsIdentity => Mod(X).IsZero && Mod(Y - Z).IsZero;
        public BigInteger AffineX => Mod(X * Inv(Z));
        public BigInteger AffineY => Mod(Y * Inv(Z));

        public Point Add(Point q)
        {
            var a = Mod((Y - X) * (q.Y - q.X));
            var b = Mod((Y + X) * (q.Y + q.X));
            var c = Mod(T * 2 * D * q.T);
            var d = Mod(Z * 2 * q.Z);
            BigInteger e = b - a, f = d - c, g = d + c, h = b + a;
            return new Point(Mod(e * f), Mod(g * h), Mod(f * g), Mod(e * h));
        }

        public bool Equals(Point q) => Mod(X * q.Z - q.X * Z).IsZero && Mod(Y * q.Z - q.Y * Z).IsZero;
    }
}
