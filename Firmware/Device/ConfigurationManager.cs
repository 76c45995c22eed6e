using Firmware.Ports;
using Firmware.Storage;

namespace Firmware.Device
{
    /// <summary>
    /// The configuration as layers: compiled defaults, then the deployed file (the base), then the newest
    /// configuration document the broker sent (a retained, versioned desired state), kept whole in a
    /// <see cref="DocumentStore"/>. A document is applied once: its version must be newer than the one applied.
    /// A document that changes how the device connects (Wi-Fi, broker, credentials, TLS) is written on trial: the
    /// next connection uses it; if that connection fails and the previous configuration still connects, the trial
    /// is rejected and the previous configuration is current again. If neither connects (an outage, not the
    /// change) the trial stays pending, for at most <see cref="MaxTrialAttempts"/> sessions.
    ///
    /// State key <see cref="StateKeys.ConfigurationTrial"/> (version 1): trial attempts u8, last rejected version
    /// u32, 1 when that rejection still has to be reported u8.
    /// </summary>
    public sealed class ConfigurationManager
    {
        /// <summary>Sessions a trial may fail (with the previous configuration failing too) before it is rejected.</summary>
        public const int MaxTrialAttempts = 3;

        private const int TrialVersion = 1;

        private readonly DocumentStore _store;
        private readonly StateStore _state;
        private readonly DeviceConfig _base;
        private readonly ILog _log;
        private readonly DeviceConfigReader _reader = new DeviceConfigReader();
        private readonly byte[] _record = new byte[6];
        private byte[] _document;

        public ConfigurationManager(DocumentStore store, StateStore state, DeviceConfig baseConfiguration, ILog log)
        {
            _store = store;
            _state = state;
            _base = baseConfiguration;
            _log = log;
            Effective = baseConfiguration;
        }

        /// <summary>The configuration in force: the base with the current document applied.</summary>
        public DeviceConfig Effective { get; private set; }

        /// <summary>The base with the keeper applied: what a rejected trial falls back to.</summary>
        public DeviceConfig Fallback { get; private set; }

        /// <summary>The version of the document in force, 0 when none (the base alone).</summary>
        public long AppliedVersion { get; private set; }

        /// <summary>True when <see cref="Effective"/> is a connectivity change on trial.</summary>
        public bool OnTrial { get; private set; }

        /// <summary>The connectivity keys the trial changes, for events.</summary>
        public string TrialChanges { get; private set; }

        public int TrialAttempts { get; private set; }

        /// <summary>The last version rejected after its trial; never applied again.</summary>
        public long RejectedVersion { get; private set; }

        /// <summary>True when that rejection has not been reported on the events topic yet.</summary>
        public bool RejectionUnreported { get; private set; }

        /// <summary>The largest document accepted, in bytes (0 when the device has no room for one).</summary>
        public int Capacity
        {
            get { return _store == null ? 0 : _store.Capacity; }
        }

        /// <summary>Loads the trial record and the current document, and computes <see cref="Effective"/> and <see cref="Fallback"/>.</summary>
        public void Load()
        {
            int version;
            int length = _state.Read(StateKeys.ConfigurationTrial, _record, 0, out version);
            if (length == _record.Length && version == TrialVersion)
            {
                TrialAttempts = _record[0];
                RejectedVersion = LittleEndian.ReadUInt32(_record, 1);
                RejectionUnreported = _record[5] != 0;
            }

            Effective = _base;
            Fallback = _base;
            AppliedVersion = 0;
            OnTrial = false;
            TrialChanges = null;
            if (_store == null || _store.Current < 0)
            {
                return;
            }

            if (_document == null)
            {
                _document = new byte[_store.Capacity];
            }

            DeviceConfig current = Read(_store.CurrentVersion);
            if (current == null)
            {
                return;
            }

            Effective = current;
            AppliedVersion = _store.CurrentVersion;
            OnTrial = _store.IsTrialPending;
            if (OnTrial)
            {
                Fallback = KeeperConfiguration();
                TrialChanges = DeviceConfigReader.ConnectivityChanges(Fallback, Effective);
            }
            else
            {
                Fallback = Effective;
            }
        }

