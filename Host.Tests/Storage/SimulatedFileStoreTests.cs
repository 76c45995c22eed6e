using System;
using Firmware.Host.Hardware;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Storage
{
    [TestClass]
    public sealed class SimulatedFileStoreTests
    {
        [TestMethod]
        public void FilesAreWrittenReadMovedAndDeleted()
        {
            SimulatedFileStore store = new SimulatedFileStore();
            store.Write("a", new byte[] { 1, 2, 3 }, 0, 3);
            byte[] buffer = new byte[4];

            Assert.AreEqual(3, store.Length("a"));
            Assert.AreEqual(2, store.Read("a", 1, buffer, 0, 4));
            Assert.AreEqual(3, buffer[1]);
            store.Move("a", "b");
            Assert.AreEqual(-1, store.Length("a"));
            store.Delete("b");
            store.Delete("b");
            Assert.AreEqual(0, store.FileNames.Count);
            Assert.AreEqual(3L, store.BytesWritten);
            Assert.ThrowsExactly<InvalidOperationException>(() => store.Move("x", "y"));
        }

        [TestMethod]
        public void ACutWriteLeavesNoFileOrAnEmptyOne()
        {
            bool sawEmpty = false;
            bool sawNone = false;
            for (int seed = 0; seed < 40; seed++)
            {
                SimulatedFileStore store = new SimulatedFileStore(seed);
                store.CutPowerAtOperation(0);

                Assert.ThrowsExactly<SimulatedPowerCutException>(() => store.Write("a", new byte[10], 0, 10));

                SimulatedFileStore rebooted = store.Reboot();
                int length = rebooted.Length("a");
                Assert.IsTrue(length <= 0);
                sawEmpty |= length == 0;
                sawNone |= length < 0;
            }

            Assert.IsTrue(sawEmpty && sawNone);
        }

        [TestMethod]
        public void ACutMoveOrDeleteDidNotHappen()
        {
            SimulatedFileStore store = new SimulatedFileStore();
            store.Write("a", new byte[] { 9 }, 0, 1);
            store.CutPowerAtOperation(1);
            Assert.ThrowsExactly<SimulatedPowerCutException>(() => store.Move("a", "b"));
            Assert.ThrowsExactly<SimulatedPowerCutException>(() => store.Length("a"));

            store = store.Reboot();
            Assert.AreEqual(1, store.Length("a"));
            Assert.AreEqual(-1, store.Length("b"));
            store.CutPowerAtOperation(store.Operations);
            Assert.ThrowsExactly<SimulatedPowerCutException>(() => store.Delete("a"));
            Assert.AreEqual(1, store.Reboot().Length("a"));
        }
    }
}
