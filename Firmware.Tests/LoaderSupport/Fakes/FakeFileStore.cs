using System.Collections;
using Firmware.Storage;

namespace Firmware.Tests.Fakes
{
    /// <summary>Files in RAM behind the <see cref="IFileStore"/> port; records how many were written.</summary>
    public sealed class FakeFileStore : IFileStore
    {
        private readonly ArrayList _names = new ArrayList();
        private readonly ArrayList _contents = new ArrayList();

        public int FilesWritten { get; private set; }

        public int FileCount
        {
            get { return _names.Count; }
        }

        public bool Exists(string name)
        {
            return _names.IndexOf(name) >= 0;
        }

        /// <summary>Puts a file in place as a cut would have left it.</summary>
        public void Put(string name, byte[] content)
        {
            Delete(name);
            _names.Add(name);
            _contents.Add(content);
        }

        public byte[] Get(string name)
        {
            int i = _names.IndexOf(name);
            return i < 0 ? null : (byte[])_contents[i];
        }

        public int Length(string name)
        {
            byte[] content = Get(name);
            return content == null ? -1 : content.Length;
        }

        public int Read(string name, int position, byte[] buffer, int offset, int count)
        {
            byte[] content = Get(name);
            if (content == null || position >= content.Length)
            {
                return 0;
            }

            int n = count < content.Length - position ? count : content.Length - position;
            System.Array.Copy(content, position, buffer, offset, n);
            return n;
        }

        public void Write(string name, byte[] buffer, int offset, int count)
        {
            if (Exists(name))
            {
                throw new System.InvalidOperationException(name + " exists");
            }

            byte[] content = new byte[count];
            System.Array.Copy(buffer, offset, content, 0, count);
            _names.Add(name);
            _contents.Add(content);
            FilesWritten++;
        }

        public void Delete(string name)
        {
            int i = _names.IndexOf(name);
            if (i >= 0)
            {
                _names.RemoveAt(i);
                _contents.RemoveAt(i);
            }
        }

        public void Move(string from, string to)
        {
            int i = _names.IndexOf(from);
            if (i < 0 || Exists(to))
            {
                throw new System.InvalidOperationException("cannot move " + from + " to " + to);
            }

            _names[i] = to;
        }
    }
}
