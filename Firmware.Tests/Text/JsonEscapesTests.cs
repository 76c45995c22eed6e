using Firmware.Text;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Text
{
    /// <summary>
    /// The escapes of a JSON string decoded to UTF-8 (<see cref="JsonEscapes"/>). Expected text beyond the Basic
    /// Multilingual Plane is given as UTF-8 bytes, which every runtime compares alike.
    /// </summary>
    [TestClass]
    public class JsonEscapesTests
    {
        [TestMethod]
        public void SingleCharacterEscapesBecomeTheirCharacter()
        {
            AssertDecodes("a\\\"b\\\\c\\/d", new byte[] { 0x61, 0x22, 0x62, 0x5C, 0x63, 0x2F, 0x64 });
            AssertDecodes("\\b\\f\\n\\r\\t", new byte[] { 8, 12, 10, 13, 9 });
            AssertDecodes("plain", Utf8.GetBytes("plain"));
        }

        [TestMethod]
        public void UnicodeEscapesBecomeUtf8()
        {
            AssertDecodes("\\u0041\\u00e9\\u20AC", new byte[] { 0x41, 0xC3, 0xA9, 0xE2, 0x82, 0xAC });
            AssertDecodes("\\ud83d\\ude00!", new byte[] { 0xF0, 0x9F, 0x98, 0x80, 0x21 });
        }

        [TestMethod]
        public void ALoneSurrogateBecomesTheReplacementCharacter()
        {
            byte[] replacement = new byte[] { 0xEF, 0xBF, 0xBD };
            AssertDecodes("\\ud800", replacement);
            AssertDecodes("\\ude00", replacement);
            AssertDecodes("\\ud800x", new byte[] { 0xEF, 0xBF, 0xBD, 0x78 });
            AssertDecodes("\\ud800\\u0041", new byte[] { 0xEF, 0xBF, 0xBD, 0x41 }, "a high surrogate before another escape");
        }

        [TestMethod]
        public void HexDigitsAreReadInEitherCase()
        {
            Assert.AreEqual(0, JsonEscapes.HexValue((byte)'0'));
            Assert.AreEqual(9, JsonEscapes.HexValue((byte)'9'));
            Assert.AreEqual(10, JsonEscapes.HexValue((byte)'a'));
            Assert.AreEqual(15, JsonEscapes.HexValue((byte)'F'));
            Assert.AreEqual(-1, JsonEscapes.HexValue((byte)'g'));
            Assert.AreEqual(-1, JsonEscapes.HexValue((byte)'/'));
        }

        private static void AssertDecodes(string content, byte[] expected)
        {
            AssertDecodes(content, expected, content);
        }

        private static void AssertDecodes(string content, byte[] expected, string message)
        {
            // The content sits inside other bytes, as in a document.
            byte[] text = Utf8.GetBytes("[\"" + content + "\"]");
            byte[] output = new byte[text.Length];
            int n = JsonEscapes.Unescape(text, 2, text.Length - 4, output);
            byte[] decoded = new byte[n];
            System.Array.Copy(output, decoded, n);
            CollectionAssert.AreEqual(expected, decoded, message);
        }
    }
}
