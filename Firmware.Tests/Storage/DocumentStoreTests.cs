using Firmware.Storage;
using Firmware.Tests.Fakes;
using Firmware.Text;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Storage
{
    [TestClass]
    public class DocumentStoreTests
    {
        [TestMethod]
        public void AnEmptyStoreHasNoDocument()
        {
            DocumentStore store = Mounted(new RamFlash(1024, 4));
            Assert.AreEqual(-1, store.Current);
            Assert.AreEqual(-1L, store.CurrentVersion);
            Assert.AreEqual(-1, store.ReadCurrent(new byte[2048], 0));
            Assert.AreEqual(2048 - DocumentStore.HeaderBytes, store.Capacity);
        }

        [TestMethod]
        public void TheNewestDocumentIsReadBackAfterAMount()
        {
            RamFlash flash = new RamFlash(1024, 4);
            DocumentStore store = Mounted(flash);
            Write(store, "{\"version\":1}", 1, false);
            Write(store, "{\"version\":2}", 2, false);
            Write(store, "{\"version\":3}", 3, false);

            DocumentStore again = Mounted(flash);
            Assert.AreEqual(3L, again.CurrentVersion);
            Assert.AreEqual("{\"version\":3}", Read(again));
            Assert.IsFalse(again.IsTrialPending);
        }

        [TestMethod]
        public void ATrialIsConfirmedOrRejectedWithoutLosingThePreviousDocument()
        {
            RamFlash flash = new RamFlash(1024, 4);
            DocumentStore store = Mounted(flash);
            Write(store, "kept", 5, false);
            Write(store, "trial", 6, true);
            Assert.IsTrue(store.IsTrialPending);
            Assert.AreEqual(5L, store.KeeperVersion);
            Assert.AreEqual("trial", Read(store));

            // A second trial replaces the first, never the keeper.
            Write(store, "trial two", 7, true);
            Assert.AreEqual(5L, Mounted(flash).KeeperVersion);

            Assert.IsTrue(store.Reject());
            Assert.AreEqual(5L, store.CurrentVersion);
            Assert.AreEqual("kept", Read(Mounted(flash)), "the rejection survives a restart");

            Write(store, "trial three", 8, true);
            Assert.IsTrue(store.Confirm());
            DocumentStore again = Mounted(flash);
            Assert.AreEqual(8L, again.KeeperVersion);
            Assert.IsFalse(again.IsTrialPending);
            Assert.IsFalse(again.Confirm(), "nothing is pending any more");
        }

        [TestMethod]
        public void ATornWriteLeavesThePreviousDocument()
        {
            RamFlash flash = new RamFlash(1024, 4);
            DocumentStore store = Mounted(flash);
            Write(store, "first", 1, false);
            Write(store, "second", 2, false);

            // The third write erases the older copy and programs its data, but power goes before the commit marker.
            CuttingFlash cutting = new CuttingFlash(flash, 3);
            DocumentStore cut = Mounted(cutting);
            bool threw = false;
            try
            {
                Write(cut, "third, never committed", 3, false);
            }
            catch (System.IO.IOException)
            {
                threw = true;
            }

            Assert.IsTrue(threw);
            Assert.AreEqual("second", Read(Mounted(flash)));
        }

        [TestMethod]
        public void ARottenCopyIsIgnored()
        {
            RamFlash flash = new RamFlash(1024, 4);
            DocumentStore store = Mounted(flash);
            Write(store, "old", 1, false);
            Write(store, "new", 2, false);

            // Clear a bit in the newest copy's data (copy 1: sectors 2-3).
            byte[] zero = new byte[] { 0x00 };
            flash.Program((2 * 1024) + DocumentStore.HeaderBytes, zero, 0, 1);

            Assert.AreEqual("old", Read(Mounted(flash)));
        }

        [TestMethod]
        public void ADocumentTooLargeIsRefusedBeforeAnythingIsWritten()
        {
            RamFlash flash = new RamFlash(1024, 2);
            DocumentStore store = Mounted(flash);
            Write(store, "small", 1, false);
            Assert.ThrowsException(typeof(System.ArgumentException), () => store.Write(new byte[2000], 0, 2000, 2, false));
            Assert.AreEqual("small", Read(Mounted(flash)));
        }

        private static DocumentStore Mounted(Firmware.Ports.IFlash flash)
        {
            DocumentStore store = new DocumentStore(flash);
            store.Mount();
            return store;
        }

        private static void Write(DocumentStore store, string text, long version, bool trial)
        {
            byte[] bytes = Utf8.GetBytes(text);
            store.Write(bytes, 0, bytes.Length, version, trial);
        }

        private static string Read(DocumentStore store)
        {
            byte[] buffer = new byte[store.Capacity];
            int length = store.ReadCurrent(buffer, 0);
            return length < 0 ? null : Utf8.Decode(buffer, 0, length);
        }
    }
}
