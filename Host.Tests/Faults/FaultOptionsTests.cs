using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Faults
{
    [TestClass]
    public sealed class FaultOptionsTests
    {
        [TestMethod]
        public void ParsesEveryFaultOption()
        {
            TwinOptions o = TwinOptions.Parse(new[] { "--fault-broker-down", "2h-5h,10h-11h", "--fault-drop-after", "7", "--fault-lose-pubacks", "0.25", "--seed", "9" }, out string error);

            Assert.IsNull(error);
            Assert.IsTrue(o.Faults.IsActive);
            Assert.AreEqual(2, o.Faults.BrokerDownWindows.Count);
            Assert.AreEqual((7_200_000L, 18_000_000L), o.Faults.BrokerDownWindows[0]);
            Assert.AreEqual((36_000_000L, 39_600_000L), o.Faults.BrokerDownWindows[1]);
            Assert.AreEqual(7, o.Faults.DropAfterPackets);
            Assert.AreEqual(0.25, o.Faults.LosePubackProbability);
            Assert.AreEqual(9, o.Faults.Seed);
            Assert.IsTrue(o.Faults.IsBrokerDown(7_200_000));
            Assert.IsFalse(o.Faults.IsBrokerDown(18_000_000));
            Assert.IsFalse(o.Faults.IsBrokerDown(20_000_000));
            Assert.AreEqual("broker down 2h-5h,10h-11h; connections cut after 7 packet(s); PUBACKs lost with probability 0.25 (seed 9)", o.Faults.Describe());
        }

        [TestMethod]
        public void AWindowMayStartAtZero()
        {
            TwinOptions o = TwinOptions.Parse(new[] { "--fault-broker-down", "0-30m" }, out string error);

            Assert.IsNull(error);
            Assert.IsTrue(o.Faults.IsBrokerDown(0));
            Assert.IsFalse(o.Faults.IsBrokerDown(1_800_000));
        }

        [TestMethod]
        public void WithoutFaultOptionsNothingIsInjected()
        {
            TwinOptions o = TwinOptions.Parse(Array.Empty<string>(), out string error);

            Assert.IsNull(error);
            Assert.IsFalse(o.Faults.IsActive);
        }

        [TestMethod]
        [DataRow(new[] { "--fault-broker-down", "2h" }, "expected START-END")]
        [DataRow(new[] { "--fault-broker-down", "5h-2h" }, "ends before it starts")]
        [DataRow(new[] { "--fault-broker-down", "2h-2h" }, "ends before it starts")]
        [DataRow(new[] { "--fault-broker-down", "2x-3h" }, "no known unit")]
        [DataRow(new[] { "--fault-broker-down", "1h-2h,,3h-4h" }, "not a window")]
        [DataRow(new[] { "--fault-broker-down" }, "needs a value")]
        [DataRow(new[] { "--fault-drop-after", "0" }, "--fault-drop-after must be a whole number")]
        [DataRow(new[] { "--fault-drop-after", "-3" }, "--fault-drop-after must be a whole number")]
        [DataRow(new[] { "--fault-drop-after", "many" }, "--fault-drop-after must be a whole number")]
        [DataRow(new[] { "--fault-lose-pubacks", "0" }, "above 0 and at most 1")]
        [DataRow(new[] { "--fault-lose-pubacks", "1.5" }, "above 0 and at most 1")]
        [DataRow(new[] { "--fault-lose-pubacks", "50%" }, "above 0 and at most 1")]
        public void BadFaultOptionsAreRejectedWithAReason(string[] args, string reason)
        {
            Assert.IsNull(TwinOptions.Parse(args, out string error));
            Assert.IsNotNull(error);
            StringAssert.Contains(error, reason);
        }
    }
}
