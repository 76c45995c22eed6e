using Firmware.Text;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Text
{
    [TestClass]
    public class JsonReaderTests
    {
        [TestMethod]
        public void ReadsTokensOfANestedDocument()
        {
            JsonReader r = Reader("{\"a\":[1,true,null,\"x\"],\"b\":{}}");
            JsonToken[] expected = new JsonToken[]
            {
                JsonToken.StartObject, JsonToken.PropertyName, JsonToken.StartArray, JsonToken.Number, JsonToken.True,
                JsonToken.Null, JsonToken.String, JsonToken.EndArray, JsonToken.PropertyName, JsonToken.StartObject,
                JsonToken.EndObject, JsonToken.EndObject,
            };
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.IsTrue(r.Read(), "token " + i.ToString() + ": " + r.Error);
                Assert.AreEqual((int)expected[i], (int)r.Token, "token " + i.ToString());
            }

            Assert.IsFalse(r.Read());
            Assert.AreEqual((int)JsonToken.EndOfInput, (int)r.Token);
            Assert.IsNull(r.Error);
        }

        [TestMethod]
        public void KeepsNumbersExact()
        {
            long value;
            JsonReader r = Reader("21.5");
            r.Read();
            Assert.IsTrue(r.TryGetFixed(-1, out value));
            Assert.AreEqual(215L, value);
            Assert.IsTrue(r.TryGetFixed(-2, out value));
            Assert.AreEqual(2150L, value);
            Assert.IsFalse(r.TryGetFixed(0, out value), "21.5 is not a whole number");

            r = Reader("-1.25e2");
            r.Read();
            Assert.IsTrue(r.TryGetInt64(out value));
            Assert.AreEqual(-125L, value);

            r = Reader("0.000");
            r.Read();
            Assert.IsTrue(r.TryGetInt64(out value));
            Assert.AreEqual(0L, value);

            r = Reader("9223372036854775807");
            r.Read();
            Assert.IsFalse(r.TryGetInt64(out value), "19 significant digits are refused");

            r = Reader("1e30");
            r.Read();
            Assert.IsFalse(r.TryGetInt64(out value), "too large for a long");
        }

        [TestMethod]
        public void DecodesEscapes()
        {
            JsonReader r = Reader("\"a\\\"b\\\\c\\/\\n\\u00e9\\ud83d\\ude00\"");
            r.Read();
            Assert.AreEqual("a\"b\\c/\n\u00e9\ud83d\ude00", r.GetString());
            Assert.IsFalse(r.ValueEquals("x"));
        }

        [TestMethod]
        public void NulAndLoneSurrogateEscapesDecodeToReplacementCharacters()
        {
            // The device's strings end at a NUL and hold no lone surrogate; both become U+FFFD on every runtime.
            JsonReader r = Reader("\"a\\u0000b\\ud800c\"");
            r.Read();
            string text = r.GetString();
            Assert.AreEqual(5, text.Length);
            Assert.AreEqual("a\ufffdb\ufffdc", text);
        }

        [TestMethod]
        public void ComparesNamesWithoutDecoding()
        {
            JsonReader r = Reader("{\"deviceId\":1}");
            r.Read();
            r.Read();
            Assert.IsTrue(r.ValueEquals("deviceId"));
            Assert.IsFalse(r.ValueEquals("device"));
        }

        [TestMethod]
        public void SkipsWholeValues()
        {
            JsonReader r = Reader("{\"skip\":{\"x\":[1,{\"y\":2}]},\"keep\":3}");
            r.Read();
            r.Read();
            Assert.IsTrue(r.Skip());
            Assert.IsTrue(r.Read());
            Assert.IsTrue(r.ValueEquals("keep"));
        }

        [DataRow("")]
        [DataRow("   ")]
        [DataRow("{")]
        [DataRow("{\"a\"}")]
        [DataRow("{\"a\":}")]
        [DataRow("{\"a\":1,}")]
        [DataRow("[1,]")]
        [DataRow("[1 2]")]
        [DataRow("{a:1}")]
        [DataRow("{'a':1}")]
        [DataRow("01")]
        [DataRow("1.")]
        [DataRow("-")]
        [DataRow("1e")]
        [DataRow("+1")]
        [DataRow("tru")]
        [DataRow("nul")]
        [DataRow("\"unterminated")]
        [DataRow("\"bad \\x escape\"")]
        [DataRow("\"bad \\u12 escape\"")]
        [DataRow("\"tab\there\"")]
        [DataRow("{} {}")]
        [DataRow("[[[[[[[[[[]]]]]]]]]]")]
        [DataRow("1234567890123456789")]
        public void RejectsMalformedInputWithAReason(string json)
        {
            JsonReader r = Reader(json);
            int guard = 0;
            while (r.Read() && guard++ < 100)
            {
            }

            Assert.AreEqual((int)JsonToken.Invalid, (int)r.Token, "accepted: " + json);
            Assert.IsNotNull(r.Error);
            Assert.IsTrue(Ordinal.IndexOf(r.Error, " at byte ") > 0, r.Error);
        }

        [TestMethod]
        public void RejectsInvalidUtf8InStrings()
        {
            // A stray continuation byte, an overlong '/', an encoded surrogate, a cut 3-byte sequence, above U+10FFFF.
            byte[][] cases = new byte[][]
            {
                new byte[] { 0x22, 0x80, 0x22 },
                new byte[] { 0x22, 0xC0, 0xAF, 0x22 },
                new byte[] { 0x22, 0xED, 0xA0, 0x80, 0x22 },
                new byte[] { 0x22, 0xE2, 0x82, 0x22 },
                new byte[] { 0x22, 0xF4, 0x90, 0x80, 0x80, 0x22 },
            };
            for (int i = 0; i < cases.Length; i++)
            {
                JsonReader r = new JsonReader(8);
                r.Reset(cases[i], 0, cases[i].Length);
                Assert.IsFalse(r.Read(), "case " + i.ToString());
                Assert.IsTrue(Ordinal.IndexOf(r.Error, "invalid UTF-8") >= 0, r.Error);
            }

            byte[] valid = new byte[] { 0x22, 0xF0, 0x9F, 0x98, 0x80, 0xE2, 0x82, 0xAC, 0x22 };
            JsonReader ok = new JsonReader(8);
            ok.Reset(valid, 0, valid.Length);
            Assert.IsTrue(ok.Read());
            Assert.AreEqual("\ud83d\ude00\u20ac", ok.GetString());
        }

        private static JsonReader Reader(string json)
        {
            JsonReader r = new JsonReader(8);
            byte[] bytes = Utf8.GetBytes(json);
            r.Reset(bytes, 0, bytes.Length);
            return r;
        }
    }
}
