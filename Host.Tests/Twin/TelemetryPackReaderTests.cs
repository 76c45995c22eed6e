using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using CsCheck;
using Firmware.Host.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Twin
{
    /// <summary>
    /// The receivers' reading of a SenML pack (<see cref="TelemetryObserver.TryReadPack"/>, a stream of tokens) against a
    /// parsed document read the plain way: the same verdict, epoch and sequence numbers for packs the firmware writes,
    /// packs with other records, keys given twice, wrong kinds, cut texts and garbage.
    /// </summary>
    [TestClass]
    public sealed class TelemetryPackReaderTests
    {
        [TestMethod]
        public void APackTheFirmwareWritesGivesItsEpochAndSequences()
        {
            byte[] pack = Encoding.UTF8.GetBytes("[{\"bn\":\"urn:dev:fleet-1:\",\"bt\":1.7e9,\"n\":\"epoch\",\"v\":7},"
                + "{\"n\":\"seq\",\"v\":41},{\"n\":\"temperature\",\"u\":\"Cel\",\"v\":21.5},{\"n\":\"seq\",\"t\":60,\"v\":42}]");
            List<long> sequences = new List<long>();

            Assert.IsTrue(TelemetryObserver.TryReadPack(pack, out long epoch, sequences));

            Assert.AreEqual(7L, epoch);
            CollectionAssert.AreEqual(new long[] { 41, 42 }, sequences);
        }

        [TestMethod]
        public void WhatIsNotAPackIsRefused()
        {
            foreach (string text in new[] { "", "{}", "[1]", "[{\"n\":5}]", "[{\"n\":\"seq\"}]", "[{\"n\":\"seq\",\"v\":1.5}]", "[{\"n\":\"seq\",\"v\":\"1\"}]", "[]x", "[{}", "[{\"n\":\"seq\",\"v\":1}] [" })
            {
                Assert.IsFalse(TelemetryObserver.TryReadPack(Encoding.UTF8.GetBytes(text), out _, new List<long>()), text);
            }

            Assert.IsTrue(TelemetryObserver.TryReadPack(Encoding.UTF8.GetBytes(" [ ] "), out long none, new List<long>()));
            Assert.AreEqual(-1L, none);
        }

        [TestMethod]
        public void TheTokenReaderAgreesWithAParsedDocumentOnAnyText()
        {
            Gen<string> name = Pick("seq", "epoch", "temperature", "n", "v", "s\\u0065q");
            Gen<string> value = Gen.OneOf(
                Gen.Long.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                Gen.Int[-5, 5].Select(v => v + ".5"),
                Pick("\"1\"", "true", "null", "[1,2]", "{\"v\":3}", "1e3", "99999999999999999999"));
            Gen<string> property = Gen.OneOf(
                name.Select(n => "\"n\":\"" + n + "\""),
                value.Select(v => "\"v\":" + v),
                value.Select(v => "\"n\":" + v),
                value.Select(v => "\"t\":" + v));
            Gen<string> record = Gen.OneOf(
                property.Array[0, 5].Select(p => "{" + string.Join(",", p) + "}"),
                value);
            Gen<string> pack = record.Array[0, 8].Select(r => "[" + string.Join(",", r) + "]");
            // Cut anywhere, or with a byte changed: most of those are not JSON at all.
            Gen<string> damaged = Gen.Select(pack, Gen.Int[0, 1000], Gen.Int[0, 3]).Select(t =>
                t.Item3 == 0 && t.Item1.Length > 0 ? t.Item1.Substring(0, t.Item2 % t.Item1.Length)
                : t.Item3 == 1 && t.Item1.Length > 0 ? t.Item1.Remove(t.Item2 % t.Item1.Length, 1).Insert(t.Item2 % t.Item1.Length, "}")
                : t.Item1);

            damaged.Sample(text =>
            {
                byte[] bytes = Encoding.UTF8.GetBytes(text);
                List<long> streamed = new List<long>();
                List<long> parsed = new List<long>();
                bool streamedPack = TelemetryObserver.TryReadPack(bytes, out long streamedEpoch, streamed);
                bool parsedPack = ReadWithDocument(bytes, out long parsedEpoch, parsed);

                Assert.AreEqual(parsedPack, streamedPack, text);
                if (parsedPack)
                {
                    Assert.AreEqual(parsedEpoch, streamedEpoch, text);
                    CollectionAssert.AreEqual(parsed, streamed, text);
                }
            }, iter: Tier.Choose(5_000, 200_000), threads: 1, seed: "0Pk3XIzNsQ0O7");
        }

        private static Gen<string> Pick(params string[] choices) => Gen.Int[0, choices.Length - 1].Select(i => choices[i]);

        /// <summary>The reference: the whole text parsed into a document, each record read by its last "n" and "v".</summary>
        private static bool ReadWithDocument(byte[] payload, out long epoch, List<long> sequences)
        {
            epoch = -1;
            try
            {
                using JsonDocument document = JsonDocument.Parse(payload);
                if (document.RootElement.ValueKind != JsonValueKind.Array)
                {
                    return false;
                }

                foreach (JsonElement record in document.RootElement.EnumerateArray())
                {
                    JsonElement[] names = record.EnumerateObject().Where(p => p.NameEquals("n")).Select(p => p.Value).ToArray();
                    JsonElement[] values = record.EnumerateObject().Where(p => p.NameEquals("v")).Select(p => p.Value).ToArray();
                    if (names.Length == 0)
                    {
                        continue;
                    }

                    string name = names[^1].GetString();
                    if (name == "seq" || name == "epoch")
                    {
                        long v = values[^1].GetInt64();
                        if (name == "seq")
                        {
                            sequences.Add(v);
                        }
                        else
                        {
                            epoch = v;
                        }
                    }
                }

                return true;
            }
            catch (Exception e) when (e is JsonException || e is InvalidOperationException || e is FormatException || e is IndexOutOfRangeException)
            {
                return false;
            }
        }
    }
}