        /// <summary>
        /// Applies a configuration document from the broker. Writes it (on trial when it changes connectivity) and
        /// returns what happened; the caller syncs and answers on the events topic. Never changes anything on bad
        /// input.
        /// </summary>
        public ConfigurationOutcome Apply(byte[] json, int offset, int count, bool retained, string deviceId)
        {
            ConfigurationOutcome outcome = new ConfigurationOutcome();
            if (_store == null)
            {
                return outcome.Rejected(-1, "this device's flash has no room for a configuration document");
            }

            DeviceConfig next = _reader.ApplyDocument(_base, json, offset, count);
            long version = _reader.Version;
            if (next == null)
            {
                return outcome.Rejected(version, _reader.Error);
            }

            if (_reader.TargetDevice != null && _reader.TargetDevice != deviceId)
            {
                return outcome.Rejected(version, "the configuration is for device '" + Firmware.Uplink.OneShotCommand.Shorten(_reader.TargetDevice)
                    + "', not '" + deviceId + "'");
            }

            if (version == AppliedVersion || version == RejectedVersion || (retained && version < AppliedVersion))
            {
                // The retained desired state comes again with every subscription: it was dealt with once.
                return outcome.Unchanged(version);
            }

            if (version < AppliedVersion)
            {
                return outcome.Rejected(version, "version " + version.ToString() + " is not newer than the applied version "
                    + AppliedVersion.ToString() + " (send the change with a higher version)");
            }

            if (count > _store.Capacity)
            {
                return outcome.Rejected(version, "the document has " + count.ToString() + " bytes; at most " + _store.Capacity.ToString() + " are stored");
            }

            string keys = JoinKeys();
            string changes = DeviceConfigReader.ConnectivityChanges(Fallback, next);
            bool trial = changes != null;
            _store.Write(json, offset, count, version, trial);
            if (trial)
            {
                SaveTrial(0, RejectedVersion, RejectionUnreported);
            }

            Load();
            return trial ? outcome.OnTrial(version, keys, changes) : outcome.Applied(version, keys);
        }

        /// <summary>The trial connected: it becomes the configuration kept.</summary>
        public void ConfirmTrial()
        {
            if (_store != null && _store.Confirm())
            {
                SaveTrial(0, RejectedVersion, RejectionUnreported);
                Load();
            }
        }

        /// <summary>The trial could not connect and the previous configuration could: it is rejected for good.</summary>
        public void RejectTrial(bool reported)
        {
            long version = AppliedVersion;
            if (_store != null && _store.Reject())
            {
                SaveTrial(0, version, !reported);
                Load();
            }
        }

        /// <summary>Counts a session in which neither the trial nor the previous configuration connected; true when the trial ran out of attempts.</summary>
        public bool CountFailedTrial()
        {
            int attempts = TrialAttempts + 1;
            if (attempts >= MaxTrialAttempts)
            {
                RejectTrial(false);
                return true;
            }

            SaveTrial(attempts, RejectedVersion, RejectionUnreported);
            TrialAttempts = attempts;
            return false;
        }

        /// <summary>The rejection was reported on the events topic.</summary>
        public void RejectionReported()
        {
            if (RejectionUnreported)
            {
                SaveTrial(TrialAttempts, RejectedVersion, false);
            }
        }

        private void SaveTrial(int attempts, long rejected, bool unreported)
        {
            _record[0] = (byte)attempts;
            LittleEndian.WriteUInt32(_record, 1, (uint)rejected);
            _record[5] = (byte)(unreported ? 1 : 0);
            _state.Write(StateKeys.ConfigurationTrial, TrialVersion, _record, 0, _record.Length);
            TrialAttempts = attempts;
            RejectedVersion = rejected;
            RejectionUnreported = unreported;
        }

        private DeviceConfig Read(long version)
        {
            int length = _store.ReadCurrent(_document, 0);
            if (length < 0)
            {
                return null;
            }

            DeviceConfig config = _reader.ApplyDocument(_base, _document, 0, length);
            if (config == null)
            {
                // A document this firmware no longer accepts (or a changed deployed file makes invalid): the base rules.
                _log.Write(LogLevel.Error, "config", "stored configuration version " + version.ToString() + " no longer applies: " + _reader.Error);
            }

            return config;
        }

        /// <summary>The base with the keeper document, read from the store's other copy.</summary>
        private DeviceConfig KeeperConfiguration()
        {
            if (_store.Keeper < 0)
            {
                return _base;
            }

            int length = _store.ReadKeeper(_document, 0);
            if (length < 0)
            {
                return _base;
            }

            DeviceConfig config = _reader.ApplyDocument(_base, _document, 0, length);
            return config != null ? config : _base;
        }

        private string JoinKeys()
        {
            string keys = null;
            for (int i = 0; i < _reader.Keys.Count; i++)
            {
                keys = keys == null ? (string)_reader.Keys[i] : keys + ", " + (string)_reader.Keys[i];
            }

            return keys == null ? string.Empty : keys;
        }
    }
}
