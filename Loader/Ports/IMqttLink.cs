namespace Firmware.Ports
{
    /// <summary>
    /// An MQTT 3.1.1 client connection. The core drives it by polling, from one thread, so an adapter over
    /// an event-based client (M2Mqtt) or a task-based one (MQTTnet) queues what it hears.
    ///
    /// Contract:
    /// - Every call returns within its timeout; none blocks indefinitely.
    /// - A QoS 1 publish is acknowledged when its PUBACK arrives. Acknowledgement tokens are returned once
    ///   each by <see cref="WaitForAcknowledgement"/>. A message whose connection was lost before its
    ///   PUBACK is never reported as acknowledged: the caller keeps it and sends it again later.
    /// - Nothing of a session survives the object (M2Mqtt keeps QoS 1 state in RAM): durable delivery is
    ///   the caller's job (the flash log).
    /// - Failures are returned as values with <see cref="LastError"/>; only caller bugs throw.
    /// </summary>
    public interface IMqttLink
    {
        /// <summary>Opens a session with the broker named in <paramref name="options"/>.</summary>
        MqttConnectResult Connect(MqttConnectOptions options, int timeoutMilliseconds);

        /// <summary>True while the connection is open.</summary>
        bool IsConnected { get; }

        /// <summary>True when the broker resumed a stored session on the last successful connect.</summary>
        bool SessionPresent { get; }

        /// <summary>
        /// Sends a message with QoS 0 or 1. Returns a token greater than zero for QoS 1 (to match with
        /// <see cref="WaitForAcknowledgement"/>), 0 for a QoS 0 message handed to the network, and -1 when
        /// nothing was sent (not connected, or a send error; see <see cref="LastError"/>).
        /// </summary>
        int Publish(string topic, byte[] payload, int offset, int count, int qos, bool retain);

        /// <summary>
        /// Waits up to <paramref name="timeoutMilliseconds"/> for the PUBACK of any outstanding QoS 1
        /// message and returns its token, or 0 when none arrived in time or the connection is gone.
        /// </summary>
        int WaitForAcknowledgement(int timeoutMilliseconds);

        /// <summary>Subscribes to a topic filter; true once the broker granted it.</summary>
        bool Subscribe(string topicFilter, int qos, int timeoutMilliseconds);

        /// <summary>
        /// Takes the oldest received message into <paramref name="message"/>, waiting up to the timeout;
        /// false when none arrived. Messages larger than the holder's buffer are marked oversized.
        /// </summary>
        bool Receive(MqttMessage message, int timeoutMilliseconds);

        /// <summary>Closes the connection cleanly (a clean close does not fire the last will).</summary>
        void Disconnect();

        /// <summary>Why the last failed call failed, or null.</summary>
        string LastError { get; }
    }
}
