using Firmware.Text;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Text
{
    [TestClass]
    public class JsonWriterTests
    {
        [TestMethod]
        public void WritesCompactObjectsAndArrays()
        {
            byte[] buffer = new byte[128];
            JsonWriter w = new JsonWriter();
            w.Reset(buffer, 0, buffer.Length);
            w.BeginObject();
            w.Property("a", 1);
            w.Property("b", "x");
            w.Name("c");
            w.BeginArray();
            w.Number(-2);
            w.Fixed(215, -1);
            w.Bool(true);
            w.Null();
            w.EndArray();
            w.EndObject();
            Assert.IsFalse(w.Overflowed);
            Assert.AreEqual("{\"a\":1,\"b\":\"x\",\"c\":[-2,21.5,true,null]}", Utf8.Decode(buffer, 0, w.Length));
        }

        [TestMethod]
        public void EscapesQuotesBackslashesAndControlCharacters()
        {
            byte[] buffer = new byte[64];
            JsonWriter w = new JsonWriter();
            w.Reset(buffer, 0, buffer.Length);
            w.String("a\"b\\c\n\u0001\u00e9");
            Assert.AreEqual("\"a\\\"b\\\\c\\u000a\\u0001\u00e9\"", Utf8.Decode(buffer, 0, w.Length));
        }

        [TestMethod]
        public void ALoneSurrogateDoesNotSwallowTheNextCharacter()
        {
            byte[] buffer = new byte[32];
            JsonWriter w = new JsonWriter();
            w.Reset(buffer, 0, buffer.Length);
            // Built from chars: a literal with a lone surrogate is already U+FFFD on the device.
            w.String(new string(new char[] { (char)0xD800, (char)0x1F, (char)0xD83D, (char)0xDE00 }));
            Assert.AreEqual("\"\ufffd\\u001f\ud83d\ude00\"", Utf8.Decode(buffer, 0, w.Length));
        }

        [TestMethod]
        public void OverflowStopsWritingAndRewindRestoresTheMark()
        {
            byte[] buffer = new byte[12];
            JsonWriter w = new JsonWriter();
            w.Reset(buffer, 0, buffer.Length);
            w.BeginArray();
            w.Number(1);
            long mark = w.Mark();
            w.String("far too long for the buffer");
            Assert.IsTrue(w.Overflowed);
            w.Rewind(mark);
            Assert.IsFalse(w.Overflowed);
            w.Number(2);
            w.EndArray();
            Assert.AreEqual("[1,2]", Utf8.Decode(buffer, 0, w.Length));
        }

        [TestMethod]
        public void WritesAtAnOffsetWithinItsCapacity()
        {
            byte[] buffer = new byte[10];
            JsonWriter w = new JsonWriter();
            w.Reset(buffer, 4, 3);
            w.Number(123);
            Assert.IsFalse(w.Overflowed);
            w.Reset(buffer, 4, 3);
            w.Number(1234);
            Assert.IsTrue(w.Overflowed);
            Assert.AreEqual((byte)0, buffer[7]);
        }
    }
}
