using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using Firmware.Host.Hardware;
using Firmware.Ota;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Ota
{
    /// <summary>
    /// The host's range downloader against servers that misbehave in one scripted way each (a raw socket, so
    /// any answer can be sent): the downloader must return only bytes of the range asked for, fail (-1, with a
    /// reason) rather than report the end of the image when an answer carries nothing, and stop within its timeout.
    /// </summary>
    [TestClass]
    public sealed class HttpRangeDownloaderTests
    {
        private static readonly byte[] Image = Pattern(10000);

        [TestMethod]
        public void AWellBehavedServerGivesTheBytesAsked()
        {
            using ScriptedServer server = new ScriptedServer((request, stream) => Partial(stream, request, Image, 0));
            byte[] buffer = new byte[1000];
            int read = Read(server, 4096, buffer, 1000, 2000);
            Assert.AreEqual(1000, read);
            CollectionAssert.AreEqual(Slice(Image, 4096, 1000), buffer);
        }

        [TestMethod]
        public void AServerIgnoringRangeIsStreamedFromItsStartAndSkippedToThePositionAsked()
        {
            int requests = 0;
            using ScriptedServer server = new ScriptedServer((request, stream) =>
            {
                Interlocked.Increment(ref requests);
                Write(stream, "HTTP/1.1 200 OK\r\nContent-Length: " + Image.Length + "\r\nConnection: close\r\n\r\n", Image);
            });
            using HttpRangeDownloader downloader = new HttpRangeDownloader();
            byte[] buffer = new byte[1000];

            // The read that got the whole image says so to the updater (not a byte of it is taken as the range)...
            Assert.AreEqual(-1, downloader.ReadRange(server.Url, 4096, buffer, 0, 1000, 2000));
            Assert.IsTrue(RangeIgnoredNotice.Is(downloader.LastError), downloader.LastError);
            Assert.IsTrue(downloader.ServerIgnoresRange);

            // ... and the next streams that answer from its start to the position asked.
            Assert.AreEqual(1000, downloader.ReadRange(server.Url, 4096, buffer, 0, 1000, 2000), downloader.LastError);
            CollectionAssert.AreEqual(Slice(Image, 4096, 1000), buffer);
            Assert.AreEqual(4096L, downloader.BytesSkipped);

            // The next range continues the same answer: no second request, nothing skipped twice.
            Assert.AreEqual(1000, downloader.ReadRange(server.Url, 5096, buffer, 0, 1000, 2000), downloader.LastError);
            CollectionAssert.AreEqual(Slice(Image, 5096, 1000), buffer);
            Assert.AreEqual(1, Volatile.Read(ref requests));

            // A range behind the answer's position needs it again from the start; one past its end is the end of the image.
            Assert.AreEqual(-1, downloader.ReadRange(server.Url, 0, buffer, 0, 1000, 2000));
            Assert.IsTrue(RangeIgnoredNotice.Is(downloader.LastError), downloader.LastError);
            Assert.AreEqual(1000, downloader.ReadRange(server.Url, 0, buffer, 0, 1000, 2000), downloader.LastError);
            CollectionAssert.AreEqual(Slice(Image, 0, 1000), buffer);
            Assert.AreEqual(2, Volatile.Read(ref requests));
            Assert.AreEqual(0, downloader.ReadRange(server.Url, Image.Length, buffer, 0, 1000, 2000));

            // A board's sleep drops every connection: the next read asks again.
            downloader.Disconnect();
            Assert.AreEqual(-1, downloader.ReadRange(server.Url, 9000, buffer, 0, 1000, 2000));
            Assert.AreEqual(1000, downloader.ReadRange(server.Url, 9000, buffer, 0, 1000, 2000), downloader.LastError);
            CollectionAssert.AreEqual(Slice(Image, 9000, 1000), buffer);
            Assert.AreEqual(3, Volatile.Read(ref requests));
        }

        [TestMethod]
        public void ASkipThatOutlastsTheTimeoutFailsNamingTheCaseAndTheNextReadAsksAgain()
        {
            using ScriptedServer server = new ScriptedServer((request, stream) =>
            {
                Write(stream, "HTTP/1.1 200 OK\r\nContent-Length: " + Image.Length + "\r\nConnection: close\r\n\r\n", Slice(Image, 0, 2000));
                for (int at = 2000; at < Image.Length; at += 500)
                {
                    Thread.Sleep(100);
                    stream.Write(Image, at, Math.Min(500, Image.Length - at));
                }
            });
            using HttpRangeDownloader downloader = new HttpRangeDownloader();
            byte[] buffer = new byte[1000];

            Assert.AreEqual(-1, downloader.ReadRange(server.Url, 8000, buffer, 0, 1000, 400));
            Assert.IsTrue(RangeIgnoredNotice.Is(downloader.LastError), downloader.LastError);
            Assert.AreEqual(-1, downloader.ReadRange(server.Url, 8000, buffer, 0, 1000, 400));
            Assert.IsFalse(RangeIgnoredNotice.Is(downloader.LastError), "a read cut by its timeout is a failure: " + downloader.LastError);
            StringAssert.Contains(downloader.LastError, "ignores Range");
            long skipped = downloader.BytesSkipped;
            Assert.IsTrue(skipped >= 2000 && skipped < 8000, skipped.ToString());

            // The read cut by its timeout aborted the answer: the next one asks again and streams from the start.
            Assert.AreEqual(-1, downloader.ReadRange(server.Url, 8000, buffer, 0, 1000, 5000));
            int read = downloader.ReadRange(server.Url, 8000, buffer, 0, 1000, 5000);
            Assert.AreEqual(1000, read, downloader.LastError);
            CollectionAssert.AreEqual(Slice(Image, 8000, 1000), buffer);
            Assert.AreEqual(skipped + 8000, downloader.BytesSkipped);
        }

        [TestMethod]
        public void AnotherRangeThanAskedIsAFailure()
        {
            using ScriptedServer server = new ScriptedServer((request, stream) =>
                Write(stream, "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 0-999/10000\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n", Slice(Image, 0, 1000)));
            using HttpRangeDownloader downloader = new HttpRangeDownloader();
            Assert.AreEqual(-1, downloader.ReadRange(server.Url, 4096, new byte[1000], 0, 1000, 2000));
            StringAssert.Contains(downloader.LastError, "another range");
        }

        [TestMethod]
        public void MoreBytesThanAskedAreNotWrittenPastTheCount()
        {
            using ScriptedServer server = new ScriptedServer((request, stream) =>
                Write(stream, "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 4096-9999/10000\r\nContent-Length: 5904\r\nConnection: close\r\n\r\n", Slice(Image, 4096, 5904)));
            using HttpRangeDownloader downloader = new HttpRangeDownloader();
            byte[] buffer = new byte[1100];
            int read = downloader.ReadRange(server.Url, 4096, buffer, 50, 1000, 2000);
            Assert.AreEqual(1000, read);
            CollectionAssert.AreEqual(Slice(Image, 4096, 1000), Slice(buffer, 50, 1000));
            for (int i = 1050; i < buffer.Length; i++)
            {
                Assert.AreEqual(0, buffer[i], "byte " + i + " past the count was written");
            }
        }

        [TestMethod]
        public void FewerBytesThanAskedAreReturnedAsAPartialRead()
        {
            using ScriptedServer server = new ScriptedServer((request, stream) =>
                Write(stream, "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 4096-4395/10000\r\nContent-Length: 300\r\nConnection: close\r\n\r\n", Slice(Image, 4096, 300)));
            using HttpRangeDownloader downloader = new HttpRangeDownloader();
            byte[] buffer = new byte[1000];
            Assert.AreEqual(300, downloader.ReadRange(server.Url, 4096, buffer, 0, 1000, 2000));
            CollectionAssert.AreEqual(Slice(Image, 4096, 300), Slice(buffer, 0, 300));
        }

        [TestMethod]
        public void APartialAnswerWithAnEmptyBodyIsAFailureNotTheEndOfTheImage()
        {
            // A connection closed right after the headers (a proxy, a dropped link): 0 would tell the updater the
            // image ends here, and it would refuse a good image for good as truncated.
            using ScriptedServer server = new ScriptedServer((request, stream) =>
                Write(stream, "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 4096-5095/10000\r\nConnection: close\r\n\r\n", new byte[0]));
            using HttpRangeDownloader downloader = new HttpRangeDownloader();
            Assert.AreEqual(-1, downloader.ReadRange(server.Url, 4096, new byte[1000], 0, 1000, 2000));
            Assert.IsNotNull(downloader.LastError);
        }

        [TestMethod]
        public void ARangeNotSatisfiableIsTheEndOfTheImage()
        {
            using ScriptedServer server = new ScriptedServer((request, stream) =>
                Write(stream, "HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: bytes */10000\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", new byte[0]));
            using HttpRangeDownloader downloader = new HttpRangeDownloader();
            Assert.AreEqual(0, downloader.ReadRange(server.Url, 10000, new byte[1000], 0, 1000, 2000));
        }

        [TestMethod]
        public void ARedirectIsFollowedAndTheRangeKept()
        {
            using ScriptedServer target = new ScriptedServer((request, stream) => Partial(stream, request, Image, 0));
            using ScriptedServer server = new ScriptedServer((request, stream) =>
                Write(stream, "HTTP/1.1 302 Found\r\nLocation: " + target.Url + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", new byte[0]));
            byte[] buffer = new byte[1000];
            Assert.AreEqual(1000, Read(server, 2048, buffer, 1000, 2000));
            CollectionAssert.AreEqual(Slice(Image, 2048, 1000), buffer);
        }

        [TestMethod]
        public void AnEndlessSlowBodyStopsAtTheTimeoutWithTheBytesSoFar()
        {
            using ScriptedServer server = new ScriptedServer((request, stream) =>
            {
                Write(stream, "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 0-999/10000\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n", Slice(Image, 0, 10));
                for (int i = 10; i < 1000; i++)
                {
                    Thread.Sleep(50);
                    stream.Write(Image, i, 1);
                }
            });
            using HttpRangeDownloader downloader = new HttpRangeDownloader();
            byte[] buffer = new byte[1000];
            Stopwatch time = Stopwatch.StartNew();
            int read = downloader.ReadRange(server.Url, 0, buffer, 0, 1000, 600);
            time.Stop();
            Assert.IsTrue(time.ElapsedMilliseconds < 3000, "the read took " + time.ElapsedMilliseconds + " ms with a 600 ms timeout");
            Assert.IsTrue(read >= 10 && read < 1000, "read " + read);
            CollectionAssert.AreEqual(Slice(Image, 0, read), Slice(buffer, 0, read));
        }

        [TestMethod]
        public void ASilentServerFailsAtTheTimeout()
        {
            using ScriptedServer server = new ScriptedServer((request, stream) => Thread.Sleep(3000));
            using HttpRangeDownloader downloader = new HttpRangeDownloader();
            Stopwatch time = Stopwatch.StartNew();
            Assert.AreEqual(-1, downloader.ReadRange(server.Url, 0, new byte[1000], 0, 1000, 300));
            Assert.IsTrue(time.ElapsedMilliseconds < 2500, "the read took " + time.ElapsedMilliseconds + " ms with a 300 ms timeout");
            StringAssert.Contains(downloader.LastError, "no answer");
        }

        private static int Read(ScriptedServer server, int position, byte[] buffer, int count, int timeout)
        {
            using HttpRangeDownloader downloader = new HttpRangeDownloader();
            return downloader.ReadRange(server.Url, position, buffer, 0, count, timeout);
        }

        /// <summary>A correct 206 answer to the request's Range header, from <paramref name="body"/>.</summary>
        private static void Partial(Stream stream, string request, byte[] body, int unused)
        {
            int at = request.IndexOf("Range: bytes=", StringComparison.OrdinalIgnoreCase);
            string spec = request.Substring(at + 13, request.IndexOf('\r', at) - at - 13);
            string[] parts = spec.Split('-');
            int from = int.Parse(parts[0]);
            int to = Math.Min(int.Parse(parts[1]), body.Length - 1);
            Write(stream, "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes " + from + "-" + to + "/" + body.Length + "\r\nContent-Length: " + (to - from + 1) + "\r\nConnection: close\r\n\r\n", Slice(body, from, to - from + 1));
        }

        private static void Write(Stream stream, string head, byte[] body)
        {
            byte[] bytes = Encoding.ASCII.GetBytes(head);
            stream.Write(bytes, 0, bytes.Length);
            stream.Write(body, 0, body.Length);
            stream.Flush();
        }

        private static byte[] Pattern(int length)
        {
            byte[] b = new byte[length];
            for (int i = 0; i < length; i++)
            {
                b[i] = (byte)((i * 7) + (i >> 8));
            }

            return b;
        }

        private static byte[] Slice(byte[] data, int offset, int count)
        {
            byte[] r = new byte[count];
            Buffer.BlockCopy(data, offset, r, 0, count);
            return r;
        }

        /// <summary>Loopback server that reads each request's head and lets a script answer, then closes the connection.</summary>
        private sealed class ScriptedServer : IDisposable
        {
            private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
            private readonly Action<string, Stream> _script;

            public ScriptedServer(Action<string, Stream> script)
            {
                _script = script;
                _listener.Start();
                Url = "http://127.0.0.1:" + ((IPEndPoint)_listener.LocalEndpoint).Port + "/image.bin";
                Thread accept = new Thread(Accept) { IsBackground = true, Name = "scripted-http" };
                accept.Start();
            }

            public string Url { get; }

            public void Dispose() => _listener.Stop();

            private void Accept()
            {
                while (true)
                {
                    TcpClient client;
                    try
                    {
                        client = _listener.AcceptTcpClient();
                    }
                    catch (Exception e) when (e is SocketException || e is ObjectDisposedException || e is InvalidOperationException)
                    {
                        return;
                    }

                    Thread answer = new Thread(() => Answer(client)) { IsBackground = true };
                    answer.Start();
                }
            }

            private void Answer(TcpClient client)
            {
                using (client)
                {
                    try
                    {
                        NetworkStream stream = client.GetStream();
                        StringBuilder head = new StringBuilder();
                        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
                        {
                            int b = stream.ReadByte();
                            if (b < 0)
                            {
                                return;
                            }

                            head.Append((char)b);
                        }

                        _script(head.ToString(), stream);
                    }
                    catch (IOException)
                    {
                        // The client gave up (a timeout under test): nothing to answer.
                    }
                }
            }
        }
    }
}
