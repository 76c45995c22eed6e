using Firmware.Setup;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Setup
{
    [TestClass]
    public class DnsAnswerTests
    {
        private static readonly byte[] Address = new byte[] { 192, 168, 4, 1 };

        [TestMethod]
        public void AnswersAnAQueryWithTheDevicesAddress()
        {
            byte[] query = Query(0x1234, "connectivitycheck.gstatic.com", 1, 1, 0x01);
            byte[] answer = new byte[DnsAnswer.MaxMessageBytes];
            int length = DnsAnswer.Write(query, query.Length, Address, answer);
            Assert.AreEqual(query.Length + 16, length);
            Assert.AreEqual(0x12, (int)answer[0]);
            Assert.AreEqual(0x34, (int)answer[1]);
            Assert.AreEqual(0x85, (int)answer[2], "a response, authoritative, recursion desired copied");
            Assert.AreEqual(0, answer[3] & 0x0F, "NOERROR");
            Assert.AreEqual(1, (int)answer[7], "one answer");
            Assert.AreEqual(0xC0, (int)answer[query.Length]);
            Assert.AreEqual(12, (int)answer[query.Length + 1]);
            for (int i = 0; i < 4; i++)
            {
                Assert.AreEqual((int)Address[i], (int)answer[length - 4 + i]);
            }
        }

        [TestMethod]
        public void AnswersOtherTypesWithNoRecord()
        {
            byte[] query = Query(7, "example.org", 28, 1, 0);
            byte[] answer = new byte[DnsAnswer.MaxMessageBytes];
            int length = DnsAnswer.Write(query, query.Length, Address, answer);
            Assert.AreEqual(query.Length, length);
            Assert.AreEqual(0, (int)answer[7], "no answer record for AAAA");
            Assert.AreEqual(0, answer[3] & 0x0F);
        }

        [TestMethod]
        public void IgnoresAnEdnsRecordAfterTheQuestion()
        {
            byte[] plain = Query(9, "a.b", 1, 1, 0);
            byte[] query = new byte[plain.Length + 11];
            System.Array.Copy(plain, query, plain.Length);
            query[11] = 1;
            query[plain.Length + 2] = 41;
            byte[] answer = new byte[DnsAnswer.MaxMessageBytes];
            int length = DnsAnswer.Write(query, query.Length, Address, answer);
            Assert.AreEqual(plain.Length + 16, length);
            Assert.AreEqual(0, (int)answer[11], "no additional record in the answer");
        }

        [TestMethod]
        public void DropsWhatIsNoQuery()
        {
            byte[] answer = new byte[DnsAnswer.MaxMessageBytes];
            Assert.AreEqual(0, DnsAnswer.Write(new byte[11], 11, Address, answer), "shorter than a header");
            byte[] response = Query(1, "a", 1, 1, 0);
            response[2] = 0x80;
            Assert.AreEqual(0, DnsAnswer.Write(response, response.Length, Address, answer), "a response");
        }

        [TestMethod]
        public void RefusesMalformedQueriesWithFormatError()
        {
            byte[] answer = new byte[DnsAnswer.MaxMessageBytes];
            byte[] query = Query(5, "abc.de", 1, 1, 0);
            Assert.AreEqual(12, DnsAnswer.Write(query, query.Length - 2, Address, answer), "truncated");
            Assert.AreEqual(1, answer[3] & 0x0F);
            Assert.AreEqual(0, (int)answer[5], "no question echoed");
            byte[] two = Query(5, "abc.de", 1, 1, 0);
            two[5] = 2;
            DnsAnswer.Write(two, two.Length, Address, answer);
            Assert.AreEqual(1, answer[3] & 0x0F, "two questions");
            byte[] pointer = Query(5, "abc.de", 1, 1, 0);
            pointer[12] = 0xC0;
            DnsAnswer.Write(pointer, pointer.Length, Address, answer);
            Assert.AreEqual(1, answer[3] & 0x0F, "a compression pointer in a query");
            byte[] endless = new byte[300];
            endless[5] = 1;
            for (int i = 12; i < endless.Length; i += 2)
            {
                endless[i] = 1;
                endless[i + 1] = (byte)'a';
            }

            DnsAnswer.Write(endless, endless.Length, Address, answer);
            Assert.AreEqual(1, answer[3] & 0x0F, "a name over 255 bytes");
        }

        [TestMethod]
        public void AnswersAnotherOpcodeNotImplemented()
        {
            byte[] query = Query(3, "a", 1, 1, 0);
            query[2] = (byte)(2 << 3);
            byte[] answer = new byte[DnsAnswer.MaxMessageBytes];
            Assert.AreEqual(12, DnsAnswer.Write(query, query.Length, Address, answer));
            Assert.AreEqual(4, answer[3] & 0x0F);
        }

        [TestMethod]
        public void ParsesOnlyDottedIpv4()
        {
            byte[] parsed = DnsAnswer.ParseAddress("192.168.4.1");
            Assert.AreEqual(192, (int)parsed[0]);
            Assert.AreEqual(1, (int)parsed[3]);
            Assert.IsNull(DnsAnswer.ParseAddress("192.168.4"));
            Assert.IsNull(DnsAnswer.ParseAddress("192.168.4.256"));
            Assert.IsNull(DnsAnswer.ParseAddress("1..2.3"));
            Assert.IsNull(DnsAnswer.ParseAddress("1.2.3.4.5"));
            Assert.IsNull(DnsAnswer.ParseAddress("a.b.c.d"));
        }

        /// <summary>A standard query for one name; flags byte 2 given (RD is 0x01).</summary>
        public static byte[] Query(int id, string name, int type, int klass, int flags)
        {
            string[] labels = name.Split('.');
            int length = 12 + 1 + 4;
            for (int i = 0; i < labels.Length; i++)
            {
                length += labels[i].Length + 1;
            }

            byte[] query = new byte[length];
            query[0] = (byte)(id >> 8);
            query[1] = (byte)id;
            query[2] = (byte)flags;
            query[5] = 1;
            int at = 12;
            for (int i = 0; i < labels.Length; i++)
            {
                query[at++] = (byte)labels[i].Length;
                for (int c = 0; c < labels[i].Length; c++)
                {
                    query[at++] = (byte)labels[i][c];
                }
            }

            query[at++] = 0;
            query[at++] = (byte)(type >> 8);
            query[at++] = (byte)type;
            query[at++] = (byte)(klass >> 8);
            query[at] = (byte)klass;
            return query;
        }
    }
}
