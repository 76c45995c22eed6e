using Firmware.Text;

namespace Firmware.Ota
{
    /// <summary>One OTA event waiting to be published on the events topic.</summary>
    public sealed class OtaEvent
    {
        public OtaEvent(string outcome)
        {
            Outcome = outcome;
            OutcomeId = -1;
            RefusalId = -1;
            KeySequence = -1;
        }

        /// <summary>An <see cref="OtaOutcome"/> word.</summary>
        public string Outcome { get; private set; }

        /// <summary>An <see cref="OtaReason"/> word or a trial failure, or null.</summary>
        public string Reason { get; set; }

        /// <summary>Details for people, or null.</summary>
        public string Detail { get; set; }

        /// <summary>The version the event is about (the new image), or null when unknown.</summary>
        public string Version { get; set; }

        /// <summary>The version running before (updated) or again (rolled back), or null.</summary>
        public string Previous { get; set; }

        /// <summary>
        /// The boot-control outcome this event reports, or -1. Published as "outcomeId": the event is at least once (QoS 1),
        /// and the id, which grows with every outcome of the device, lets a receiver count each outcome once.
        /// </summary>
        public long OutcomeId { get; set; }

        /// <summary>
        /// The updater's refusal this event reports (<see cref="UpdaterState.RefusalId"/>), or -1. Published as
        /// "refusalId", for the same reason as <see cref="OutcomeId"/>: a count of the updater's own, apart from boot
        /// control's, so the two never collide.
        /// </summary>
        public long RefusalId { get; set; }

        /// <summary>For keys-updated: the new key sequence; else -1.</summary>
        public long KeySequence { get; set; }

        /// <summary>
        /// True for a report that would otherwise come at every wake (a deferral, a hindered download, the retained copy of
        /// an announce ignored): published once for its reason and version across wakes.
        /// </summary>
        public bool OncePerVersion { get; set; }

        /// <summary>Writes the event as one JSON object: {"event":"ota","outcome":...}.</summary>
        public void Write(JsonWriter writer)
        {
            writer.BeginObject();
            writer.Property("event", "ota");
            WriteFields(writer);
            writer.EndObject();
        }

        /// <summary>Writes the event's fields after "event" into an object the caller opened and closes.</summary>
        public void WriteFields(JsonWriter writer)
        {
            writer.Property("outcome", Outcome);
            if (Reason != null)
            {
                writer.Property("reason", Reason);
            }

            if (Version != null)
            {
                writer.Property("version", Version);
            }

            if (Previous != null)
            {
                writer.Property("previous", Previous);
            }

            if (OutcomeId >= 0)
            {
                writer.Property("outcomeId", OutcomeId);
            }

            if (RefusalId >= 0)
            {
                writer.Property("refusalId", RefusalId);
            }

            if (KeySequence >= 0)
            {
                writer.Property("keySequence", KeySequence);
            }

            if (Detail != null)
            {
                writer.Property("detail", Detail);
            }
        }
    }
}
