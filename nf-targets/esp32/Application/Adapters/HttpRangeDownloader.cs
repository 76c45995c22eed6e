using System;
using System.IO;
using System.Net;
using Firmware.Ports;

namespace Firmware.Esp32.Adapters
{
    /// <summary>
    /// <see cref="IDownloader"/> with HTTP(S) Range requests. HttpClient cannot send a Range header on nanoFramework
    /// (it is a restricted header), so this uses HttpWebRequest.AddRange. HTTPS checks the server against the CA
    /// certificate stored on the device (deployed with nanoff or Device Explorer) with TLS 1.2.
    /// </summary>
    public sealed class HttpRangeDownloader : IDownloader
    {
        public string LastError { get; private set; }

        public int ReadRange(string url, int position, byte[] buffer, int offset, int count, int timeoutMilliseconds)
        {
            LastError = null;
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

                // The read timeout bounds each read; this bounds the whole answer, so a body that trickles a byte
                // at a time cannot outlast the session's budget.
                DateTime started = DateTime.UtcNow;
                Stream body = response.GetResponseStream();
                while (got < count)
                {
                    long elapsed = (DateTime.UtcNow - started).Ticks / TimeSpan.TicksPerMillisecond;
                    if (elapsed < 0 || elapsed >= timeoutMilliseconds)
                    {
                        break;
                    }

                    int n = body.Read(buffer, offset + got, count - got);
                    if (n <= 0)
                    {
                        break;
                    }

                    got += n;
                }

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
