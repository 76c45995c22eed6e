using Firmware.Boot;
using Firmware.Crypto;

namespace Firmware.Ota
{
    /// <summary>
    /// The public keys the device trusts: the loader's root keys that are not revoked, plus the keys key
    /// updates added and did not revoke. A key is named by its id, the first 8 bytes of the SHA-256 of the
    /// key. Rules for key updates (<see cref="Apply"/>): each must carry a newer key sequence than the last (so
    /// an old update cannot be replayed), any trusted key may add keys or revoke added keys, a root key can
    /// only be revoked by another root key, a revoked key is never trusted again, and at least one key stays.
    /// </summary>
    public sealed class KeyRing
    {
        private readonly IUpdateSlots _slots;
        private readonly Sha256 _sha = new Sha256();
        private readonly byte[] _digest = new byte[Sha256.HashSize];
        private readonly byte[] _rootIds;
        private readonly byte[] _id = new byte[ManifestFormat.KeyIdSize];
        private readonly byte[] _key = new byte[ManifestFormat.PublicKeySize];

        public KeyRing(IUpdateSlots slots)
        {
            _slots = slots;
            _rootIds = new byte[slots.RootKeyCount * ManifestFormat.KeyIdSize];
            for (int i = 0; i < slots.RootKeyCount; i++)
            {
                slots.CopyRootKey(i, _key, 0);
                KeyId(_key, 0, _rootIds, i * ManifestFormat.KeyIdSize);
            }
        }

        /// <summary>Root index of the key the last successful <see cref="Find"/> returned, or -1 for an added key.</summary>
        public int FoundRoot { get; private set; }

        /// <summary>A key id (8 bytes at <paramref name="offset"/>) as 16 lower-case hex digits, for people.</summary>
        public static string IdText(byte[] id, int offset)
        {
            const string digits = "0123456789abcdef";
            char[] chars = new char[ManifestFormat.KeyIdSize * 2];
            for (int i = 0; i < ManifestFormat.KeyIdSize; i++)
            {
                chars[2 * i] = digits[id[offset + i] >> 4];
                chars[(2 * i) + 1] = digits[id[offset + i] & 0xF];
            }

            return new string(chars);
        }

        /// <summary>Writes the id of the 32-byte key at <paramref name="offset"/> (8 bytes) into <paramref name="id"/>.</summary>
        public void KeyId(byte[] publicKey, int offset, byte[] id, int idOffset)
        {
            _sha.Update(publicKey, offset, ManifestFormat.PublicKeySize);
            _sha.Final(_digest, 0);
            System.Array.Copy(_digest, 0, id, idOffset, ManifestFormat.KeyIdSize);
        }

        /// <summary>
        /// Finds the trusted key with this id and copies it into <paramref name="publicKey"/>. Returns null when
        /// found, else <see cref="OtaReason.RevokedKey"/> or <see cref="OtaReason.UnknownKey"/>.
        /// </summary>
        public string Find(UpdaterState state, byte[] keyId, int keyIdOffset, byte[] publicKey)
        {
            FoundRoot = -1;
            int root = IndexOf(_rootIds, _slots.RootKeyCount, keyId, keyIdOffset);
            if (root >= 0)
            {
                if ((state.RevokedRootMask & (1 << root)) != 0)
                {
                    return OtaReason.RevokedKey;
                }

                _slots.CopyRootKey(root, publicKey, 0);
                FoundRoot = root;
                return null;
            }

            int added = AddedIndex(state, keyId, keyIdOffset);
            if (added >= 0)
            {
                System.Array.Copy(state.AddedKeys, added * ManifestFormat.PublicKeySize, publicKey, 0, ManifestFormat.PublicKeySize);
                return null;
            }

            return IndexOf(state.RevokedIds, state.RevokedIdCount, keyId, keyIdOffset) >= 0 ? OtaReason.RevokedKey : OtaReason.UnknownKey;
        }

        /// <summary>As <see cref="Find"/>, without the key: null when a trusted key has this id, else why not.</summary>
        public string WhyUntrusted(UpdaterState state, byte[] keyId, int keyIdOffset)
        {
            return Find(state, keyId, keyIdOffset, _key);
        }

        /// <summary>Keys trusted now.</summary>
        public int TrustedCount(UpdaterState state)
        {
            int count = state.AddedKeyCount;
            for (int i = 0; i < _slots.RootKeyCount; i++)
            {
                if ((state.RevokedRootMask & (1 << i)) == 0)
                {
                    count++;
                }
            }

            return count;
        }

