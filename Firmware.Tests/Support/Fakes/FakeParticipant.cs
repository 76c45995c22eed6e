using Firmware.Ports;
using Firmware.Text;
using Firmware.Uplink;

namespace Firmware.Tests.Fakes
{
    /// <summary>A radio-session participant (what OTA plugs in) that records the calls it gets, in order.</summary>
    public sealed class FakeParticipant : IRadioSessionParticipant
    {
        private string[] _filters;

        public string Name
        {
            get { return "fake"; }
        }

        /// <summary>The calls so far: "healthy", "message:TOPIC", "command:NAME", "work", "end:connected", ...</summary>
        public string Calls { get; set; }

        public bool WantsRadioSession { get; set; }

        public bool RequestReboot { get; set; }

        public bool ThrowInWork { get; set; }

        public string[] SubscriptionFilters(Topics topics)
        {
            if (_filters == null)
            {
                _filters = new string[] { topics.Ota, "sensors/all/ota" };
            }

            return _filters;
        }

        public void OnHealthy(RadioSessionContext context)
        {
            Note("healthy");
        }

        public bool OnMessage(RadioSessionContext context, string command, MqttMessage message)
        {
            if (command == "ota")
            {
                Note("command:ota");
                return true;
            }

            if (command == null && (message.Topic == context.Topics.Ota || message.Topic == "sensors/all/ota"))
            {
                Note("message:" + message.Topic);
                JsonWriter w = context.Events.Begin("ota");
                w.Property("result", "announce heard");
                context.Events.Send(context.Budget.Clip(context.AckTimeoutMilliseconds));
                return true;
            }

            return false;
        }

        public void RunOptionalWork(RadioSessionContext context)
        {
            Note("work");
            if (ThrowInWork)
            {
                throw new System.InvalidOperationException("download step failed");
            }

            if (RequestReboot)
            {
                context.RequestReboot();
            }
        }

        public void WriteStatus(JsonWriter writer)
        {
            writer.Property("slot", "A");
        }

        public void OnSessionEnd(RadioSessionContext context)
        {
            Note(context.Connected ? "end:connected" : (context.NetworkUp ? "end:network" : "end:offline"));
        }

        private void Note(string call)
        {
            Calls = Calls == null ? call : Calls + "," + call;
        }
    }
}
