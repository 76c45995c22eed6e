using System;
using System.Collections.Generic;
using Firmware.Ports;

namespace Firmware.Host.Tests.Support
{
    /// <summary>Serves images from memory by byte ranges, counting what it served: the download side of host OTA tests.</summary>
    public sealed class MemoryDownloader : IDownloader
    {
        private readonly Dictionary<string, byte[]> _files = new Dictionary<string, byte[]>();

        public long BytesServed { get; private set; }

        public string LastError { get; private set; }

        public void Put(string url, byte[] content) => _files[url] = content;

        public int ReadRange(string url, int position, byte[] buffer, int offset, int count, int timeoutMilliseconds)
        {
            if (!_files.TryGetValue(url, out byte[] file))
            {
                LastError = "404 " + url;
                return -1;
            }

            int n = Math.Max(0, Math.Min(count, file.Length - position));
            Buffer.BlockCopy(file, position, buffer, offset, n);
            BytesServed += n;
            return n;
        }
    }
}
