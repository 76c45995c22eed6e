using Firmware.Text;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Text
{
    [TestClass]
    public class Utf8Tests
    {
        [TestMethod]
        public void EncodesOneToFourByteCharacters()
        {
            // "a", "é" (2 bytes), "€" (3 bytes), "😀" (4 bytes, a surrogate pair).
            string text = "a\u00e9\u20ac\ud83d\ude00";
            byte[] expected = new byte[] { 0x61, 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x98, 0x80 };
            Assert.AreEqual(expected.Length, Utf8.GetByteCount(text));
            CollectionAssert.AreEqual(expected, Utf8.GetBytes(text));
            Assert.AreEqual(text, Utf8.Decode(expected, 0, expected.Length));
        }

        [TestMethod]
        public void EncodingStopsAtTheLimit()
        {
            byte[] buffer = new byte[3];
            Assert.AreEqual(-1, Utf8.Encode("a\u20ac", buffer, 0, 3));
            Assert.AreEqual(3, Utf8.Encode("\u20ac", buffer, 0, 3));
        }

        [TestMethod]
        public void LoneSurrogatesEncodeAsReplacementCharacters()
        {
            // Built from chars: a literal with a lone surrogate is already U+FFFD on the device.
            CollectionAssert.AreEqual(new byte[] { 0xEF, 0xBF, 0xBD }, Utf8.GetBytes(new string(new char[] { (char)0xD83D })));
            CollectionAssert.AreEqual(new byte[] { 0x61, 0xEF, 0xBF, 0xBD, 0x62 }, Utf8.GetBytes(new string(new char[] { 'a', (char)0xDE00, 'b' })));
        }

        [TestMethod]
        public void ReadsCodePointsBeyondTheBasicPlane()
        {
            // Text made at run time, as a payload would be: the device's string indexer answers the high surrogate twice here.
            string text = Utf8.Decode(new byte[] { 0x78, 0xF0, 0x9F, 0x98, 0x80, 0xF0, 0x9F, 0x98, 0x81, 0x79 }, 0, 10);
            Assert.AreEqual(6, text.Length);
            int units;
            Assert.AreEqual(0x78, Utf8.CodePointAt(text, 0, out units));
            Assert.AreEqual(1, units);
            Assert.AreEqual(0x1F600, Utf8.CodePointAt(text, 1, out units));
            Assert.AreEqual(2, units);
            Assert.AreEqual(0x1F601, Utf8.CodePointAt(text, 3, out units));
            Assert.AreEqual(2, units);
            Assert.AreEqual(0x79, Utf8.CodePointAt(text, 5, out units));
            Assert.AreEqual(10, Utf8.GetByteCount(text));
            CollectionAssert.AreEqual(new byte[] { 0x78, 0xF0, 0x9F, 0x98, 0x80, 0xF0, 0x9F, 0x98, 0x81, 0x79 }, Utf8.GetBytes(text));
        }

        [TestMethod]
        public void EncodesEachCodePointLength()
        {
            byte[] buffer = new byte[4];
            Assert.AreEqual(1, Utf8.EncodeCodePoint(0x7F, buffer, 0, 4));
            Assert.AreEqual(2, Utf8.EncodeCodePoint(0x7FF, buffer, 0, 4));
            Assert.AreEqual(3, Utf8.EncodeCodePoint(0xFFFF, buffer, 0, 4));
            Assert.AreEqual(4, Utf8.EncodeCodePoint(0x10FFFF, buffer, 0, 4));
            CollectionAssert.AreEqual(new byte[] { 0xF4, 0x8F, 0xBF, 0xBF }, buffer);
            Assert.AreEqual(-1, Utf8.EncodeCodePoint(0x10FFFF, buffer, 1, 4));
        }

        [TestMethod]
        public void MalformedInputDecodesToReplacementCharactersWithoutThrowing()
        {
            // One U+FFFD per maximal ill-formed subpart: a stray continuation byte, an overlong '/' (two bytes
            // that can never start a sequence), a truncated sequence, an encoded surrogate (three), a byte never
            // used in UTF-8, a truncated sequence followed by ASCII.
            Assert.AreEqual("\ufffd", Utf8.Decode(new byte[] { 0x80 }, 0, 1));
            Assert.AreEqual("\ufffd\ufffd", Utf8.Decode(new byte[] { 0xC0, 0xAF }, 0, 2));
            Assert.AreEqual("x\ufffd", Utf8.Decode(new byte[] { 0x78, 0xE2, 0x82 }, 0, 3));
            Assert.AreEqual("\ufffd\ufffd\ufffd", Utf8.Decode(new byte[] { 0xED, 0xA0, 0x80 }, 0, 3));
            Assert.AreEqual("\ufffd", Utf8.Decode(new byte[] { 0xF8 }, 0, 1));
            Assert.AreEqual("\ufffdA", Utf8.Decode(new byte[] { 0xF0, 0x9F, 0x98, 0x41 }, 0, 4));
        }

        [TestMethod]
        public void NulDecodesToAReplacementCharacter()
        {
            // A NUL would end the string early on the device and not on desktop .NET.
            string text = Utf8.Decode(new byte[] { 0x61, 0x00, 0x62 }, 0, 3);
            Assert.AreEqual(3, text.Length);
            Assert.AreEqual("a\ufffdb", text);
        }

        [TestMethod]
        public void DecodesASliceOfABuffer()
        {
            byte[] buffer = new byte[] { 0x00, 0x68, 0x69, 0x00 };
            Assert.AreEqual("hi", Utf8.Decode(buffer, 1, 2));
        }
    }
}
