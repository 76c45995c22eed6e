using Firmware.Ports;
using Firmware.Text;

namespace Firmware.Uplink
{
    /// <summary>
    /// Work that rides on the device's radio sessions besides telemetry (OTA updates): a participant is added
    /// once at start (<see cref="Firmware.Device.DeviceLoop.AddParticipant"/>) and called at fixed points of every
    /// session, in this order:
    /// <list type="number">
    /// <item><see cref="WantsRadioSession"/>: asked on every wake before the radio decision; true forces a session
    /// now (the first boot of an image on trial must reach the broker to be confirmed).</item>
    /// <item><see cref="SubscriptionFilters"/>: topic filters subscribed with QoS 1 in every session (e.g. the
    /// device's <c>…/ota</c> and a group's announce topic), or null.</item>
    /// <item><see cref="OnHealthy"/>: the broker was reached and the retained "online" status was acknowledged (the
    /// health check an image on trial needs before it confirms itself). Not called when the session failed earlier.</item>
    /// <item><see cref="OnMessage"/>: a message on its filter, or a command on <c>…/cmd/NAME</c> that no built-in
    /// command takes (built-in: config, setpoint, reboot, status, factory-reset); true when it took the message.
    /// Every message is offered to the participants in the order they were added.</item>
    /// <item><see cref="RunOptionalWork"/>: after telemetry, state and commands, only when the power plan allows
    /// optional work and the session has budget left; one bounded step (a chunk of a download), never a loop
    /// without a deadline.</item>
    /// <item><see cref="WriteStatus"/>: adds fields to the retained status (e.g. "slot", "ota").</item>
    /// <item><see cref="OnSessionEnd"/>: the session is ending, whatever happened; when
    /// <see cref="RadioSessionContext.Connected"/> it may still publish (pending events) before the goodbye status and
    /// the disconnect; then persist what must survive the sleep. <see cref="RadioSessionContext.NetworkUp"/> and
    /// <see cref="RadioSessionContext.Healthy"/> say how far the session got.</item>
    /// </list>
    /// Everything a participant does in a session goes through its <see cref="RadioSessionContext"/>: the time
    /// budget (clip every wait with it), acknowledged publishes, events on <c>…/events</c>, and a reboot request
    /// served at the end of the wake instead of the sleep. A participant never keeps the radio on by itself and
    /// never throws on bad input (a malformed announce is an event, not an exception); an exception it does throw
    /// is caught, logged and reported as the session's last error, and the session goes on.
    /// </summary>
    public interface IRadioSessionParticipant
    {
        /// <summary>A short name for logs and errors (e.g. "ota").</summary>
        string Name { get; }

        /// <summary>True to force a radio session at this wake even when none is due.</summary>
        bool WantsRadioSession { get; }

        /// <summary>Topic filters to subscribe to in every session (return the same array each time), or null for none.</summary>
        string[] SubscriptionFilters(Topics topics);

        /// <summary>Called once per session after the broker acknowledged the "online" status.</summary>
        void OnHealthy(RadioSessionContext context);

        /// <summary>
        /// A message on the participant's filter, or an unclaimed command (<paramref name="command"/> is its name,
        /// null for a message that is not a command). True when the participant handled it (including rejecting it
        /// with an event).
        /// </summary>
        bool OnMessage(RadioSessionContext context, string command, MqttMessage message);

        /// <summary>One bounded step of optional work; called only when <see cref="RadioSessionContext.OptionalWorkAllowed"/>.</summary>
        void RunOptionalWork(RadioSessionContext context);

        /// <summary>Writes extra properties into the retained status object being written.</summary>
        void WriteStatus(JsonWriter writer);

        /// <summary>Called at the end of every session the device attempted, connected or not, before the goodbye.</summary>
        void OnSessionEnd(RadioSessionContext context);
    }
}
