using Firmware.Device;
using Firmware.Ports;
using Firmware.Text;
using Firmware.Uplink;

namespace Firmware.Ota
{
    /// <summary>
    /// Carries the updater on the device's radio sessions: reports how each session went (the health check of an
    /// image on trial), hears announces on the device's "ota" topic (and a group topic), gives the download its
    /// time budget, and publishes the updater's events on "events" with QoS 1. It stands in for the radio session
    /// of the device loop until that one routes the "ota" topic to <see cref="OtaAgent.HandleAnnounce"/> itself.
    /// </summary>
    public sealed class OtaSession : IRadioSessionHook
    {
        private const int EventCapacity = 512;

        private readonly Platform _platform;
        private readonly OtaAgent _agent;
        private readonly OtaSettings _settings;
        private readonly MqttMessage _message = new MqttMessage(ManifestFormat.MaxSize + 1);
        private readonly JsonWriter _writer = new JsonWriter();
        private readonly byte[] _payload = new byte[EventCapacity];
        private bool _wasConnected;

        public OtaSession(Platform platform, OtaAgent agent, OtaSettings settings)
        {
            _platform = platform;
            _agent = agent;
            _settings = settings ?? new OtaSettings();
        }

        public OtaAgent Agent
        {
            get { return _agent; }
        }

        public bool AfterConnect(TelemetryUplink uplink, bool networkUp, bool connected)
        {
            try
            {
                _agent.ReportRadioSession(networkUp, connected);
                if (connected && !_agent.RebootRequested)
                {
                    HearAnnounces(uplink.Topics);
                    int step = _agent.Step(_settings.SessionBudgetMilliseconds);
                    if (step == OtaStep.InProgress || step == OtaStep.NetworkError)
                    {
                        _platform.Log.Write(LogLevel.Info, "ota", "download " + _agent.ChunksWritten.ToString() + "/" + _agent.ChunkCount.ToString() + " chunks; continuing next session");
                    }
                }

                if (connected)
                {
                    PublishEvents(uplink);
                }
            }
            catch (System.IO.IOException e)
            {
                // The flash failed: nothing is lost (every step is recorded before it counts); the next boot resumes.
                _platform.Log.Write(LogLevel.Error, "ota", "flash failed during the update: " + e.Message);
            }

            _wasConnected = connected;
            return _agent.RebootRequested;
        }

        private void HearAnnounces(Topics topics)
        {
            int wait = 0;
            if (!_wasConnected)
            {
                // A new session: subscribing makes the broker deliver the retained announce.
                IMqttLink mqtt = _platform.Mqtt;
                bool subscribed = mqtt.Subscribe(topics.Ota, 1, _settings.AnnounceWaitMilliseconds);
                if (_settings.GroupTopic != null)
                {
                    subscribed = mqtt.Subscribe(_settings.GroupTopic, 1, _settings.AnnounceWaitMilliseconds) && subscribed;
                }

                if (!subscribed)
                {
                    _platform.Log.Write(LogLevel.Warning, "ota", "could not subscribe to announces: " + mqtt.LastError);
                    return;
                }

                wait = _settings.AnnounceWaitMilliseconds;
            }

            while (_platform.Mqtt.Receive(_message, wait))
            {
                wait = 0;
                if (_message.Topic != topics.Ota && _message.Topic != _settings.GroupTopic)
                {
                    continue;
                }

                if (_message.Length == 0)
                {
                    // An empty retained message clears the announce: nothing to do.
                    continue;
                }

                _agent.HandleAnnounce(_message.Payload, 0, _message.Length, BatteryPercent());
            }
        }

        private void PublishEvents(TelemetryUplink uplink)
        {
            while (_agent.PendingEventCount > 0)
            {
                _writer.Reset(_payload, 0, _payload.Length);
                _agent.WriteEvent(0, _writer);
                if (_writer.Overflowed)
                {
                    _platform.Log.Write(LogLevel.Error, "ota", "an event does not fit in " + EventCapacity.ToString() + " bytes; dropped");
                    _agent.EventsPublished(1);
                    continue;
                }

                if (!uplink.PublishAcknowledged(uplink.Topics.Events, _payload, _writer.Length, false))
                {
                    _platform.Log.Write(LogLevel.Warning, "ota", "events kept for the next session: " + uplink.LastError);
                    return;
                }

                _agent.EventsPublished(1);
            }
        }

        private int BatteryPercent()
        {
            int millivolts;
            int percent;
            if (_platform.Battery == null)
            {
                return -1;
            }

            // A gauge that cannot measure is treated as empty: an update is not started on an unknown charge.
            return _platform.Battery.Measure(out millivolts, out percent) ? percent : 0;
        }
    }
}
