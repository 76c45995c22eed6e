using Firmware.Boot;
using Firmware.Ports;
using Firmware.Text;
using Firmware.Uplink;

namespace Firmware.Ota
{
    /// <summary>
    /// Carries the updater (<see cref="OtaAgent"/>) on the device's radio sessions:
    /// <list type="bullet">
    /// <item>an image on trial asks for a session on the first boot of each attempt (the boot the loader switched it
    /// in, or restarted it after a failed attempt); later wakes follow the radio schedule and its backoff, so sample
    /// wakes and outages never use attempts up;</item>
    /// <item>it subscribes to the device's <c>…/ota</c> topic and the configured group topic, and hands every
    /// announce there (or on <c>…/cmd/ota</c>) to the updater with the battery measured at this wake and whether it is the
    /// retained copy (a copy published since the device last listened may retry an announce refused before); an accepted
    /// announce, a refusal, a deferral and an ignored announce are answered on <c>…/events</c> with the reason;</item>
    /// <item>the session's health check (the broker acknowledged the retained "online" status) confirms an image on
    /// trial; a session that reached the network but not that far counts a failed attempt and reboots, one without
    /// network keeps the trial alive;</item>
    /// <item>the download runs as optional work, only when the power plan allows it, within what is left of the
    /// session's budget; a verified image asks for the reboot into its trial;</item>
    /// <item>the updater's outcomes (updated, rolled back, refused) are published on <c>…/events</c> as soon as the
    /// session is healthy and again before it ends; the retained status carries the slot, version and trial state.</item>
    /// </list>
    /// The updater is built at the first session of a boot that needs it, so a sample wake pays nothing for OTA.
    /// A flash that fails while the updater is built leaves the device without updates for this boot.
    /// </summary>
    public sealed class OtaParticipant : IRadioSessionParticipant
    {
        /// <summary>Time kept back from a download step for the session's goodbye.</summary>
        public const int GoodbyeReserveMilliseconds = 2000;

        private readonly Platform _platform;
        private readonly IUpdateSlots _slots;
        private readonly OtaSettings _settings;
        private readonly OtaReportMemory _reports = new OtaReportMemory();
        private string[] _filters;
        private OtaAgent _agent;
        private bool _unavailable;
        private bool _reportsLoaded;

        /// <param name="platform">The platform; its <see cref="Platform.Slots"/> and <see cref="Platform.Downloader"/> must be set.</param>
        /// <param name="settings">The updater's tunables; <see cref="OtaSettings.GroupTopic"/> is subscribed besides the device's topic.</param>
        public OtaParticipant(Platform platform, OtaSettings settings)
        {
            if (platform == null || platform.Slots == null || platform.Downloader == null)
            {
                throw new System.ArgumentException("OTA needs the loader's slots and a downloader", "platform");
            }

            _platform = platform;
            _slots = platform.Slots;
            _settings = settings ?? new OtaSettings();
        }

        public string Name
        {
            get { return "ota"; }
        }

        /// <summary>
        /// True on the first boot of a trial attempt: the image on trial must reach the broker now to be confirmed.
        /// A timer wake during a trial follows the schedule (an outage then costs no attempt and no extra radio time).
        /// </summary>
        public bool WantsRadioSession
        {
            get { return _slots.State.Trial && _platform.Power.WakeCause != WakeCause.Timer; }
        }

        /// <summary>The updater of this boot, or null before the first session that needed it.</summary>
        public OtaAgent Agent
        {
            get { return _agent; }
        }

        public string[] SubscriptionFilters(Topics topics)
        {
            if (_filters == null)
            {
                string group = _settings.GroupTopic;
                _filters = group != null && group.Length > 0 && group != topics.Ota ? new string[] { topics.Ota, group } : new string[] { topics.Ota };
            }

            return _filters;
        }

        public void OnHealthy(RadioSessionContext context)
        {
            OtaAgent agent = Updater(context);
            if (agent == null)
            {
                return;
            }

            // The health check of an image on trial: the broker was reached and acknowledged a publish.
            agent.ReportRadioSession(true, true);
            PublishEvents(context, agent);
        }

        public bool OnMessage(RadioSessionContext context, string command, MqttMessage message)
        {
            bool announce = command == null
                ? message.Topic == context.Topics.Ota || (_settings.GroupTopic != null && message.Topic == _settings.GroupTopic)
                : command == "ota";
            if (!announce)
            {
                return false;
            }

            OtaAgent agent = Updater(context);
            if (agent == null || message.Length == 0)
            {
                // No updater this boot, or an empty retained message clearing the announce: nothing to do.
                return true;
            }

            if (message.Oversized)
            {
                JsonWriter refused = context.Events.Begin("ota");
                refused.Property("outcome", OtaOutcome.Rejected);
                refused.Property("reason", OtaReason.ManifestTooLarge);
                refused.Property("detail", "announce larger than " + message.Payload.Length.ToString() + " bytes");
                context.Events.Send(context.Budget.Clip(context.AckTimeoutMilliseconds));
                return true;
            }

            int decision = agent.HandleAnnounce(message.Payload, 0, message.Length, BatteryPercent(context), message.Retained);
            if (decision == OtaDecision.Accepted)
            {
                _reports.Forget(context.Storage.State);
                context.Storage.State.Sync();
                JsonWriter w = context.Events.Begin("ota");
                w.Property("outcome", "accepted");
                w.Property("version", agent.TargetVersion);
                w.Property("previous", agent.RunningVersion);
                context.Events.Send(context.Budget.Clip(context.AckTimeoutMilliseconds));
            }

            // Refusals, deferrals, ignores and key updates are queued by the updater with their reason.
            PublishEvents(context, agent);
            return true;
        }

