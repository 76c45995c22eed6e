using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using Firmware.Ota;
using Firmware.Ports;

namespace Firmware.Host.Hardware
{
    /// <summary>
    /// <see cref="IDownloader"/> over HTTP(S) Range requests with the host's HttpClient, as the ESP32 adapter does
    /// with HttpWebRequest.AddRange: any static server or CDN serves the image. A read that breaks off after some
    /// bytes returns those bytes (the caller asks for the rest); one that gets none fails with the reason.
    /// <para>
    /// A server that ignores Range (it answers 200 with the whole image, as <c>python3 -m http.server</c> does) is said
    /// to the updater by the read that got such an answer (<see cref="RangeIgnoredNotice"/>); the answer is kept open, and
    /// the next reads stream it from its first byte, skipping to the position asked, and continue it for later
    /// positions, so the chunks of a download cost one answer, not one each. A read cut by its timeout loses that answer
    /// (the connection is aborted), and so does one left unused for <see cref="IdleMilliseconds"/> or
    /// <see cref="Disconnect"/>.
    /// </para>
    /// </summary>
    public sealed class HttpRangeDownloader : IDownloader, IDisposable
    {
        /// <summary>An answer kept open longer than this without a read is not continued (its connection is likely gone).</summary>
        public const int IdleMilliseconds = 10000;

        private readonly HttpClient _client;
        private readonly System.Diagnostics.Stopwatch _idle = new System.Diagnostics.Stopwatch();
        private HttpResponseMessage _answer;
        private Stream _body;
        private string _answerUrl;
        private long _answerAt;
        private long _answerLength;

        public HttpRangeDownloader()
        {
            _client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(30) })
            {
                Timeout = Timeout.InfiniteTimeSpan,
            };
        }

        public string LastError { get; private set; }

        /// <summary>Range requests sent.</summary>
        public int Requests { get; private set; }

        /// <summary>True when the server's last answer to a range request was the whole resource.</summary>
        public bool ServerIgnoresRange { get; private set; }

        /// <summary>Bytes streamed and dropped to reach the positions asked, in all: what the server's lack of Range cost.</summary>
        public long BytesSkipped { get; private set; }

        public int ReadRange(string url, int position, byte[] buffer, int offset, int count, int timeoutMilliseconds)
        {
            if (count <= 0 || position < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(count), "a positive count from a non-negative position");
            }

            LastError = null;
            using CancellationTokenSource timeout = new CancellationTokenSource(Math.Max(1, timeoutMilliseconds));
            if (_body != null && _answerUrl == url && position >= _answerAt && _idle.ElapsedMilliseconds <= IdleMilliseconds)
            {
                return Continue(url, position, buffer, offset, count, timeout.Token, timeoutMilliseconds);
            }

            Disconnect();
            int got = 0;
            HttpResponseMessage response = null;
            try
            {
                Requests++;
                using HttpRequestMessage request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.Range = new RangeHeaderValue(position, (long)position + count - 1);
                response = _client.Send(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    // The whole image from its first byte: kept open for the next reads, and said to the updater.
                    ServerIgnoresRange = true;
                    _answer = response;
                    _body = response.Content.ReadAsStream(timeout.Token);
                    _answerUrl = url;
                    _answerAt = 0;
                    _answerLength = response.Content.Headers.ContentLength ?? -1;
                    _idle.Restart();
                    response = null;
                    return Failed(RangeIgnoredNotice.Prefix + $"the server answered a range request for {url} with the whole image (HTTP 200); the next reads stream it from its start");
                }

                ServerIgnoresRange = false;
                if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
                {
                    return 0;
                }

                if (response.StatusCode != HttpStatusCode.PartialContent)
                {
                    return Failed($"HTTP {(int)response.StatusCode} {response.ReasonPhrase} for a range of {url}");
                }

                ContentRangeHeaderValue range = response.Content.Headers.ContentRange;
                if (range == null || range.From != position)
                {
                    return Failed($"the server answered another range ({range}) than bytes {position}-");
                }

                using Stream body = response.Content.ReadAsStream(timeout.Token);
                ReadInto(body, buffer, offset, count, timeout.Token, ref got);

                // A 206 without a byte is a broken answer, not the end of the image (that is a 416): reporting 0
                // would make the updater refuse a good image as truncated.
                return got > 0 ? got : Failed($"the server's partial answer for bytes {position}- of {url} carried no byte");
            }
            catch (Exception e) when (e is HttpRequestException || e is IOException || e is OperationCanceledException)
            {
                string reason = e is OperationCanceledException ? $"no answer within {timeoutMilliseconds} ms" : e.Message;
                return got > 0 ? got : Failed($"range read of {url} failed: {reason}");
            }
            finally
            {
                response?.Dispose();
            }
        }

        /// <summary>Drops the answer kept open (the device slept or restarted: its connections are gone).</summary>
        public void Disconnect()
        {
            _body?.Dispose();
            _answer?.Dispose();
            _body = null;
            _answer = null;
            _answerUrl = null;
        }

        public void Dispose()
        {
            Disconnect();
            _client.Dispose();
        }

        /// <summary>Reads the open answer of a server that ignores Range: skips up to the position, then reads the range.</summary>
        private int Continue(string url, int position, byte[] buffer, int offset, int count, CancellationToken timeout, int timeoutMilliseconds)
        {
            if (_answerLength >= 0 && position >= _answerLength)
            {
                // Past the end of the whole image: the image ends there, as a 416 says.
                return 0;
            }

            int got = 0;
            try
            {
                while (_answerAt < position)
                {
                    // The caller's buffer is the scratch space for the bytes skipped.
                    int n = _body.ReadAsync(buffer, offset, (int)Math.Min(count, position - _answerAt), timeout).GetAwaiter().GetResult();
                    if (n == 0)
                    {
                        Disconnect();
                        return 0;
                    }

                    _answerAt += n;
                    BytesSkipped += n;
                }

                ReadInto(_body, buffer, offset, count, timeout, ref got);
                _answerAt += got;
                _idle.Restart();
                if (got == 0)
                {
                    Disconnect();
                }

                return got;
            }
            catch (Exception e) when (e is HttpRequestException || e is IOException || e is OperationCanceledException)
            {
                // The connection is aborted or broken: the next read asks again.
                long reached = _answerAt + got;
                Disconnect();
                string reason = e is OperationCanceledException ? $"streamed to byte {reached} within {timeoutMilliseconds} ms" : $"the answer broke off at byte {reached}: {e.Message}";
                return got > 0 ? got : Failed($"the server ignores Range requests (it answers 200 with the whole of {url}); {reason}, the range asked starts at byte {position}");
            }
        }

        /// <summary>Reads until <paramref name="count"/> bytes or the end of the body; <paramref name="got"/> counts them, also when a read throws.</summary>
        private static void ReadInto(Stream body, byte[] buffer, int offset, int count, CancellationToken timeout, ref int got)
        {
            while (got < count)
            {
                int n = body.ReadAsync(buffer, offset + got, count - got, timeout).GetAwaiter().GetResult();
                if (n == 0)
                {
                    return;
                }

                got += n;
            }
        }

        private int Failed(string error)
        {
            LastError = error;
            return -1;
        }
    }
}