        /// <summary>
        /// Applies a verified key update signed by root key <paramref name="signerRoot"/> (-1: an added key) to
        /// <paramref name="state"/>. Returns null on success, else the reason; on failure the state may be partly
        /// changed, so pass a copy.
        /// </summary>
        public string Apply(UpdaterState state, Manifest update, int signerRoot)
        {
            if (update.KeySequence <= state.KeySequence)
            {
                return OtaReason.KeySequenceNotNewer;
            }

            for (int r = 0; r < update.RevokedKeyCount; r++)
            {
                int at = r * ManifestFormat.KeyIdSize;
                int root = IndexOf(_rootIds, _slots.RootKeyCount, update.RevokedKeyIds, at);
                if (root >= 0)
                {
                    if (signerRoot < 0 || signerRoot == root)
                    {
                        return OtaReason.RootRevocationNeedsAnotherRoot;
                    }

                    state.RevokedRootMask |= 1 << root;
                    continue;
                }

                int added = AddedIndex(state, update.RevokedKeyIds, at);
                if (added >= 0)
                {
                    RemoveAdded(state, added);
                    RememberRevoked(state, update.RevokedKeyIds, at);
                }
                else if (IndexOf(state.RevokedIds, state.RevokedIdCount, update.RevokedKeyIds, at) < 0)
                {
                    return OtaReason.RevokeUnknownKey;
                }
            }

            for (int a = 0; a < update.AddedKeyCount; a++)
            {
                int at = a * ManifestFormat.PublicKeySize;
                KeyId(update.AddedKeys, at, _id, 0);
                int root = IndexOf(_rootIds, _slots.RootKeyCount, _id, 0);
                if (root >= 0)
                {
                    if ((state.RevokedRootMask & (1 << root)) != 0)
                    {
                        return OtaReason.KeyWasRevoked;
                    }

                    continue;
                }

                if (AddedIndex(state, _id, 0) >= 0)
                {
                    continue;
                }

                if (IndexOf(state.RevokedIds, state.RevokedIdCount, _id, 0) >= 0)
                {
                    return OtaReason.KeyWasRevoked;
                }

                if (state.AddedKeyCount == UpdaterState.MaxAddedKeys)
                {
                    return OtaReason.TooManyKeys;
                }

                System.Array.Copy(update.AddedKeys, at, state.AddedKeys, state.AddedKeyCount * ManifestFormat.PublicKeySize, ManifestFormat.PublicKeySize);
                state.AddedKeyCount++;
            }

            if (TrustedCount(state) == 0)
            {
                return OtaReason.NoKeyLeft;
            }

            state.KeySequence = update.KeySequence;
            return null;
        }

        private int AddedIndex(UpdaterState state, byte[] keyId, int keyIdOffset)
        {
            for (int i = 0; i < state.AddedKeyCount; i++)
            {
                KeyId(state.AddedKeys, i * ManifestFormat.PublicKeySize, _id, 0);
                if (ByteRuns.Equal(_id, 0, keyId, keyIdOffset, ManifestFormat.KeyIdSize))
                {
                    return i;
                }
            }

            return -1;
        }

        private static void RemoveAdded(UpdaterState state, int index)
        {
            int size = ManifestFormat.PublicKeySize;
            System.Array.Copy(state.AddedKeys, (index + 1) * size, state.AddedKeys, index * size, (state.AddedKeyCount - index - 1) * size);
            state.AddedKeyCount--;
            System.Array.Clear(state.AddedKeys, state.AddedKeyCount * size, size);
        }

        /// <summary>Keeps the id among the revoked ones; the oldest is forgotten when the list is full.</summary>
        private static void RememberRevoked(UpdaterState state, byte[] ids, int at)
        {
            int size = ManifestFormat.KeyIdSize;
            if (state.RevokedIdCount == UpdaterState.MaxRevokedIds)
            {
                System.Array.Copy(state.RevokedIds, size, state.RevokedIds, 0, (UpdaterState.MaxRevokedIds - 1) * size);
                state.RevokedIdCount--;
            }

            System.Array.Copy(ids, at, state.RevokedIds, state.RevokedIdCount * size, size);
            state.RevokedIdCount++;
        }

        private static int IndexOf(byte[] ids, int count, byte[] id, int idOffset)
        {
            for (int i = 0; i < count; i++)
            {
                if (ByteRuns.Equal(ids, i * ManifestFormat.KeyIdSize, id, idOffset, ManifestFormat.KeyIdSize))
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
