using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using Firmware.Ports;

namespace Firmware.Host.Hardware
{
    /// <summary>
    /// <see cref="IDownloader"/> over HTTP(S) Range requests with the host's HttpClient, as the ESP32 adapter does
    /// with HttpWebRequest.AddRange: any static server or CDN serves the image. A read that breaks off after some
    /// bytes returns those bytes (the caller asks for the rest); one that gets none fails with the reason.
    /// </summary>
    public sealed class HttpRangeDownloader : IDownloader, IDisposable
    {
        private readonly HttpClient _client;

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

        public int ReadRange(string url, int position, byte[] buffer, int offset, int count, int timeoutMilliseconds)
        {
            if (count <= 0 || position < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(count), "a positive count from a non-negative position");
            }

            LastError = null;
            Requests++;
            int got = 0;
            using CancellationTokenSource timeout = new CancellationTokenSource(Math.Max(1, timeoutMilliseconds));
            try
            {
                using HttpRequestMessage request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.Range = new RangeHeaderValue(position, (long)position + count - 1);
                using HttpResponseMessage response = _client.Send(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
                {
                    return 0;
                }

                if (response.StatusCode != HttpStatusCode.PartialContent)
                {
                    return Failed($"HTTP {(int)response.StatusCode} {response.ReasonPhrase} for a range of {url}" + (response.StatusCode == HttpStatusCode.OK ? " (the server ignores Range requests)" : ""));
                }

                ContentRangeHeaderValue range = response.Content.Headers.ContentRange;
                if (range == null || range.From != position)
                {
                    return Failed($"the server answered another range ({range}) than bytes {position}-");
                }

                using Stream body = response.Content.ReadAsStream(timeout.Token);
                while (got < count)
                {
                    int n = body.ReadAsync(buffer, offset + got, count - got, timeout.Token).GetAwaiter().GetResult();
                    if (n == 0)
                    {
                        break;
                    }

                    got += n;
                }

                // A 206 without a byte is a broken answer, not the end of the image (that is a 416): reporting 0
                // would make the updater refuse a good image as truncated.
                return got > 0 ? got : Failed($"the server's partial answer for bytes {position}- of {url} carried no byte");
            }
            catch (Exception e) when (e is HttpRequestException || e is IOException || e is OperationCanceledException)
            {
                string reason = e is OperationCanceledException ? $"no answer within {timeoutMilliseconds} ms" : e.Message;
                return got > 0 ? got : Failed($"range read of {url} failed: {reason}");
            }
        }

        public void Dispose() => _client.Dispose();

        private int Failed(string error)
        {
            LastError = error;
            return -1;
        }
    }
}
