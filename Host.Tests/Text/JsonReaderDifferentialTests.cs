using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Firmware.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Text
{
    /// <summary>
    /// Our strict JSON reader against System.Text.Json as an independent parser: on random documents and on
    /// random corruptions of them, both must agree on what is valid JSON, and on valid documents our tokens
    /// and values must match theirs. (Our reader refuses numbers with more than 18 significant digits and
    /// nesting deeper than its limit; generated documents stay inside both.)
    /// </summary>
    [TestClass]
    public sealed class JsonReaderDifferentialTests
    {
        private const int MaxDepth = 8;

        private static int Iterations => Environment.GetEnvironmentVariable("FIRMWARE_TEST_TIER") == "long" ? 200_000 : 20_000;

        [TestMethod]
        public void ValidDocumentsReadTheSameAsSystemTextJson()
        {
            int seed = 4242;
            Random random = new Random(seed);
            for (int i = 0; i < Iterations; i++)
            {
                string json = Generate(random, 0);
                byte[] bytes = Encoding.UTF8.GetBytes(json);
                string ours = Describe(bytes, out string error);
                Assert.IsNull(error, $"case {i} (seed {seed}) rejected: {json}: {error}");
                Assert.AreEqual(Reference(bytes), ours, $"case {i} (seed {seed}): {json}");
            }
        }

        [TestMethod]
        public void CorruptedDocumentsAreJudgedLikeSystemTextJson()
        {
            int seed = 777;
            Random random = new Random(seed);
            int rejected = 0;
            for (int i = 0; i < Iterations; i++)
            {
                byte[] bytes = Encoding.UTF8.GetBytes(Generate(random, 0));
                Corrupt(random, ref bytes);
                bool theirs = IsValidJson(bytes);
                string ours = Describe(bytes, out string error);
                string text = Encoding.UTF8.GetString(bytes);
                if (theirs && error != null && IsDocumentedLimit(error))
                {
                    continue;
                }

                Assert.AreEqual(theirs, error == null, $"case {i} (seed {seed}) validity differs for {text}: ours {error ?? "accepted"}");
                if (theirs)
                {
                    Assert.AreEqual(Reference(bytes), ours, $"case {i} (seed {seed}): {text}");
                }
                else
                {
                    rejected++;
                }
            }

            Assert.IsTrue(rejected > Iterations / 4, "the corruptions should break most documents; broke " + rejected);
        }

        // What our reader refuses by design although it is valid JSON: it is bounded.
        private static bool IsDocumentedLimit(string error) =>
            error.StartsWith("number exponent out of range", StringComparison.Ordinal)
            || error.StartsWith("number has more than 18 significant digits", StringComparison.Ordinal);

        // A random document within our reader's limits: depth, 18 significant digits, any Unicode text.
        private static string Generate(Random random, int depth)
        {
            int kind = random.Next(depth >= MaxDepth - 1 ? 5 : 7);
            switch (kind)
            {
                case 0: return "null";
                case 1: return random.Next(2) == 0 ? "true" : "false";
                case 2: return Number(random);
                case 3:
                case 4: return Quote(Text(random));
                case 5:
                    {
                        int n = random.Next(5);
                        StringBuilder b = new StringBuilder("[");
                        for (int i = 0; i < n; i++)
                        {
                            b.Append(i > 0 ? "," : "").Append(Space(random)).Append(Generate(random, depth + 1)).Append(Space(random));
                        }

                        return b.Append(']').ToString();
                    }

                default:
                    {
                        int n = random.Next(5);
                        StringBuilder b = new StringBuilder("{");
                        for (int i = 0; i < n; i++)
                        {
                            b.Append(i > 0 ? "," : "").Append(Space(random)).Append(Quote(Text(random))).Append(Space(random)).Append(':')
                                .Append(Space(random)).Append(Generate(random, depth + 1));
                        }

                        return b.Append('}').ToString();
                    }
            }
        }

        private static string Number(Random random)
        {
            StringBuilder b = new StringBuilder();
            if (random.Next(3) == 0)
            {
                b.Append('-');
            }

            int digits = 1 + random.Next(9);
            b.Append(random.Next(4) == 0 ? "0" : (1 + random.Next(9)).ToString(CultureInfo.InvariantCulture));
            if (b[b.Length - 1] != '0')
            {
                for (int i = 1; i < digits; i++)
                {
                    b.Append((char)('0' + random.Next(10)));
                }
            }

            if (random.Next(2) == 0)
            {
                b.Append('.');
                int fraction = 1 + random.Next(6);
                for (int i = 0; i < fraction; i++)
                {
                    b.Append((char)('0' + random.Next(10)));
                }
            }

            if (random.Next(4) == 0)
            {
                b.Append(random.Next(2) == 0 ? 'e' : 'E');
                b.Append(random.Next(3) switch { 0 => "+", 1 => "-", _ => "" });
                b.Append(random.Next(20).ToString(CultureInfo.InvariantCulture));
            }

            return b.ToString();
        }

        private static string Text(Random random)
        {
            string[] pieces = { "a", "Z", "9", " ", "é", "€", "😀", "\\", "\"", "\n", "\t", "\u0001", "/", "\u2028", "key", "temperature" };
            StringBuilder b = new StringBuilder();
            int n = random.Next(6);
            for (int i = 0; i < n; i++)
            {
                b.Append(pieces[random.Next(pieces.Length)]);
            }

            return b.ToString();
        }

        private static string Quote(string text)
        {
            StringBuilder b = new StringBuilder("\"");
            foreach (char c in text)
            {
                switch (c)
                {
                    case '"': b.Append("\\\""); break;
                    case '\\': b.Append("\\\\"); break;
                    case '\n': b.Append("\\n"); break;
                    case '\t': b.Append("\\t"); break;
                    case '/': b.Append(c); break;
                    default:
                        if (c < 0x20)
                        {
                            b.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        }
                        else if (c == 'é')
                        {
                            b.Append("\\u00E9");
                        }
                        else
                        {
                            b.Append(c);
                        }

                        break;
                }
            }

            return b.Append('"').ToString();
        }

        private static string Space(Random random) => random.Next(4) == 0 ? " \t\r\n".Substring(random.Next(4), 1) : "";

        private static void Corrupt(Random random, ref byte[] bytes)
        {
            byte[] alphabet = Encoding.ASCII.GetBytes("{}[],:\"\\-+.0123456789eEtrufalsn \t\n\rx/");
            int edits = 1 + random.Next(3);
            List<byte> list = new List<byte>(bytes);
            for (int e = 0; e < edits; e++)
            {
                int op = random.Next(3);
                int at = list.Count == 0 ? 0 : random.Next(list.Count);
                if (op == 0 && list.Count > 0)
                {
                    list.RemoveAt(at);
                }
                else if (op == 1)
                {
                    list.Insert(at, alphabet[random.Next(alphabet.Length)]);
                }
                else if (list.Count > 0)
                {
                    list[at] = alphabet[random.Next(alphabet.Length)];
                }
            }

            bytes = list.ToArray();
        }

        private static bool IsValidJson(byte[] bytes)
        {
            try
            {
                Utf8JsonReader reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = MaxDepth, CommentHandling = JsonCommentHandling.Disallow });
                while (reader.Read())
                {
                    if (reader.TokenType == JsonTokenType.String || reader.TokenType == JsonTokenType.PropertyName)
                    {
                        reader.GetString();
                    }
                }

                return true;
            }
            catch (JsonException)
            {
                return false;
            }
            catch (InvalidOperationException)
            {
                // Invalid UTF-8 or a lone surrogate escape in a string value.
                return false;
            }
        }

        // The token stream as text: tokens, decoded strings, and numbers as exact decimals (mantissa e exponent).
        private static string Reference(byte[] bytes)
        {
            StringBuilder b = new StringBuilder();
            Utf8JsonReader reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = MaxDepth });
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject: b.Append("{ "); break;
                    case JsonTokenType.EndObject: b.Append("} "); break;
                    case JsonTokenType.StartArray: b.Append("[ "); break;
                    case JsonTokenType.EndArray: b.Append("] "); break;
                    case JsonTokenType.PropertyName: b.Append("name:").Append(Escape(DeviceText(reader.GetString()))).Append(' '); break;
                    case JsonTokenType.String: b.Append("str:").Append(Escape(DeviceText(reader.GetString()))).Append(' '); break;
                    case JsonTokenType.Number: b.Append("num:").Append(Exact(Encoding.ASCII.GetString(reader.ValueSpan))).Append(' '); break;
                    case JsonTokenType.True: b.Append("true "); break;
                    case JsonTokenType.False: b.Append("false "); break;
                    case JsonTokenType.Null: b.Append("null "); break;
                }
            }

            return b.ToString();
        }

        private static string Describe(byte[] bytes, out string error)
        {
            StringBuilder b = new StringBuilder();
            JsonReader reader = new JsonReader(MaxDepth);
            reader.Reset(bytes, 0, bytes.Length);
            while (reader.Read())
            {
                switch (reader.Token)
                {
                    case JsonToken.StartObject: b.Append("{ "); break;
                    case JsonToken.EndObject: b.Append("} "); break;
                    case JsonToken.StartArray: b.Append("[ "); break;
                    case JsonToken.EndArray: b.Append("] "); break;
                    case JsonToken.PropertyName: b.Append("name:").Append(Escape(reader.GetString())).Append(' '); break;
                    case JsonToken.String: b.Append("str:").Append(Escape(reader.GetString())).Append(' '); break;
                    case JsonToken.Number:
                        {
                            reader.TryGetDecimal(out long mantissa, out int exponent);
                            b.Append("num:").Append(Exact(mantissa.ToString(CultureInfo.InvariantCulture) + "e" + exponent.ToString(CultureInfo.InvariantCulture))).Append(' ');
                            break;
                        }

                    case JsonToken.True: b.Append("true "); break;
                    case JsonToken.False: b.Append("false "); break;
                    case JsonToken.Null: b.Append("null "); break;
                }
            }

            error = reader.Token == JsonToken.EndOfInput ? null : reader.Error ?? "stopped on " + reader.Token;
            return b.ToString();
        }

        // A decimal number as "<digits without trailing zeros>e<exponent>", so 21.50 and 2150e-2 compare equal.
        private static string Exact(string number)
        {
            decimal mantissaSign = 1;
            string s = number;
            if (s.StartsWith('-'))
            {
                mantissaSign = -1;
                s = s.Substring(1);
            }

            int exponent = 0;
            int e = s.IndexOfAny(new[] { 'e', 'E' });
            if (e >= 0)
            {
                exponent = int.Parse(s.Substring(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                s = s.Substring(0, e);
            }

            int dot = s.IndexOf('.');
            if (dot >= 0)
            {
                exponent -= s.Length - dot - 1;
                s = s.Remove(dot, 1);
            }

            s = s.TrimStart('0');
            if (s.Length == 0)
            {
                return "0";
            }

            while (s.EndsWith('0'))
            {
                s = s.Substring(0, s.Length - 1);
                exponent++;
            }

            return (mantissaSign < 0 ? "-" : "") + s + "e" + exponent.ToString(CultureInfo.InvariantCulture);
        }

        // Ours decodes a NUL ("\u0000") as U+FFFD: the device's strings end at the first NUL.
        private static string DeviceText(string text) => text.Replace('\0', '\uFFFD');

        private static string Escape(string s) => JsonSerializer.Serialize(s);
    }
}
