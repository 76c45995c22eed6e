using System.IO;
using System.Threading;
using Firmware.Host.Fleet;
using Firmware.Host.Mqtt;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Fleet
{
    /// <summary>
    /// A fleet (or its monitor) pointed at a broker it cannot use does not begin: it says which broker and why, on the
    /// error output, with the exit code of a broker never reached, and no stack trace.
    /// </summary>
    [TestClass]
    public sealed class FleetBrokerTests
    {
        [TestMethod]
        public void ABrokerAddressWithNoListenerStopsTheRunBeforeItBeginsWithTheReason()
        {
            int port = EmbeddedBroker.FreeLoopbackPort();
            StringWriter output = new StringWriter();
            StringWriter error = new StringWriter();

            int exit = FleetTool.Run(new[] { "--devices", "2", "--days", "1", "--broker", "mqtt://127.0.0.1:" + port }, output, error, CancellationToken.None);

            Assert.AreEqual(TwinExitCodes.BrokerNeverReached, exit, error.ToString());
            StringAssert.Contains(error.ToString(), "127.0.0.1:" + port + " refused the connection");
            Assert.IsFalse(error.ToString().Contains("   at "), "no stack trace: " + error);
        }

        [TestMethod]
        public void TheMonitorPointedAtNoBrokerSaysSo()
        {
            int port = EmbeddedBroker.FreeLoopbackPort();
            StringWriter error = new StringWriter();

            int exit = MonitorTool.Run(new[] { "--broker", "mqtt://127.0.0.1:" + port }, new StringWriter(), error, CancellationToken.None);

            Assert.AreEqual(TwinExitCodes.BrokerNeverReached, exit, error.ToString());
            StringAssert.Contains(error.ToString(), "127.0.0.1:" + port + " refused the connection");
        }
    }
}
