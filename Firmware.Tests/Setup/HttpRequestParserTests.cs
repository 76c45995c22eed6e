using Firmware.Setup;
using Firmware.Text;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Setup
{
    [TestClass]
    public class HttpRequestParserTests
    {
        [TestMethod]
        public void ReadsAGetWithItsPathHostAndNoBody()
        {
            HttpRequestParser parser = Parse("GET /result?x=1 HTTP/1.1\r\nHost: 192.168.4.1\r\nAccept: */*\r\n\r\n");
            Assert.AreEqual((int)HttpParse.Complete, (int)parser.State);
            Assert.AreEqual((int)HttpMethod.Get, (int)parser.Method);
            Assert.AreEqual("/result", parser.Path);
            Assert.AreEqual("192.168.4.1", parser.Host);
            Assert.AreEqual(0, parser.ContentLength);
        }

        [TestMethod]
        public void ReadsAFormPostThatArrivesAByteAtATime()
        {
            string body = "ssid=home&wpass=secret";
            string request = "POST /setup HTTP/1.1\r\nhost: 192.168.4.1\r\ncontent-type: application/x-www-form-urlencoded; charset=UTF-8\r\nContent-Length: "
                + body.Length.ToString() + "\r\n\r\n" + body;
            byte[] bytes = Utf8.GetBytes(request);
            HttpRequestParser parser = new HttpRequestParser();
            for (int i = 0; i < bytes.Length; i++)
            {
                Assert.AreEqual((int)HttpParse.Incomplete, (int)parser.State, "complete early at byte " + i.ToString());
                parser.Buffer[parser.Length] = bytes[i];
                parser.Received(1);
            }

            Assert.AreEqual((int)HttpParse.Complete, (int)parser.State);
            Assert.AreEqual((int)HttpMethod.Post, (int)parser.Method);
            Assert.AreEqual(body, Utf8.Decode(parser.Buffer, parser.BodyOffset, parser.ContentLength));
        }

        [TestMethod]
        public void TakesBareLineFeedsAndTheAbsoluteForm()
        {
            HttpRequestParser parser = Parse("GET http://connectivitycheck.gstatic.com/generate_204 HTTP/1.0\nHost: connectivitycheck.gstatic.com\n\n");
            Assert.AreEqual((int)HttpParse.Complete, (int)parser.State);
            Assert.AreEqual("/generate_204", parser.Path);
        }

        [DataRow("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400)]
        [DataRow("GET / HTTP/1.1\r\nBad Header: x\r\n\r\n", 400)]
        [DataRow("GET / HTTP/1.1\r\n: empty\r\n\r\n", 400)]
        [DataRow("GET / HTTP/1.1\r\nX: a\u0001b\r\n\r\n", 400)]
        [DataRow("get / HTTP/1.1\r\n\r\n", 400)]
        [DataRow("GET noslash HTTP/1.1\r\n\r\n", 400)]
        [DataRow("GET /\r\n\r\n", 400)]
        [DataRow("GET / HTTP/2.0\r\n\r\n", 505)]
        [DataRow("DELETE / HTTP/1.1\r\n\r\n", 501)]
        [DataRow("POST /setup HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n", 411)]
        [DataRow("POST /setup HTTP/1.1\r\nContent-Length: 3\r\nContent-Type: text/plain\r\n\r\nabc", 415)]
        [DataRow("POST /setup HTTP/1.1\r\nContent-Length: 99999\r\n\r\n", 413)]
        [DataRow("POST /setup HTTP/1.1\r\nContent-Length: 12345678901\r\n\r\n", 413)]
        [DataRow("POST /setup HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400)]
        [DataRow("POST /setup HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\n", 400)]
        [DataRow("POST /setup HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 501)]
        public void RefusesWithTheRightStatus(string request, int status)
        {
            HttpRequestParser parser = Parse(request);
            Assert.AreEqual((int)HttpParse.Refused, (int)parser.State, "not refused: " + request);
            Assert.AreEqual(status, parser.Status, parser.Problem);
            Assert.IsNotNull(parser.Problem);
        }

        [TestMethod]
        public void RefusesAHeadThatNeverEnds()
        {
            HttpRequestParser parser = new HttpRequestParser();
            byte[] line = Utf8.GetBytes("X-Filler: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n");
            Feed(parser, Utf8.GetBytes("GET / HTTP/1.1\r\n"));
            while (parser.State == HttpParse.Incomplete && parser.Free >= line.Length)
            {
                Feed(parser, line);
            }

            Assert.AreEqual((int)HttpParse.Refused, (int)parser.State);
            Assert.AreEqual(431, parser.Status);
        }

        [TestMethod]
        public void RefusesALongTargetAndTooManyHeaders()
        {
            char[] path = new char[HttpRequestParser.MaxTargetLength + 1];
            for (int i = 0; i < path.Length; i++)
            {
                path[i] = 'a';
            }

            path[0] = '/';
            Assert.AreEqual(414, Parse("GET " + new string(path) + " HTTP/1.1\r\n\r\n").Status);
            string head = "GET / HTTP/1.1\r\n";
            for (int i = 0; i <= HttpRequestParser.MaxHeaders; i++)
            {
                head += "X" + i.ToString() + ": 1\r\n";
            }

            Assert.AreEqual(431, Parse(head + "\r\n").Status);
        }

        [TestMethod]
        public void ServesRequestAfterRequestOnceReset()
        {
            HttpRequestParser parser = Parse("DELETE / HTTP/1.1\r\n\r\n");
            Assert.AreEqual(501, parser.Status);
            parser.Reset();
            Feed(parser, Utf8.GetBytes("GET /scan HTTP/1.1\r\n\r\n"));
            Assert.AreEqual((int)HttpParse.Complete, (int)parser.State);
            Assert.AreEqual("/scan", parser.Path);
            Assert.AreEqual(0, parser.Status);
        }

        private static HttpRequestParser Parse(string request)
        {
            HttpRequestParser parser = new HttpRequestParser();
            Feed(parser, Utf8.GetBytes(request));
            return parser;
        }

        private static void Feed(HttpRequestParser parser, byte[] bytes)
        {
            int n = bytes.Length < parser.Free ? bytes.Length : parser.Free;
            System.Array.Copy(bytes, 0, parser.Buffer, parser.Length, n);
            parser.Received(n);
        }
    }
}
