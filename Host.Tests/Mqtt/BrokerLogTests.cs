using Firmware.Host.Mqtt;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Mqtt
{
    [TestClass]
    public sealed class BrokerLogTests
    {
        [TestMethod]
        public void KeepsEveryLineWithinTheBound()
        {
            BrokerLog log = new BrokerLog(2, 3);
            log.Add("a");
            log.Add("b");
            log.Add("c");

            Assert.AreEqual("a\nb\nc", log.ToString());
            Assert.AreEqual(3L, log.Lines);
        }

        [TestMethod]
        public void KeepsTheFirstAndNewestLinesAndCountsTheOnesLeftOut()
        {
            BrokerLog log = new BrokerLog(2, 3);
            for (int i = 1; i <= 10; i++)
            {
                log.Add("line " + i);
            }

            Assert.AreEqual("line 1\nline 2\n[5 lines left out]\nline 8\nline 9\nline 10", log.ToString());
            Assert.AreEqual(10L, log.Lines);
        }
    }
}
