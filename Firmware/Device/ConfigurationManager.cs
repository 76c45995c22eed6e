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
    /// Setup adds a layer between the deployed file and the document: the settings a person entered on the setup page
    /// (<see cref="StoreSettings"/>), kept in the same store ahead of the document (<see cref="ConfigurationImage"/>).
    /// Storing them discards the document (the broker sends its retained desired state again at the next session); a
    /// document applied later is kept with them.
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
        private byte[] _image;
        private byte[] _settings;
        private int _settingsLength;

        public ConfigurationManager(DocumentStore store, StateStore state, DeviceConfig baseConfiguration, ILog log)
        {
            _store = store;
            _state = state;
            _base = baseConfiguration;
            _log = log;
            Effective = baseConfiguration;
            SettingsBase = baseConfiguration;
        }

        /// <summary>The deployed base with the settings setup stored, if any: what documents are applied onto.</summary>
        public DeviceConfig SettingsBase { get; private set; }

        /// <summary>True when setup stored settings (they are in force unless they no longer apply).</summary>
        public bool HasSettings
        {
            get { return _settingsLength > 0; }
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
            SettingsBase = _base;
            _settingsLength = 0;
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

            int stored = _store.ReadCurrent(_document, 0);
            int settingsOffset;
            int settingsLength;
            int documentOffset;
            int documentLength;
            if (stored < 0 || !ConfigurationImage.Split(_document, stored, out settingsOffset, out settingsLength, out documentOffset, out documentLength))
            {
                return;
            }

            if (settingsLength > 0)
            {
                KeepSettings(settingsOffset, settingsLength);
            }

            Effective = SettingsBase;
            Fallback = SettingsBase;
            if (documentLength == 0)
            {
                return;
            }

            DeviceConfig current = Read(_store.CurrentVersion, documentOffset, documentLength);
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
        /// Checks settings entered on the setup page (a JSON object like the deployed file) with the configuration's own
        /// reader: returns the configuration they make over the deployed base, or null (see <see cref="Error"/>).
        /// </summary>
        public DeviceConfig CheckSettings(byte[] json, int offset, int count)
        {
            DeviceConfig next = _reader.Apply(_base, json, offset, count);
            Error = next == null ? _reader.Error : null;
            return next;
        }

        /// <summary>Why the last <see cref="CheckSettings"/> or <see cref="StoreSettings"/> failed, or null.</summary>
        public string Error { get; private set; }

        /// <summary>
        /// Stores settings entered on the setup page in place of any earlier ones, and drops the document; written at
        /// once, not on trial (setup tried them first). The caller syncs. False (see <see cref="Error"/>) when they are
        /// refused or do not fit, with nothing written.
        /// </summary>
        public bool StoreSettings(byte[] json, int offset, int count)
        {
            if (_store == null)
            {
                Error = "this device's flash has no room for settings";
                return false;
            }

            if (CheckSettings(json, offset, count) == null)
            {
                return false;
            }

            if (_image == null)
            {
                _image = new byte[_store.Capacity];
            }

            int length = ConfigurationImage.Compose(json, offset, count, null, 0, 0, _image);
            if (length < 0)
            {
                Error = "the settings take " + count.ToString() + " bytes; at most " + (_store.Capacity - ConfigurationImage.HeaderBytes).ToString() + " are stored";
                return false;
            }

            _store.Write(_image, 0, length, 0, false);
            SaveTrial(0, RejectedVersion, RejectionUnreported);
            Load();
            return true;
        }

        private void KeepSettings(int offset, int length)
        {
            DeviceConfig settings = _reader.Apply(_base, _document, offset, length);
            if (settings == null)
            {
                // Settings this firmware no longer accepts (or a changed deployed file makes invalid): the base rules.
                _log.Write(LogLevel.Error, "config", "the settings stored by setup no longer apply: " + _reader.Error);
                return;
            }

            if (_settings == null || _settings.Length < length)
            {
                _settings = new byte[length];
            }

            System.Array.Copy(_document, offset, _settings, 0, length);
            _settingsLength = length;
            SettingsBase = settings;
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

            DeviceConfig next = _reader.ApplyDocument(SettingsBase, json, offset, count);
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

            int room = _settingsLength > 0 ? _store.Capacity - ConfigurationImage.HeaderBytes - _settingsLength : _store.Capacity;
            if (count > room)
            {
                return outcome.Rejected(version, "the document has " + count.ToString() + " bytes; at most " + room.ToString() + " are stored"
                    + (_settingsLength > 0 ? " beside the settings setup stored" : string.Empty));
            }

            string keys = JoinKeys();
            string changes = DeviceConfigReader.ConnectivityChanges(Fallback, next);
            bool trial = changes != null;
            if (_settingsLength > 0)
            {
                if (_image == null)
                {
                    _image = new byte[_store.Capacity];
                }

                int length = ConfigurationImage.Compose(_settings, 0, _settingsLength, json, offset, count, _image);
                _store.Write(_image, 0, length, version, trial);
            }
            else
            {
                _store.Write(json, offset, count, version, trial);
            }
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

        private DeviceConfig Read(long version, int offset, int length)
        {
            DeviceConfig config = _reader.ApplyDocument(SettingsBase, _document, offset, length);
            if (config == null)
            {
                // A document this firmware no longer accepts (or a changed deployed file makes invalid): the base rules.
                _log.Write(LogLevel.Error, "config", "stored configuration version " + version.ToString() + " no longer applies: " + _reader.Error);
            }

            return config;
        }

        /// <summary>The settings base with the keeper document, read from the store's other copy.</summary>
        private DeviceConfig KeeperConfiguration()
        {
            if (_store.Keeper < 0)
            {
                return SettingsBase;
            }

            int length = _store.ReadKeeper(_document, 0);
            int settingsOffset;
            int settingsLength;
            int documentOffset;
            int documentLength;
            if (length < 0 || !ConfigurationImage.Split(_document, length, out settingsOffset, out settingsLength, out documentOffset, out documentLength)
                || documentLength == 0)
            {
                return SettingsBase;
            }

            DeviceConfig config = _reader.ApplyDocument(SettingsBase, _document, documentOffset, documentLength);
            return config != null ? config : SettingsBase;
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
