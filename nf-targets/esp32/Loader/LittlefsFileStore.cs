using System.IO;
using Firmware.Storage;

namespace Firmware.Esp32.Loader
{
    /// <summary>
    /// The I: drive (littlefs on the "config" partition) behind the <see cref="IFileStore"/> port of the
    /// sector-file flash adapter. nanoFramework flushes on every write but never syncs; littlefs commits a
    /// file when it is closed, so <see cref="Write"/> closes before it returns, and that is the durability
    /// point. Part of the frozen loader, which reads boot control through this store.
    /// </summary>
    public sealed class LittlefsFileStore : IFileStore
    {
        public LittlefsFileStore(string folder)
        {
            if (!Directory.Exists(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }

        public int Length(string name)
        {
            if (!File.Exists(name))
            {
                return -1;
            }

            using (FileStream file = new FileStream(name, FileMode.Open, FileAccess.Read))
            {
                return (int)file.Length;
            }
        }

        public int Read(string name, int position, byte[] buffer, int offset, int count)
        {
            if (!File.Exists(name))
            {
                return 0;
            }

            using (FileStream file = new FileStream(name, FileMode.Open, FileAccess.Read))
            {
                if (position >= file.Length)
                {
                    return 0;
                }

                file.Seek(position, SeekOrigin.Begin);
                int total = 0;
                while (total < count)
                {
                    int n = file.Read(buffer, offset + total, count - total);
                    if (n <= 0)
                    {
                        break;
                    }

                    total += n;
                }

                return total;
            }
        }

        public void Write(string name, byte[] buffer, int offset, int count)
        {
            using (FileStream file = new FileStream(name, FileMode.CreateNew, FileAccess.Write))
            {
                file.Write(buffer, offset, count);
            }
        }

        public void Delete(string name)
        {
            if (File.Exists(name))
            {
                File.Delete(name);
            }
        }

        public void Move(string from, string to)
        {
            File.Move(from, to);
        }
    }
}
