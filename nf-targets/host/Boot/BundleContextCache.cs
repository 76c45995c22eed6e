using System;
using System.Collections.Generic;
using System.Diagnostics;

namespace Firmware.Host.Boot
{
    /// <summary>
    /// Load contexts shared by many simulated devices in one process (a fleet): one per bundle image, keyed by the
    /// image's SHA-256, loaded once and never unloaded. A thousand devices that run the same release share its
    /// assemblies and their compiled code, as they would share nothing on boards but the bytes. The firmware keeps no
    /// state in statics (only immutable tables and locked caches), so devices on different threads can share them.
    /// </summary>
    public sealed class BundleContextCache
    {
        private readonly object _gate = new object();
        private readonly Dictionary<string, Entry> _entries = new Dictionary<string, Entry>(StringComparer.Ordinal);

        /// <summary>Bundles loaded so far.</summary>
        public int Loaded
        {
            get
            {
                lock (_gate)
                {
                    return _entries.Count;
                }
            }
        }

        /// <summary>
        /// The entry type of the image whose SHA-256 is <paramref name="imageSha256"/>, loaded by <paramref name="load"/>
        /// into a context of its own the first time it is asked for; the load time measured then is every later boot's too.
        /// </summary>
        public Type EntryFor(byte[] imageSha256, string name, Func<BundleLoadContext, Type> load, out long loadMilliseconds)
        {
            string key = Convert.ToHexString(imageSha256);
            lock (_gate)
            {
                if (!_entries.TryGetValue(key, out Entry entry))
                {
                    BundleLoadContext context = new BundleLoadContext(name);
                    Stopwatch watch = Stopwatch.StartNew();
                    try
                    {
                        entry = new Entry(load(context), watch.ElapsedMilliseconds);
                    }
                    catch
                    {
                        context.Unload();
                        throw;
                    }

                    _entries.Add(key, entry);
                }

                loadMilliseconds = entry.LoadMilliseconds;
                return entry.Type;
            }
        }

        private sealed record Entry(Type Type, long LoadMilliseconds);
    }
}
