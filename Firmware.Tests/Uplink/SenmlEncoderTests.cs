using Firmware.Device;
using Firmware.Ports;
using Firmware.Readings;
using Firmware.Tests.Fakes;
using Firmware.Text;
using Firmware.Uplink;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Uplink
{
    [TestClass]
    public class SenmlEncoderTests
    {
        private static ChannelTable _channels;

        [Setup]
        public void BuildChannels()
        {
            _channels = new ChannelTable(new ISensor[] { TestPlatform.ClimateSensor() });
        }

        [TestMethod]
        public void EncodesAReadingAsRecordsSharingItsTime()
        {
            Reading r = Reading(7, 1764151500000, 2153, 452, 101325, 0x7);
            Assert.AreEqual(
                "[{\"bn\":\"dev/\",\"bt\":1764151500,\"n\":\"epoch\",\"v\":3735928559},{\"n\":\"seq\",\"v\":7},"
                + "{\"n\":\"temperature\",\"u\":\"Cel\",\"v\":21.53},"
                + "{\"n\":\"humidity\",\"u\":\"%RH\",\"v\":45.2},"
                + "{\"n\":\"pressure\",\"u\":\"Pa\",\"v\":101325}]",
                Encode(new Reading[] { r }, 512));
        }

        [TestMethod]
        public void GivesLaterReadingsTheirTimeRelativeToTheBase()
        {
            Reading a = Reading(1, 1764151500000, 2100, 0, 0, 0x1);
            Reading b = Reading(2, 1764151800500, 2200, 0, 0, 0x1);
            Assert.AreEqual(
                "[{\"bn\":\"dev/\",\"bt\":1764151500,\"n\":\"epoch\",\"v\":3735928559},{\"n\":\"seq\",\"v\":1},{\"n\":\"temperature\",\"u\":\"Cel\",\"v\":21},"
                + "{\"t\":300.5,\"n\":\"seq\",\"v\":2},{\"t\":300.5,\"n\":\"temperature\",\"u\":\"Cel\",\"v\":22}]",
                Encode(new Reading[] { a, b }, 512));
        }

        [TestMethod]
        public void LeavesOutInvalidChannels()
        {
            Reading r = Reading(3, 1764151500000, 0, 451, 0, 0x2);
            string json = Encode(new Reading[] { r }, 512);
            Assert.IsTrue(Ordinal.IndexOf(json, "temperature") < 0, json);
            Assert.IsTrue(Ordinal.IndexOf(json, "\"humidity\"") > 0, json);
        }

        [TestMethod]
        public void NeverGivesATimeToAReadingWhoseTimeIsUnknown()
        {
            Reading r = Reading(4, 0, 2100, 0, 0, 0x1);
            r.TimeKnown = false;
            Assert.AreEqual(
                "[{\"bn\":\"dev/\",\"n\":\"epoch\",\"v\":3735928559},{\"n\":\"seq\",\"v\":4},{\"n\":\"time_unknown\",\"vb\":true},{\"n\":\"temperature\",\"u\":\"Cel\",\"v\":21}]",
                Encode(new Reading[] { r }, 512));
        }

        [TestMethod]
        public void DoesNotMixTimedAndUntimedReadingsInAPack()
        {
            Reading timed = Reading(5, 1764151500000, 2100, 0, 0, 0x1);
            Reading untimed = Reading(6, 0, 2100, 0, 0, 0x1);
            untimed.TimeKnown = false;
            byte[] buffer = new byte[512];
            JsonWriter w = new JsonWriter();
            w.Reset(buffer, 0, buffer.Length);
            SenmlEncoder e = new SenmlEncoder(_channels, "dev/");
            e.Begin(w);
            Assert.IsTrue(e.Append(w, timed));
            Assert.IsFalse(e.Append(w, untimed));
            Assert.AreEqual(1, e.Count);
        }

        [TestMethod]
        public void AFullPackRefusesTheReadingAndStaysWellFormed()
        {
            Reading a = Reading(1, 1764151500000, 2100, 450, 101325, 0x7);
            Reading b = Reading(2, 1764151560000, 2101, 451, 101326, 0x7);
            string one = Encode(new Reading[] { a }, 512);

            // Room for exactly the first reading and the closing bracket.
            byte[] buffer = new byte[one.Length];
            JsonWriter w = new JsonWriter();
            w.Reset(buffer, 0, buffer.Length);
            SenmlEncoder e = new SenmlEncoder(_channels, "dev/");
            e.Epoch = 0xDEADBEEF;
            e.Begin(w);
            Assert.IsTrue(e.Append(w, a));
            Assert.IsFalse(e.Append(w, b));
            Assert.IsTrue(e.End(w));
            Assert.AreEqual(one, Utf8.Decode(buffer, 0, w.Length));
        }

        private static Reading Reading(long sequence, long time, int t, int h, int p, int mask)
        {
            Reading r = new Reading(3);
            r.Sequence = sequence;
            r.UnixTimeMilliseconds = time;
            r.TimeKnown = true;
            r.Values[0] = t;
            r.Values[1] = h;
            r.Values[2] = p;
            r.ValidMask = mask;
            return r;
        }

        private static string Encode(Reading[] readings, int capacity)
        {
            byte[] buffer = new byte[capacity];
            JsonWriter w = new JsonWriter();
            w.Reset(buffer, 0, buffer.Length);
            SenmlEncoder e = new SenmlEncoder(_channels, "dev/");
            e.Epoch = 0xDEADBEEF;
            e.Begin(w);
            for (int i = 0; i < readings.Length; i++)
            {
                Assert.IsTrue(e.Append(w, readings[i]), "reading " + i.ToString() + " did not fit");
            }

            Assert.IsTrue(e.End(w));
            return Utf8.Decode(buffer, 0, w.Length);
        }
    }
}
