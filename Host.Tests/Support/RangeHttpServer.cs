using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using Firmware.Host.Mqtt;

namespace Firmware.Host.Tests.Support
{
    /// <summary>
    /// A static file server on loopback (HttpListener) that answers HTTP Range requests with 206 Partial Content,
    /// as any web server or CDN does, or, with <see cref="IgnoreRange"/>, with the whole file and 200 OK, as a server
    /// without Range support does (python3 -m http.server); and injects faults into the next responses: a connection
    /// dropped after some bytes, a corrupted byte, a slow answer. Counts the body bytes it sent.
    /// </summary>
    public sealed class RangeHttpServer : IDisposable
    {
        private readonly HttpListener _listener = new HttpListener();
        private readonly ConcurrentDictionary<string, byte[]> _files = new ConcurrentDictionary<string, byte[]>();
        private readonly ConcurrentQueue<HttpFault> _faults = new ConcurrentQueue<HttpFault>();
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private long _bytesSent;
        private int _requests;

        private RangeHttpServer(int port)
        {
            Port = port;
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Start();
            Task.Run(Serve);
        }

        public int Port { get; }

        public long BytesSent => Interlocked.Read(ref _bytesSent);

        public int Requests => Volatile.Read(ref _requests);

        /// <summary>When true, every request gets the whole file with 200 OK, whatever its Range header asks.</summary>
        public bool IgnoreRange { get; set; }

        public static RangeHttpServer Start() => new RangeHttpServer(EmbeddedBroker.FreeLoopbackPort());

        public string Url(string name) => $"http://127.0.0.1:{Port}/{name}";

        public void Put(string name, byte[] content) => _files[name] = content;

        /// <summary>Applies to the next response with a body (faults queue up in order).</summary>
        public void Inject(HttpFault fault) => _faults.Enqueue(fault);

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Close();
        }

        private async Task Serve()
        {
            while (!_stop.IsCancellationRequested)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync().ConfigureAwait(false);
                }
                catch (Exception) when (_stop.IsCancellationRequested)
                {
                    return;
                }
                catch (HttpListenerException)
                {
                    return;
                }

                _ = Task.Run(() => Answer(context));
            }
        }

        private async Task Answer(HttpListenerContext context)
        {
            Interlocked.Increment(ref _requests);
            HttpListenerResponse response = context.Response;
            try
            {
                if (!_files.TryGetValue(context.Request.Url.AbsolutePath.TrimStart('/'), out byte[] file))
                {
                    response.StatusCode = 404;
                    response.Close();
                    return;
                }

                long from = 0;
                long to = file.Length - 1;
                string header = context.Request.Headers["Range"];
                if (header != null && !IgnoreRange && RangeHeaderValue.TryParse(header, out RangeHeaderValue range) && range.Ranges.Count == 1)
                {
                    RangeItemHeaderValue item = First(range);
                    from = item.From ?? 0;
                    to = Math.Min(item.To ?? file.Length - 1, file.Length - 1);
                    if (from >= file.Length)
                    {
                        response.StatusCode = 416;
                        response.AddHeader("Content-Range", $"bytes */{file.Length}");
                        response.Close();
                        return;
                    }

                    response.StatusCode = 206;
                    response.AddHeader("Content-Range", $"bytes {from}-{to}/{file.Length}");
                }

                int count = (int)(to - from + 1);
                byte[] body = new byte[count];
                Buffer.BlockCopy(file, (int)from, body, 0, count);
                response.ContentLength64 = count;
                _faults.TryDequeue(out HttpFault fault);
                if (fault?.DelayMilliseconds > 0)
                {
                    await Task.Delay(fault.DelayMilliseconds).ConfigureAwait(false);
                }

                if (fault?.CorruptByteAt >= 0 && fault.CorruptByteAt < count)
                {
                    body[fault.CorruptByteAt] ^= 0x5A;
                }

                int send = fault?.DropAfterBytes >= 0 ? Math.Min(fault.DropAfterBytes, count) : count;
                await response.OutputStream.WriteAsync(body, 0, send).ConfigureAwait(false);
                Interlocked.Add(ref _bytesSent, send);
                if (send < count)
                {
                    await response.OutputStream.FlushAsync().ConfigureAwait(false);
                    response.Abort();
                    return;
                }

                response.Close();
            }
            catch (Exception e) when (e is HttpListenerException || e is ObjectDisposedException || e is InvalidOperationException)
            {
                response.Abort();
            }
        }

        private static RangeItemHeaderValue First(RangeHeaderValue range)
        {
            foreach (RangeItemHeaderValue item in range.Ranges)
            {
                return item;
            }

            return null;
        }
    }
}
