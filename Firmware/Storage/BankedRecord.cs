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
        /// length, or -1 when neither bank holds a complete one.
        /// </summary>
        public int Load(StateStore state, byte[] into, int offset)
        {
            _chunkBytes = state.MaxRecordBytes - ChunkHeader;
            long best = -1;
            int bestBank = -1;
            for (int bank = 0; bank < 2; bank++)
            {
                long generation = Complete(state, bank);
                if (generation > best)
                {
                    best = generation;
                    bestBank = bank;
                }
            }

            if (bestBank < 0)
            {
                return -1;
            }

            int length = 0;
            int total = ChunkCount(state, bestBank);
            for (int i = 0; i < total; i++)
            {
                int version;
                int n = state.Read(Key(bestBank, i), _record, 0, out version) - ChunkHeader;
                if (n < 0)
                {
                    return -1;
                }

                if (into == null || offset < 0 || offset + length + n > into.Length)
                {
                    throw new System.ArgumentException("the buffer has no room for the value of keys from " + _firstKey.ToString());
                }

                System.Array.Copy(_record, ChunkHeader, into, offset + length, n);
                length += n;
            }

            Generation = best;
            return length;
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

        /// <summary>The bank's generation when every chunk of it is present and agrees, else -1.</summary>
        private long Complete(StateStore state, int bank)
        {
            int total = ChunkCount(state, bank);
            if (total < 1)
            {
                return -1;
            }

            long generation = -1;
            for (int i = 0; i < total; i++)
            {
                int version;
                int length = state.Read(Key(bank, i), _record, 0, out version);
                if (length < ChunkHeader || version != _version || _record[4] != i || _record[5] != total)
                {
                    return -1;
                }

                long g = LittleEndian.ReadUInt32(_record, 0);
                if (i == 0)
                {
                    generation = g;
                }
                else if (g != generation)
                {
                    return -1;
                }
            }

            return generation % 2 == bank ? generation : -1;
        }

        private int ChunkCount(StateStore state, int bank)
        {
            int version;
            int length = state.Read(Key(bank, 0), _record, 0, out version);
            if (length < ChunkHeader || version != _version)
            {
                return -1;
            }

            int total = _record[5];
            return total >= 1 && total <= _chunks ? total : -1;
        }
    }
}