        public void RunOptionalWork(RadioSessionContext context)
        {
            if (!context.OptionalWorkAllowed)
            {
                // The power plan postpones optional work on a low battery or an unreachable target life.
                return;
            }

            OtaAgent agent = Updater(context);
            if (agent == null || agent.TargetVersion == null)
            {
                return;
            }

            long left = context.Budget.RemainingMilliseconds - GoodbyeReserveMilliseconds;
            if (left <= 0)
            {
                return;
            }

            int budget = left < _settings.SessionBudgetMilliseconds ? (int)left : _settings.SessionBudgetMilliseconds;
            int step = agent.Step(budget);
            if (step == OtaStep.RebootRequired)
            {
                context.RequestReboot();
            }
            else if (step == OtaStep.InProgress || step == OtaStep.NetworkError)
            {
                _platform.Log.Write(LogLevel.Info, "ota", "download of " + agent.TargetVersion + ": " + agent.ChunksWritten.ToString() + "/"
                    + agent.ChunkCount.ToString() + " chunks; continuing next session");
            }

            PublishEvents(context, agent);
        }

        public void WriteStatus(JsonWriter writer)
        {
            if (_agent != null)
            {
                _agent.WriteStatus(writer);
                return;
            }

            // Before the updater is built (the first status of a session): what boot control says, read from RAM.
            writer.Name("ota");
            writer.BeginObject();
            writer.Property("slot", (long)_slots.State.RunningSlot);
            writer.Property("state", _slots.State.Trial ? "trial" : "idle");
            writer.EndObject();
        }

        public void OnSessionEnd(RadioSessionContext context)
        {
            if (!context.Healthy && (_agent != null || _slots.State.Trial))
            {
                OtaAgent agent = Updater(context);
                if (agent != null)
                {
                    // Not healthy: with the network up that is a failed attempt (and a reboot); without it the
                    // trial is kept alive and nothing is counted.
                    agent.ReportRadioSession(context.NetworkUp, false);
                    if (agent.RebootRequested)
                    {
                        context.RequestReboot();
                    }
                }
            }

            if (_agent != null && context.Connected)
            {
                PublishEvents(context, _agent);
            }
        }

        /// <summary>The boot's updater, built at first need; null when the slots cannot be read this boot.</summary>
        private OtaAgent Updater(RadioSessionContext context)
        {
            if (_agent != null || _unavailable)
            {
                return _agent;
            }

            try
            {
                _agent = new OtaAgent(_slots, _platform.Downloader, _platform.Clock, _platform.Log, _settings);
            }
            catch (System.IO.IOException e)
            {
                _unavailable = true;
                _platform.Log.Write(LogLevel.Error, "ota", "updates are off this boot, the slots cannot be read: " + e.Message);
                return null;
            }

            if (!_reportsLoaded)
            {
                _reports.Load(context.Storage.State);
                _reportsLoaded = true;
            }

            return _agent;
        }

        /// <summary>
        /// Publishes the updater's queued events, oldest first, until one is not acknowledged (kept for later). A report that
        /// would come at every wake (<see cref="OtaEvent.OncePerVersion"/>: a deferral, a hindered download, a retained
        /// announce ignored) is published once for its reason and version: every wake of a battery device is a boot.
        /// </summary>
        private void PublishEvents(RadioSessionContext context, OtaAgent agent)
        {
            while (agent.PendingEventCount > 0 && context.Connected)
            {
                OtaEvent e = agent.PeekEvent(0);
                bool once = e.OncePerVersion;
                if (once && _reports.WasReported(e.Reason, e.Version))
                {
                    // Reported at an earlier wake.
                    agent.EventsPublished(1);
                    continue;
                }

                JsonWriter w = context.Events.Begin("ota");
                e.WriteFields(w);
                if (!context.Events.Send(context.Budget.Clip(context.AckTimeoutMilliseconds)))
                {
                    _platform.Log.Write(LogLevel.Warning, "ota", "events kept for the next session: " + context.LastError);
                    return;
                }

                if (once)
                {
                    _reports.Remember(context.Storage.State, e.Reason, e.Version);
                    context.Storage.State.Sync();
                }

                agent.EventsPublished(1);
            }
        }

        /// <summary>The charge measured at this wake; an unknown charge on a battery device counts as empty (no update starts).</summary>
        private int BatteryPercent(RadioSessionContext context)
        {
            if (_platform.Battery == null)
            {
                return -1;
            }

            return context.BatteryPercent < 0 ? 0 : context.BatteryPercent;
        }
    }
}
