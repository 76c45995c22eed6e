namespace Firmware.Storage
{
    /// <summary>
    /// A value longer than one state-store record (the energy ledger and the wake's counters), written as
    /// several records that only count together. Two banks of keys alternate: generation g lives in bank g % 2,
    /// so writing generation g + 1 never touches the records of g, and a cut between two of its records leaves g
    /// whole. <see cref="Load"/> takes the newest bank whose records all carry the same generation.
    ///
    /// Record: generation u32, chunk index u8, chunk count u8, then up to <see cref="StateStore.MaxRecordBytes"/> - 6
    /// bytes of the value. Keys firstKey .. firstKey + 2 × chunks - 1 belong to it.
    /// </summary>
    public sealed class BankedRecord
    {
        private const int ChunkHeader = 6;

        private readonly int _firstKey;
        private readonly int _chunks;
        private readonly int _version;
        private readonly byte[] _record = new byte[255];
        private int _chunkBytes;

        /// <param name="firstKey">The first of the 2 × <paramref name="chunksPerBank"/> keys it owns.</param>
        /// <param name="chunksPerBank">Records per bank: the value holds up to chunks × (record size - 6) bytes.</param>
        /// <param name="version">The format version the caller gives its value (stored with every record).</param>
        public BankedRecord(int firstKey, int chunksPerBank, int version)
        {
            if (chunksPerBank < 1 || chunksPerBank > 16 || firstKey < 1 || firstKey + (2 * chunksPerBank) > 0xFFFF)
            {
                throw new System.ArgumentOutOfRangeException("chunksPerBank", "chunksPerBank must be 1 to 16 and every key must fit in 16 bits");
            }

            _firstKey = firstKey;
            _chunks = chunksPerBank;
            _version = version;
        }

        /// <summary>The generation last loaded or saved; 0 before any.</summary>
        public long Generation { get; private set; }

        /// <summary>The largest value <paramref name="state"/> can hold in this record.</summary>
        public int CapacityIn(StateStore state)
        {
            return _chunks * (state.MaxRecordBytes - ChunkHeader);
        }

        /// <summary>
        /// Copies the newest complete value into <paramref name="into"/> at <paramref name="offset"/> and returns its
        /// length, or -1 when neither bank holds a complete one (<paramref name="into"/> may then hold part of one).
        /// The first record of each bank names its generation: the newer bank is read through and taken when every
        /// record of it agrees, else the older one is. A boot thus reads each record of the value once, and besides
        /// them the two banks' first records (N + 2 reads for N records), where reading both banks whole and then the
        /// newer again took 3N + 3.
        /// </summary>
        public int Load(StateStore state, byte[] into, int offset)
        {
            _chunkBytes = state.MaxRecordBytes - ChunkHeader;
            long first = FirstChunk(state, 0);
            long second = FirstChunk(state, 1);
            int newer = second > first ? 1 : 0;
            for (int attempt = 0; attempt < 2; attempt++)
            {
                int bank = attempt == 0 ? newer : 1 - newer;
                long generation = bank == 0 ? first : second;
                if (generation < 0)
                {
                    continue;
                }

                int length = Gather(state, bank, generation, into, offset);
                if (length >= 0)
                {
                    Generation = generation;
                    return length;
                }
            }

            return -1;
        }

        /// <summary>Writes <paramref name="count"/> bytes as the next generation (committed at the next sync).</summary>
        public void Save(StateStore state, byte[] data, int offset, int count)
        {
            _chunkBytes = state.MaxRecordBytes - ChunkHeader;
            if (data == null || offset < 0 || count < 0 || offset > data.Length - count)
            {
                throw new System.ArgumentOutOfRangeException("count", "offset and count must lie within the buffer");
            }

            int total = count == 0 ? 1 : (count + _chunkBytes - 1) / _chunkBytes;
            if (total > _chunks)
            {
                throw new System.ArgumentException("a banked record holds at most " + (_chunks * _chunkBytes).ToString() + " bytes, not " + count.ToString());
            }

            long generation = Generation + 1;
            if (generation > 0xFFFFFFFFL)
            {
                generation = 1;
            }

            int bank = (int)(generation % 2);
            for (int i = 0; i < total; i++)
            {
                int from = i * _chunkBytes;
                int n = count - from < _chunkBytes ? count - from : _chunkBytes;
                LittleEndian.WriteUInt32(_record, 0, (uint)generation);
                _record[4] = (byte)i;
                _record[5] = (byte)total;
                if (n > 0)
                {
                    System.Array.Copy(data, offset + from, _record, ChunkHeader, n);
                }

                state.Write(Key(bank, i), _version, _record, 0, ChunkHeader + n);
            }

            Generation = generation;
        }

        private int Key(int bank, int chunk)
        {
            return _firstKey + (bank * _chunks) + chunk;
        }

        /// <summary>
        /// The generation the first record of <paramref name="bank"/> names (its chunk count checked, the generation's
        /// parity its bank's), else -1.
        /// </summary>
        private long FirstChunk(StateStore state, int bank)
        {
            int version;
            int length = state.Read(Key(bank, 0), _record, 0, out version);
            int total = _record[5];
            if (length < ChunkHeader || version != _version || _record[4] != 0 || total < 1 || total > _chunks)
            {
                return -1;
            }

            long generation = LittleEndian.ReadUInt32(_record, 0);
            return generation % 2 == bank ? generation : -1;
        }

        /// <summary>
        /// Copies the value of <paramref name="bank"/> when every record of it carries <paramref name="generation"/>, its
        /// index and the same count; its length, else -1.
        /// </summary>
        private int Gather(StateStore state, int bank, long generation, byte[] into, int offset)
        {
            int length = 0;
            int total = 1;
            for (int i = 0; i < total; i++)
            {
                int version;
                int n = state.Read(Key(bank, i), _record, 0, out version);
                if (i == 0)
                {
                    total = _record[5];
                }

                if (n < ChunkHeader || version != _version || _record[4] != i || _record[5] != total || total < 1 || total > _chunks
                    || LittleEndian.ReadUInt32(_record, 0) != generation)
                {
                    return -1;
                }

                n -= ChunkHeader;
                if (into == null || offset < 0 || offset + length + n > into.Length)
                {
                    throw new System.ArgumentException("the buffer has no room for the value of keys from " + _firstKey.ToString());
                }

                System.Array.Copy(_record, ChunkHeader, into, offset + length, n);
                length += n;
            }

            return length;
        }
    }
}
