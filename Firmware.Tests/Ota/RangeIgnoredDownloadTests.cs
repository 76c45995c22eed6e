using Firmware.Boot;
using Firmware.Ota;
using Firmware.Ports;
using Firmware.Tests.Fakes;
using Firmware.Text;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Ota
{
    /// <summary>
    /// A download from a server that ignores Range requests (its answers stream the whole image, as
    /// <c>python3 -m http.server</c>'s do): the case is named, never "unreachable"; each session streams from the start,
    /// skips the chunks written and goes on as far as its budget allows; a session that cannot get past them refuses
    /// the image rather than spend every later session the same way.
    /// </summary>
    [TestClass]
    public class RangeIgnoredDownloadTests
    {
        [TestMethod]
        public void TheFakeDownloaderSpeaksTheUpdatersNotice()
        {
            Assert.AreEqual(RangeIgnoredNotice.Prefix, FakeDownloader.RangeIgnoredPrefix);
        }

        [TestMethod]
        public void AServerThatIgnoresRangeIsStreamedAndTheCaseIsNamed()
        {
            OtaRig rig = new OtaRig();
            rig.Downloader.IgnoresRange = true;
            OtaAgent agent = rig.Agent();
            OtaRig.Announce(agent, OtaVectors.V2);

            Assert.AreEqual(OtaStep.RebootRequired, agent.Step(100000));

            Assert.AreEqual(1, rig.Downloader.Answers, "one answer streamed the whole image");
            Assert.IsTrue(rig.Log.Contains("ignores Range requests"));
            Assert.IsFalse(rig.Log.Contains("unreachable"));
            string events = OtaRig.Events(agent);
            Assert.IsTrue(Ordinal.IndexOf(events, "\"outcome\":\"downloading\",\"reason\":\"range-ignored\",\"version\":\"2.0.0\"") >= 0, events);
            Assert.AreEqual(1, Count(events, "range-ignored"), events);
        }

        [TestMethod]
        public void EachSessionStreamsFromTheStartSkipsTheChunksWrittenAndGoesOnAsFarAsItsBudgetAllows()
        {
            OtaRig rig = new OtaRig();
            Slow(rig, 100);
            OtaAgent agent = rig.Agent();
            OtaRig.Announce(agent, OtaVectors.V2);

            // This session's telemetry left the download 150 ms: one chunk (102 ms) and a part of the next.
            Assert.AreEqual(OtaStep.InProgress, agent.Step(150));
            Assert.AreEqual(1, agent.ChunksWritten);

            // A new boot (the connection is gone) with the whole budget: from the start, past the chunk written, to the end.
            rig.Reboot(WakeCause.Timer);
            OtaAgent next = rig.Agent();
            Assert.AreEqual(OtaStep.RebootRequired, next.Step(rig.Settings.SessionBudgetMilliseconds));
            Assert.AreEqual((long)OtaVectors.ChunkSize, rig.Downloader.BytesSkipped, "the written chunk was streamed past, once");
            Assert.AreEqual(2, rig.Downloader.Answers);
            Assert.AreEqual(1, rig.Slots.State.Record.PendingSlot);
        }

        [TestMethod]
        public void ASessionThatCannotStreamPastTheWrittenChunksRefusesTheImage()
        {
            OtaRig rig = new OtaRig();
            Slow(rig, 10000);
            OtaAgent agent = rig.Agent();
            OtaRig.Announce(agent, OtaVectors.V2);

            // 10 ms a byte: a session's 20 s stream 2,000 bytes from the start, one chunk.
            Assert.AreEqual(OtaStep.InProgress, agent.Step(rig.Settings.SessionBudgetMilliseconds));
            Assert.AreEqual(1, agent.ChunksWritten);

            // The next session spends its budget streaming up to that chunk again: it would at every session after.
            rig.Reboot(WakeCause.Timer);
            OtaAgent next = rig.Agent();
            Assert.AreEqual(OtaStep.Idle, next.Step(rig.Settings.SessionBudgetMilliseconds));

            Assert.AreEqual("range-ignored", next.LastReason);
            Assert.IsFalse(rig.Slots.ReadDescriptor(1, new SlotDescriptor()), "the staging is dropped");
            string events = OtaRig.Events(next);
            Assert.IsTrue(Ordinal.IndexOf(events, "\"outcome\":\"rejected\",\"reason\":\"range-ignored\",\"version\":\"2.0.0\"") >= 0, events);
            Assert.IsTrue(rig.Log.Contains("ignores Range requests"));
            Assert.IsFalse(rig.Log.Contains("unreachable"));
            Assert.AreEqual(OtaDecision.Ignored, OtaRig.Announce(next, OtaVectors.V2, true), "its retained announce is not fetched again");
        }

        [TestMethod]
        public void AServerThatDoesNotAnswerIsUnreachableAndTheDownloadGoesOnNextSession()
        {
            OtaRig rig = new OtaRig();
            rig.Downloader.FailNextReads = 3;
            OtaAgent agent = rig.Agent();
            OtaRig.Announce(agent, OtaVectors.V2);

            Assert.AreEqual(OtaStep.NetworkError, agent.Step(100000));

            Assert.IsNull(agent.LastReason);
            Assert.IsTrue(rig.Log.Contains("unreachable"), "a server that does not answer is unreachable");
            Assert.IsTrue(Ordinal.IndexOf(OtaRig.Events(agent), "\"outcome\":\"downloading\",\"reason\":\"server-unreachable\"") >= 0, OtaRig.Events(agent));
            Assert.AreEqual(OtaStep.RebootRequired, agent.Step(100000));
        }

        private static void Slow(OtaRig rig, int microsecondsPerByte)
        {
            rig.Downloader.IgnoresRange = true;
            rig.Downloader.Clock = rig.Clock;
            rig.Downloader.MicrosecondsPerByte = microsecondsPerByte;
        }

        private static int Count(string text, string part)
        {
            int count = 0;
            int at = Ordinal.IndexOf(text, part);
            while (at >= 0)
            {
                count++;
                at = Ordinal.IndexOf(text, part, at + part.Length);
            }

            return count;
        }
    }
}
