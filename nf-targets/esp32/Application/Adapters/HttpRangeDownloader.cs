using System;
using System.IO;
using System.Net;
using Firmware.Ota;
using Firmware.Ports;

namespace Firmware.Esp32.Adapters
{
    /// <summary>
    /// <see cref="IDownloader"/> with HTTP(S) Range requests. HttpClient cannot send a Range header on nanoFramework
    /// (it is a restricted header), so this uses HttpWebRequest.AddRange. HTTPS checks the server against the CA
    /// certificate stored on the device (deployed with nanoff or Device Explorer) with TLS 1.2.
    /// <para>
    /// A server that ignores Range (it answers 200 with the whole image) is said to the updater by the read that got such
    /// an answer (<see cref="RangeIgnoredNotice"/>); the answer is kept open, and the next reads stream it from its first
    /// byte, skipping to the position asked into the caller's buffer (nothing is allocated), and continue it for later
    /// positions, so the chunks of a download cost one answer, not one each. A read that runs out of time or breaks off
    /// drops that answer, and so does one left unused for <see cref="IdleMilliseconds"/> (a mains device's next session).
    /// </para>
    /// </summary>
    public sealed class HttpRangeDownloader : IDownloader
    {
        /// <summary>An answer kept open longer than this without a read is not continued (its connection is likely gone).</summary>
        public const int IdleMilliseconds = 10000;

        private HttpWebResponse _answer;
        private Stream _body;
        private string _answerUrl;
        private long _answerAt;
        private long _answerLength;
        private DateTime _answerUsed;

        public string LastError { get; private set; }

        public int ReadRange(string url, int position, byte[] buffer, int offset, int count, int timeoutMilliseconds)
        {
            LastError = null;
            if (_body != null && _answerUrl == url && position >= _answerAt && Elapsed(_answerUsed) <= IdleMilliseconds)
            {
                return Continue(url, position, buffer, offset, count, timeoutMilliseconds);
            }

            DropAnswer();
            int got = 0;
            HttpWebResponse response = null;
            try
            {
                HttpWebRequest request = (HttpWebRequest)WebRequest.Create(url);
                request.Method = "GET";
                request.KeepAlive = false;
                request.Timeout = timeoutMilliseconds;
                request.ReadWriteTimeout = timeoutMilliseconds;
                request.AddRange(position, position + count - 1);
                if (Firmware.Text.Ordinal.StartsWith(url, "https://"))
                {
                    request.SslProtocols = System.Net.Security.SslProtocols.Tls12;
                }

                response = (HttpWebResponse)request.GetResponse();
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    // The whole image from its first byte: kept open for the next reads, and said to the updater.
                    _answer = response;
                    _body = response.GetResponseStream();
                    _answerUrl = url;
                    _answerAt = 0;
                    _answerLength = response.ContentLength;
                    _answerUsed = DateTime.UtcNow;
                    response = null;
                    LastError = RangeIgnoredNotice.Prefix + "the server answered a range request for " + url + " with the whole image (HTTP 200); the next reads stream it from its start";
                    return -1;
                }

                if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
                {
                    return 0;
                }

                if (response.StatusCode != HttpStatusCode.PartialContent)
                {
                    LastError = "HTTP " + ((int)response.StatusCode).ToString() + " for a range of " + url;
                    return -1;
                }

                // Bytes of another range (a server or proxy answering from elsewhere) must never reach the slot.
                string range = response.GetResponseHeader("Content-Range");
                if (range == null || !Firmware.Text.Ordinal.StartsWith(range, "bytes " + position.ToString() + "-"))
                {
                    LastError = "the server answered another range (" + (range ?? "none") + ") than bytes " + position.ToString() + "-";
                    return -1;
                }

                Stream body = response.GetResponseStream();
                bool ended;
                got = ReadWithin(body, buffer, offset, count, DateTime.UtcNow, timeoutMilliseconds, out ended);
                body.Close();

                // A 206 without a byte is a broken answer, not the end of the image (that is a 416): reporting 0
                // would make the updater refuse a good image as truncated.
                return Failed(got, "the server's partial answer carried no byte");
            }
            catch (WebException e)
            {
                // 416 arrives as a WebException on some servers: past the end of the image.
                HttpWebResponse error = e.Response as HttpWebResponse;
                if (error != null && error.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
                {
                    return 0;
                }

                return Failed(got, "range read failed: " + e.Message);
            }
            catch (IOException e)
            {
                return Failed(got, "range read broke off: " + e.Message);
            }
            finally
            {
                if (response != null)
                {
                    response.Close();
                }
            }
        }

