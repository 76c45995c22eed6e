using System;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Firmware.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Text
{
    /// <summary>
    /// What the firmware writes, read back by independent code: FixedPoint against BigInteger arithmetic,
    /// JsonWriter and Utf8 against System.Text.Json and System.Text.Encoding.
    /// </summary>
    [TestClass]
    public sealed class WriterDifferentialTests
    {
        private static int Iterations => Environment.GetEnvironmentVariable("FIRMWARE_TEST_TIER") == "long" ? 500_000 : 50_000;

        [TestMethod]
        public void FixedPointWritesTheExactDecimal()
        {
            Random random = new Random(99);
            for (int i = 0; i < Iterations; i++)
            {
                long value = random.Next(4) switch
                {
                    0 => random.Next(-1000, 1000),
                    1 => random.NextInt64(),
                    2 => -random.NextInt64(),
                    _ => (long)random.Next() * random.Next(-3, 3),
                };
                int scale = random.Next(-18, 19);
                string text = FixedPoint.Format(value, scale);
                Assert.AreEqual(Expected(value, scale), text, $"value {value} scale {scale}");
            }
        }

        [TestMethod]
        public void JsonWriterStringsAndNumbersReadBackThroughSystemTextJson()
        {
            Random random = new Random(7);
            byte[] buffer = new byte[4096];
            JsonWriter writer = new JsonWriter();
            for (int i = 0; i < Iterations / 10; i++)
            {
                string text = RandomText(random);
                long value = random.NextInt64() >> random.Next(64);
                int scale = random.Next(-6, 1);
                writer.Reset(buffer, 0, buffer.Length);
                writer.BeginObject();
                writer.Property("s", text);
                writer.Property("v", value, scale);
                writer.EndObject();
                Assert.IsFalse(writer.Overflowed);
                using JsonDocument doc = JsonDocument.Parse(buffer.AsMemory(0, writer.Length));
                Assert.AreEqual(text.Replace("\ud800", "\ufffd"), doc.RootElement.GetProperty("s").GetString(), "case " + i);
                Assert.AreEqual(Expected(value, scale), doc.RootElement.GetProperty("v").GetRawText(), "case " + i);
            }
        }

        [TestMethod]
        public void Utf8MatchesTheFrameworkEncoderOnWellFormedText()
        {
            Random random = new Random(3);
            for (int i = 0; i < Iterations / 10; i++)
            {
                string text = RandomText(random).Replace("\ud800", "x");
                byte[] ours = Utf8.GetBytes(text);
                CollectionAssert.AreEqual(Encoding.UTF8.GetBytes(text), ours, "case " + i);
                // A NUL decodes as U+FFFD: the device's strings end at the first NUL.
                Assert.AreEqual(text.Replace('\0', '\uFFFD'), Utf8.Decode(ours, 0, ours.Length));
            }
        }

        [TestMethod]
        public void Utf8DecodesRandomBytesLikeTheFrameworkDecoder()
        {
            Random random = new Random(5);
            for (int i = 0; i < Iterations / 10; i++)
            {
                byte[] bytes = new byte[random.Next(12)];
                random.NextBytes(bytes);
                // Both replace each maximal ill-formed subpart with U+FFFD (Unicode's recommended practice); ours
                // also a NUL, which would end the string on the device.
                Assert.AreEqual(Encoding.UTF8.GetString(bytes).Replace('\0', '\uFFFD'), Utf8.Decode(bytes, 0, bytes.Length), "bytes " + Convert.ToHexString(bytes));
            }
        }

        private static string Expected(long value, int scale)
        {
            BigInteger magnitude = BigInteger.Abs(value);
            string digits = magnitude.ToString(CultureInfo.InvariantCulture);
            string sign = value < 0 ? "-" : "";
            if (scale >= 0)
            {
                return value == 0 ? "0" : sign + digits + new string('0', scale);
            }

            int fraction = -scale;
            digits = digits.PadLeft(fraction + 1, '0');
            string whole = digits.Substring(0, digits.Length - fraction);
            string part = digits.Substring(digits.Length - fraction).TrimEnd('0');
            if (value == 0)
            {
                return "0";
            }

            return sign + whole + (part.Length > 0 ? "." + part : "");
        }

        private static string RandomText(Random random)
        {
            string[] pieces = { "a", "Z", " ", "\"", "\\", "\n", "\u0000", "\u001f", "\u007f", "é", "€", "\ud83d\ude00", "\ud800", "/", "<", "\u2028" };
            StringBuilder b = new StringBuilder();
            int n = random.Next(8);
            for (int i = 0; i < n; i++)
            {
                b.Append(pieces[random.Next(pieces.Length)]);
            }

            return b.ToString();
        }
    }
}
