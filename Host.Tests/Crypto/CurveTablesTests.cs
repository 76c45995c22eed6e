using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using System.Numerics;
using Firmware.Crypto;

namespace Firmware.Host.Tests.Crypto;

/// <summary>The constants and base-point table built at start-up, against the big-integer model.</summary>
[TestClass]
public class CurveTablesTests
{
    private static readonly int[] Offsets = { 0, 26, 51, 77, 102, 128, 153, 179, 204, 230 };

    private static BigInteger Value(int[] f)
    {
        BigInteger v = 0;
        for (int i = 0; i < 10; i++) v += (BigInteger)f[i] << Offsets[i];
        return RefEd25519.Mod(v);
    }

    [TestMethod]
    public void ConstantsAreCorrect()
    {
        var t = Ed25519Tables.Get();
        Assert.AreEqual(RefEd25519.D, Value(t.D));
        Assert.AreEqual(BigInteger.Parse("37095705934669439343138083508754565189542113879843219016388785533085940283555"), Value(t.D));
        Assert.AreEqual(RefEd25519.Mod(2 * RefEd25519.D), Value(t.D2));
        Assert.AreEqual(RefEd25519.P - 1, RefEd25519.Mod(Value(t.SqrtM1) * Value(t.SqrtM1)));
        var zInv = RefEd25519.Inv(Value(t.BasePoint.Z));
        Assert.AreEqual(BigInteger.Parse("15112221349535400772501151409588531511454012693041857206046113283949847762202"), RefEd25519.Mod(Value(t.BasePoint.X) * zInv));
        Assert.AreEqual(BigInteger.Parse("46316835694926478169428394003475163141307993866256225615783033603165251855960"), RefEd25519.Mod(Value(t.BasePoint.Y) * zInv));
        Assert.AreEqual(RefEd25519.Mod(Value(t.BasePoint.X) * Value(t.BasePoint.Y) * zInv), Value(t.BasePoint.T));
    }

    [TestMethod]
    public void BaseTableHoldsOddMultiplesOfB()
    {
        var t = Ed25519Tables.Get();
        Assert.AreEqual(Ed25519Tables.BaseTableSize, t.BaseOddMultiples.Length);
        for (int i = 0; i < t.BaseOddMultiples.Length; i++)
        {
            var q = RefEd25519.Mul(2 * i + 1, RefEd25519.B);
            BigInteger x = q.AffineX, y = q.AffineY;
            var e = t.BaseOddMultiples[i];
            Assert.AreEqual(RefEd25519.Mod(y + x), Value(e.YPlusX), "y+x " + i);
            Assert.AreEqual(RefEd25519.Mod(y - x), Value(e.YMinusX), "y-x " + i);
            Assert.AreEqual(RefEd25519.Mod(2 * RefEd25519.D * x * y), Value(e.XY2d), "2dxy " + i);
        }
    }

    [TestMethod]
    public void PointCodecRoundTripsRandomMultiples()
    {
        var t = Ed25519Tables.Get();
        var codec = new PointCodec(t.D, t.SqrtM1);
        var rnd = new Random(TestSeed.Value + 40);
        var p = new GeP3();
        var enc = new byte[32];
        for (int i = 0; i < 50; i++)
        {
            var q = RefEd25519.Mul(rnd.Next(1, int.MaxValue), RefEd25519.B);
            var expected = RefEd25519.Encode(q);
            Assert.IsTrue(codec.TryDecode(p, expected, 0));
            codec.Encode(p, enc, 0);
            CollectionAssert.AreEqual(expected, enc);
        }
    }
}