        /// <summary>Drops the answer kept open.</summary>
        private void DropAnswer()
        {
            if (_body != null)
            {
                _body.Close();
                _body = null;
            }

            if (_answer != null)
            {
                _answer.Close();
                _answer = null;
            }

            _answerUrl = null;
        }

        /// <summary>Reads the open answer of a server that ignores Range: skips up to the position, then reads the range.</summary>
        private int Continue(string url, int position, byte[] buffer, int offset, int count, int timeoutMilliseconds)
        {
            if (_answerLength >= 0 && position >= _answerLength)
            {
                // Past the end of the whole image: the image ends there, as a 416 says.
                return 0;
            }

            DateTime started = DateTime.UtcNow;
            int got = 0;
            try
            {
                if (_body.CanTimeout)
                {
                    _body.ReadTimeout = timeoutMilliseconds;
                }

                while (_answerAt < position)
                {
                    if (Elapsed(started) >= timeoutMilliseconds)
                    {
                        return Dropped(url, position, "streamed to byte " + _answerAt.ToString() + " within " + timeoutMilliseconds.ToString() + " ms");
                    }

                    // The caller's buffer is the scratch space for the bytes skipped: nothing is allocated.
                    long left = position - _answerAt;
                    int n = _body.Read(buffer, offset, left < count ? (int)left : count);
                    if (n <= 0)
                    {
                        DropAnswer();
                        return 0;
                    }

                    _answerAt += n;
                }

                bool ended;
                got = ReadWithin(_body, buffer, offset, count, started, timeoutMilliseconds, out ended);
                _answerAt += got;
                _answerUsed = DateTime.UtcNow;
                if (got == 0)
                {
                    // The whole image ends at the position: its end, as a 416 says; else no byte came in time.
                    return ended ? Ended() : Dropped(url, position, "no byte within " + timeoutMilliseconds.ToString() + " ms");
                }

                return got;
            }
            catch (IOException e)
            {
                return got > 0 ? got : Dropped(url, position, "the answer broke off at byte " + _answerAt.ToString() + ": " + e.Message);
            }
            catch (System.Net.Sockets.SocketException e)
            {
                return got > 0 ? got : Dropped(url, position, "the answer broke off at byte " + _answerAt.ToString() + ": " + e.Message);
            }
        }

        /// <summary>
        /// Reads until <paramref name="count"/> bytes, the end of the body (<paramref name="ended"/>) or the time since
        /// <paramref name="started"/> passes the timeout: the read timeout bounds each read, this the whole answer, so a
        /// body that trickles a byte at a time cannot outlast the session's budget.
        /// </summary>
        private static int ReadWithin(Stream body, byte[] buffer, int offset, int count, DateTime started, int timeoutMilliseconds, out bool ended)
        {
            int got = 0;
            ended = false;
            while (got < count)
            {
                if (Elapsed(started) >= timeoutMilliseconds)
                {
                    break;
                }

                int n = body.Read(buffer, offset + got, count - got);
                if (n <= 0)
                {
                    ended = true;
                    break;
                }

                got += n;
            }

            return got;
        }

        private static long Elapsed(DateTime started)
        {
            long elapsed = (DateTime.UtcNow - started).Ticks / TimeSpan.TicksPerMillisecond;
            return elapsed < 0 ? long.MaxValue : elapsed;
        }

        private int Ended()
        {
            DropAnswer();
            return 0;
        }

        private int Dropped(string url, int position, string why)
        {
            DropAnswer();
            LastError = "the server ignores Range requests (it answers 200 with the whole of " + url + "); " + why + ", the range asked starts at byte " + position.ToString();
            return -1;
        }

        private int Failed(int got, string error)
        {
            if (got > 0)
            {
                return got;
            }

            LastError = error;
            return -1;
        }
    }
}
