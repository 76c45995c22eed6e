using Firmware.Text;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Text
{
    /// <summary>Where a JSON string ends and why one is refused (<see cref="JsonStringScanner"/>), on bytes.</summary>
    [TestClass]
    public class JsonStringScannerTests
    {
        [TestMethod]
        public void AStringEndsAtItsClosingQuoteAndSaysWhetherItHoldsEscapes()
        {
            byte[] text = Utf8.GetBytes("[\"ab\",\"c\\\"d\"]");
            int stop;
            bool escapes;

            Assert.IsNull(JsonStringScanner.Scan(text, 1, text.Length, out stop, out escapes));
            Assert.AreEqual(4, stop);
            Assert.IsFalse(escapes);

            Assert.IsNull(JsonStringScanner.Scan(text, 6, text.Length, out stop, out escapes));
            Assert.AreEqual(11, stop, "an escaped quote does not end it");
            Assert.IsTrue(escapes);

            byte[] utf8 = new byte[] { 0x22, 0xF0, 0x9F, 0x98, 0x80, 0xC3, 0xA9, 0x22 };
            Assert.IsNull(JsonStringScanner.Scan(utf8, 0, utf8.Length, out stop, out escapes));
            Assert.AreEqual(7, stop);
        }

        [TestMethod]
        public void ARefusedStringSaysWhyAndWhere()
        {
            AssertFails("\"ab", "unterminated string", 3);
            AssertFails("\"a\\", "unterminated string", 2);
            AssertFails("\"a\\u12", "unterminated string", 2);
            AssertFails("\"a\\u12g4\"", "invalid \\u escape", 2);
            AssertFails("\"a\\x\"", "invalid escape in a string", 2);
            AssertFails("\"a\tb\"", "control character in a string", 2);

            byte[] stray = new byte[] { 0x22, 0x61, 0x80, 0x22 };
            int stop;
            bool escapes;
            Assert.AreEqual("invalid UTF-8 in a string", JsonStringScanner.Scan(stray, 0, stray.Length, out stop, out escapes));
            Assert.AreEqual(2, stop);

            byte[] quoted = Utf8.GetBytes("\"ab\"");
            Assert.AreEqual("unterminated string", JsonStringScanner.Scan(quoted, 0, 3, out stop, out escapes), "the end bounds it");
        }

        [TestMethod]
        public void OnlyWellFormedUtf8SequencesHaveALength()
        {
            Assert.AreEqual(2, Length(0xC2, 0x80));
            Assert.AreEqual(0, Length(0xC1, 0xBF), "overlong");
            Assert.AreEqual(3, Length(0xE0, 0xA0, 0x80));
            Assert.AreEqual(0, Length(0xE0, 0x9F, 0xBF), "overlong");
            Assert.AreEqual(3, Length(0xED, 0x9F, 0xBF));
            Assert.AreEqual(0, Length(0xED, 0xA0, 0x80), "a surrogate");
            Assert.AreEqual(4, Length(0xF0, 0x90, 0x80, 0x80));
            Assert.AreEqual(0, Length(0xF0, 0x8F, 0xBF, 0xBF), "overlong");
            Assert.AreEqual(4, Length(0xF4, 0x8F, 0xBF, 0xBF));
            Assert.AreEqual(0, Length(0xF4, 0x90, 0x80, 0x80), "above U+10FFFF");
            Assert.AreEqual(0, Length(0xF5, 0x80, 0x80, 0x80));
            Assert.AreEqual(0, Length(0xE2, 0x82), "cut short");
            Assert.AreEqual(0, Length(0xE2, 0x82, 0x41), "not a continuation byte");
            Assert.AreEqual(0, Length(0x80, 0x80), "a continuation byte first");
        }

        private static void AssertFails(string json, string error, int at)
        {
            byte[] text = Utf8.GetBytes(json);
            int stop;
            bool escapes;
            Assert.AreEqual(error, JsonStringScanner.Scan(text, 0, text.Length, out stop, out escapes), json);
            Assert.AreEqual(at, stop, json);
        }

        private static int Length(params int[] values)
        {
            byte[] bytes = new byte[values.Length];
            for (int i = 0; i < values.Length; i++)
            {
                bytes[i] = (byte)values[i];
            }

            return JsonStringScanner.Utf8SequenceLength(bytes, 0, bytes.Length);
        }
    }
}
