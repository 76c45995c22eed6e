using Firmware.Ports;
using Firmware.SetupPorts;
using Firmware.Text;

namespace Firmware.Setup
{
    /// <summary>
    /// One setup session on an access point that is up: the captive DNS on UDP 53, the setup page on TCP 80, the scan of
    /// the networks in range, and the attempt a submitted form starts. One thread polls everything in turn, so nothing
    /// a client sends can hold the others: up to <see cref="Slots"/> connections are read side by side, each must send
    /// its whole request within <see cref="RequestMilliseconds"/> (else 408), a connection beyond them gets 503, and every
    /// response closes its connection.
    ///
    /// A submitted form is read (<see cref="FormReader"/>) and checked by the device (<see cref="ISetupSettings.Check"/>);
    /// then the device joins the network (<see cref="ISetupRadio.BeginJoin"/>) and tries the broker while the page waits:
    /// the response is held up to <see cref="HoldMilliseconds"/> for the outcome, after which the page shows "connecting"
    /// and reloads /result. A failure shows the form again with its exact reason; success stores the settings, shows
    /// "saved", and ends the session a second after that view was served (or once two reloads of "connecting" could
    /// have fetched it). Without a page request for <see cref="IdleMilliseconds"/>, or
    /// after <see cref="LimitMilliseconds"/> in all, the session ends so the access point can close.
    ///
    /// Secrets (the Wi-Fi and broker passwords) stay in RAM for the attempt only: they are never logged and never
    /// written into a page.
    /// </summary>
    public sealed class SetupSession
    {
        public const int HttpPort = 80;
        public const int DnsPort = 53;

        /// <summary>Connections served side by side.</summary>
        public const int Slots = 4;

        /// <summary>A request must arrive whole within this time of its connection.</summary>
        public const int RequestMilliseconds = 10000;

        /// <summary>The session ends when no page was asked for in this time.</summary>
        public const int IdleMilliseconds = 5 * 60 * 1000;

        /// <summary>The session ends after this time whatever happens, so a forgotten access point does not drain a battery.</summary>
        public const int LimitMilliseconds = 15 * 60 * 1000;

        /// <summary>A join that has neither an address nor a failure after this time has failed.</summary>
        public const int JoinTimeoutMilliseconds = 30000;

        /// <summary>How long the response to a submitted form waits for the attempt's outcome before it shows "connecting".</summary>
        public const int HoldMilliseconds = 4000;

        /// <summary>After success the session ends this long after the "saved" view was first served, so it reaches the phone before the access point goes.</summary>
        public const int SavedLingerMilliseconds = 1000;

        /// <summary>After success with nobody shown the "saved" view, the session waits this long for a reload of the "connecting" view (two of them).</summary>
        public const int SavedUnseenMilliseconds = 2 * SetupPage.RefreshSeconds * 1000;

        /// <summary>The longest wait of one turn of the loop.</summary>
        public const int PollMilliseconds = 50;

        /// <summary>Networks listed at most.</summary>
        public const int MaxNetworks = 16;

        private const int AttemptNone = 0;
        private const int AttemptJoining = 1;
        private const int AttemptFailed = 2;
        private const int AttemptSucceeded = 3;

        private readonly ISetupRadio _radio;
        private readonly ISetupSettings _settings;
        private readonly SetupIdentity _identity;
        private readonly IClock _clock;
        private readonly ILog _log;
        private readonly IBattery _battery;
        private readonly IPower _power;
        private readonly HttpSlot[] _slots = new HttpSlot[Slots];
        private readonly WifiSighting[] _networks = new WifiSighting[MaxNetworks];
        private readonly FormReader _formReader = new FormReader();
        private readonly SetupForm _form = new SetupForm();
        private readonly SetupForm _attempt = new SetupForm();
        private readonly SetupForm _shown = new SetupForm();
        private readonly PageWriter _page = new PageWriter();
        private readonly byte[] _body = new byte[12 * 1024];
        private readonly byte[] _head = new byte[HttpResponse.MaxHeadBytes];
        private readonly byte[] _query = new byte[DnsAnswer.MaxMessageBytes];
        private readonly byte[] _answer = new byte[DnsAnswer.MaxMessageBytes];
        private byte[] _address;
        private IStreamListener _listener;
        private IDatagramSocket _dns;
        private string _originHost;
        private string _batteryText;
        private int _networkCount;
        private bool _scanning;
        private int _attemptState;
        private long _attemptStarted;
        private string _attemptMessage;
        private long _savedAt = -1;
        private long _savedShownAt = -1;
        private long _started;
        private long _lastRequest;

        public SetupSession(ISetupRadio radio, ISetupSettings settings, SetupIdentity identity, IClock clock, ILog log, IBattery battery, IPower power)
        {
            _radio = radio;
            _settings = settings;
            _identity = identity;
            _clock = clock;
            _log = log;
            _battery = battery;
            _power = power;
            for (int i = 0; i < Slots; i++)
            {
                _slots[i] = new HttpSlot();
            }

            for (int i = 0; i < MaxNetworks; i++)
            {
                _networks[i] = new WifiSighting();
            }
        }

        /// <summary>Requests answered (any status).</summary>
        public int Requests { get; private set; }

        /// <summary>Requests refused as malformed, oversized, slow or unsupported (a 4xx or 5xx status).</summary>
        public int Refused { get; private set; }

        /// <summary>DNS queries answered.</summary>
        public int DnsAnswers { get; private set; }

        /// <summary>Attempts started by submitted forms.</summary>
        public int Attempts { get; private set; }

        /// <summary>Where the page is ("http://192.168.4.1"), once the session has opened its listener.</summary>
        public string Origin
        {
            get { return _listener == null ? null : _listener.Origin; }
        }

        /// <summary>Runs the session until the settings are stored, the time runs out, or the target stops; closes its sockets.</summary>
        public SetupOutcome Run()
        {
            _started = _clock.UptimeMilliseconds;
            _lastRequest = _started;
            _address = DnsAnswer.ParseAddress(_radio.AccessPointAddress);
            _dns = _radio.OpenDatagram(DnsPort);
            _listener = _radio.OpenListener(HttpPort);
            if (_address == null || _listener == null || _dns == null)
            {
                _log.Write(LogLevel.Error, "setup", "the setup page cannot be served: " + (_address == null ? "the access point has no IPv4 address" : _radio.LastError));
                Close();
                return SetupOutcome.Failed;
            }

            _originHost = HostOf(_listener.Origin);
            _batteryText = BatteryText();
            _settings.Prefill(_shown);
            if (_log.IsEnabled(LogLevel.Info))
            {
                _log.Write(LogLevel.Info, "setup", "setup page on " + _listener.Origin + "/ (access point '" + _identity.AccessPointName + "', DNS answers "
                    + _radio.AccessPointAddress + " for every name)");
            }

            _radio.BeginScan();
            _scanning = true;
            _networkCount = -1;

            try
            {
                return Loop();
            }
            finally
            {
                Close();
            }
        }

        private SetupOutcome Loop()
        {
            while (true)
            {
                long now = _clock.UptimeMilliseconds;
                if (_power.StopRequested)
                {
                    return SetupOutcome.Stopped;
                }

                if (_attemptState == AttemptSucceeded)
                {
                    if ((_savedShownAt >= 0 && now - _savedShownAt >= SavedLingerMilliseconds) || now - _savedAt >= SavedUnseenMilliseconds)
                    {
                        return SetupOutcome.Stored;
                    }
                }
                else if (_attemptState != AttemptJoining && (now - _lastRequest >= IdleMilliseconds || now - _started >= LimitMilliseconds))
                {
                    _log.Write(LogLevel.Warning, "setup", "nobody finished setup in time: the access point closes");
                    return SetupOutcome.TimedOut;
                }

                if (_scanning)
                {
                    int found = _radio.ScanResults(_networks);
                    if (found >= 0)
                    {
                        _scanning = false;
                        _networkCount = found;
                    }
                }

                AdvanceAttemptGuarded();
                AnswerDns();
                Accept();
                for (int i = 0; i < Slots; i++)
                {
                    ServeGuarded(_slots[i]);
                }
            }
        }

        /// <summary>
        /// Serves one connection; a request that breaks the code serving it gets a 500 and the session goes on (the log
        /// names the exception's type only: a message could quote the form, passwords included).
        /// </summary>
        private void ServeGuarded(HttpSlot slot)
        {
            try
            {
                Serve(slot);
            }
            catch (System.Exception e)
            {
                _log.Write(LogLevel.Error, "setup", "a request failed (" + e.GetType().Name + "): it is answered 500");
                if (!slot.IsFree)
                {
                    Refuse(slot, 500, "the device could not answer this request");
                }
            }
        }

        /// <summary>Moves the attempt on; one that breaks the code trying it fails with a reason, and the session goes on.</summary>
        private void AdvanceAttemptGuarded()
        {
            try
            {
                AdvanceAttempt();
            }
            catch (System.Exception e)
            {
                Fail("The device could not try these settings (" + e.GetType().Name + ").");
            }
        }

        /// <summary>Answers the DNS queries that are waiting (a few per turn, so a flood cannot starve the page).</summary>
        private void AnswerDns()
        {
            for (int i = 0; i < 8; i++)
            {
                int length = _dns.Receive(_query, 0, _query.Length, 0);
                if (length == 0)
                {
                    return;
                }

                if (length < 0)
                {
                    continue;
                }

                int answer = DnsAnswer.Write(_query, length, _address, _answer);
                if (answer > 0 && _dns.Reply(_answer, 0, answer))
                {
                    DnsAnswers++;
                }
            }
        }

        private void Accept()
        {
            HttpSlot free = null;
            for (int i = 0; i < Slots && free == null; i++)
            {
                if (_slots[i].IsFree)
                {
                    free = _slots[i];
                }
            }

            IStreamConnection connection = _listener.Accept(PollMilliseconds);
            if (connection == null)
            {
                return;
            }

            if (free == null)
            {
                Refused++;
                Send(connection, 503, "text/plain; charset=utf-8", Plain("busy: too many connections"), null, true);
                connection.Close();
                return;
            }

            free.Open(connection, _clock.UptimeMilliseconds + RequestMilliseconds);
        }

        private void Serve(HttpSlot slot)
        {
            if (slot.IsFree)
            {
                return;
            }

            long now = _clock.UptimeMilliseconds;
            if (slot.AwaitsOutcome)
            {
                if (_attemptState != AttemptJoining || now >= slot.HoldUntil)
                {
                    Respond(slot, "/result");
                }

                return;
            }

            HttpRequestParser parser = slot.Parser;
            int free = parser.Free;
            int read = free > 0 ? slot.Connection.Read(parser.Buffer, parser.Length, free, 0) : 0;
            if (read < 0)
            {
                slot.Close();
                return;
            }

            HttpParse state = read > 0 ? parser.Received(read) : parser.State;
            if (state == HttpParse.Incomplete)
            {
                if (now >= slot.Deadline)
                {
                    Refuse(slot, 408, "the request did not arrive in time");
                }

                return;
            }

            _lastRequest = now;
            if (state == HttpParse.Refused)
            {
                Refuse(slot, parser.Status, parser.Problem);
                return;
            }

            Route(slot);
        }

        private void Route(HttpSlot slot)
        {
            HttpRequestParser request = slot.Parser;
            string path = request.Path;
            if (request.Host != null && request.Host != _originHost)
            {
                // A name the DNS answered for us (a phone's connectivity check): send the browser to the setup page.
                Redirect(slot, 302, "/");
                return;
            }

            if (request.Method == HttpMethod.Post)
            {
                if (path == "/setup")
                {
                    Submit(slot);
                }
                else
                {
                    Refuse(slot, 405, "only the form is posted, to /setup");
                }

                return;
            }

            if (path == "/" || path == "/result")
            {
                Respond(slot, path);
            }
            else if (path == "/scan")
            {
                if (!_scanning)
                {
                    _radio.BeginScan();
                    _scanning = true;
                    _networkCount = -1;
                }

                Redirect(slot, 303, "/");
            }
            else if (path == "/favicon.ico")
            {
                Refuse(slot, 404, "no icon");
            }
            else
            {
                Redirect(slot, 302, "/");
            }
        }

        private void Submit(HttpSlot slot)
        {
            HttpRequestParser request = slot.Parser;
            if (_attemptState == AttemptJoining || _attemptState == AttemptSucceeded)
            {
                Redirect(slot, 303, "/result");
                return;
            }

            if (!_formReader.Read(request.Buffer, request.BodyOffset, request.ContentLength, _form))
            {
                FormPage(slot, 400, _formReader.Error);
                return;
            }

            string problem = _form.NetworkName.Length == 0 ? "choose a Wi-Fi network, or type the name of another one" : _settings.Check(_form);
            if (problem != null)
            {
                _shown.CopyWithoutSecrets(_form);
                FormPage(slot, 400, problem);
                return;
            }

            _attempt.CopyWithoutSecrets(_form);
            _attempt.WifiPassword = _form.WifiPassword;
            _attempt.Password = _form.Password;
            _shown.CopyWithoutSecrets(_form);
            _form.Clear();
            Attempts++;
            _attemptState = AttemptJoining;
            _attemptStarted = _clock.UptimeMilliseconds;
            _attemptMessage = null;
            if (_log.IsEnabled(LogLevel.Info))
            {
                _log.Write(LogLevel.Info, "setup", "trying the network '" + _attempt.NetworkName + "' and the broker " + _attempt.BrokerHost + ":" + _attempt.BrokerPort
                    + (_attempt.Tls ? " over TLS" : string.Empty));
            }

            _radio.BeginJoin(_attempt.NetworkName, _attempt.WifiPassword);
            slot.AwaitsOutcome = true;
            slot.HoldUntil = _attemptStarted + HoldMilliseconds;
        }

        /// <summary>Moves the attempt on: the join's outcome, then the broker trial and storing the settings.</summary>
        private void AdvanceAttempt()
        {
            if (_attemptState != AttemptJoining)
            {
                return;
            }

            JoinResult join = _radio.JoinStatus;
            string network = _attempt.NetworkName;
            if (join == JoinResult.Pending)
            {
                if (_clock.UptimeMilliseconds - _attemptStarted >= JoinTimeoutMilliseconds)
                {
                    Fail("The Wi-Fi network '" + network + "' did not answer within " + (JoinTimeoutMilliseconds / 1000).ToString() + " s.");
                }

                return;
            }

            if (join != JoinResult.Joined)
            {
                Fail(JoinFailure(join, network));
                return;
            }

            MqttConnectResult broker = _settings.TryBroker(_attempt);
            if (broker != MqttConnectResult.Accepted)
            {
                Fail(BrokerFailure(broker, _attempt.BrokerHost + ":" + _attempt.BrokerPort, network));
                return;
            }

            string stored = _settings.Store(_attempt);
            _radio.EndJoin();
            if (stored != null)
            {
                Fail("The network and the broker work, but the settings could not be stored: " + stored);
                return;
            }

            ForgetSecrets();
            _attemptState = AttemptSucceeded;
            _savedAt = _clock.UptimeMilliseconds;
            _log.Write(LogLevel.Info, "setup", "the network and the broker work: settings stored");
        }

        private void Fail(string message)
        {
            _radio.EndJoin();
            ForgetSecrets();
            _attemptState = AttemptFailed;
            _attemptMessage = message;
            _log.Write(LogLevel.Warning, "setup", message);
        }

        private void ForgetSecrets()
        {
            _attempt.WifiPassword = string.Empty;
            _attempt.Password = string.Empty;
        }

        /// <summary>The exact reason a join failed, in words a person can act on.</summary>
        public static string JoinFailure(JoinResult result, string network)
        {
            switch (result)
            {
                case JoinResult.WrongPassword:
                    return "Wrong password for the Wi-Fi network '" + network + "'.";
                case JoinResult.NoSuchNetwork:
                    return "No Wi-Fi network named '" + network + "' answered: check the name, and that it is in range.";
                case JoinResult.NoAddress:
                    return "The device joined '" + network + "' but got no address: the network's DHCP server did not answer.";
                default:
                    return "The device could not join '" + network + "'.";
            }
        }

        /// <summary>The exact reason a broker trial failed.</summary>
        public static string BrokerFailure(MqttConnectResult result, string broker, string network)
        {
            switch (result)
            {
                case MqttConnectResult.Unreachable:
                    return "The broker " + broker + " cannot be reached from '" + network + "': nothing answered, or the connection was refused.";
                case MqttConnectResult.Timeout:
                    return "The broker " + broker + " did not answer in time.";
                case MqttConnectResult.BadUserNameOrPassword:
                case MqttConnectResult.NotAuthorized:
                    return "The broker " + broker + " refused the login: wrong user name or password, or this user may not connect.";
                case MqttConnectResult.TlsFailure:
                    return "The broker " + broker + " refused TLS: the port does not speak TLS, or its certificate is not signed by the CA given.";
                case MqttConnectResult.IdentifierRejected:
                    return "The broker " + broker + " refused the device name as a client identifier.";
                case MqttConnectResult.UnacceptableProtocolVersion:
                    return "The broker " + broker + " does not speak MQTT 3.1.1.";
                case MqttConnectResult.InvalidOptions:
                    return "The broker settings cannot be used (is the CA certificate well-formed?).";
                default:
                    return "The broker " + broker + " is unavailable: it refused the connection.";
            }
        }

        /// <summary>The view for "/" and "/result", as the attempt stands.</summary>
        private void Respond(HttpSlot slot, string path)
        {
            if (path == "/result" && _attemptState == AttemptJoining)
            {
                _page.Reset(_body);
                SetupPage.Connecting(_page, _identity, _attempt.NetworkName);
                Page(slot, 200);
            }
            else if (_attemptState == AttemptSucceeded)
            {
                _page.Reset(_body);
                SetupPage.Saved(_page, _identity, _attempt.NetworkName, _attempt.DeviceName);
                if (_savedShownAt < 0)
                {
                    _savedShownAt = _clock.UptimeMilliseconds;
                }

                Page(slot, 200);
            }
            else if (path == "/result" && _attemptState == AttemptFailed)
            {
                FormPage(slot, 200, _attemptMessage);
            }
            else if (path == "/result")
            {
                Redirect(slot, 303, "/");
            }
            else
            {
                FormPage(slot, 200, _attemptState == AttemptFailed ? _attemptMessage : null);
            }
        }

        private void FormPage(HttpSlot slot, int status, string error)
        {
            _page.Reset(_body);
            SetupPage.Form(_page, _identity, _batteryText, _shown, _networks, _scanning ? -1 : _networkCount, error, error != null);
            Page(slot, status);
        }

        private void Page(HttpSlot slot, int status)
        {
            if (_page.Overflowed)
            {
                Refuse(slot, 500, "the page does not fit its buffer");
                return;
            }

            Requests++;
            bool head = slot.Parser.Method == HttpMethod.Head;
            Send(slot.Connection, status, "text/html; charset=utf-8", _page.Length, null, !head);
            slot.Close();
        }

        private void Redirect(HttpSlot slot, int status, string path)
        {
            Requests++;
            Send(slot.Connection, status, null, 0, _listener.Origin + path, false);
            slot.Close();
        }

        private void Refuse(HttpSlot slot, int status, string problem)
        {
            Requests++;
            Refused++;
            if (_log.IsEnabled(LogLevel.Debug))
            {
                _log.Write(LogLevel.Debug, "setup", "refused a request (" + status.ToString() + "): " + problem);
            }

            Send(slot.Connection, status, "text/plain; charset=utf-8", Plain(problem), null, slot.Parser.Method != HttpMethod.Head);
            slot.Close();
        }

        /// <summary>Writes a short text into the body buffer and returns its length.</summary>
        private int Plain(string text)
        {
            _page.Reset(_body);
            _page.Raw(text).Raw("\n");
            return _page.Length;
        }

        /// <summary>Sends the head and, when <paramref name="withBody"/>, the first <paramref name="bodyLength"/> bytes of the body buffer.</summary>
        private void Send(IStreamConnection connection, int status, string contentType, int bodyLength, string location, bool withBody)
        {
            int head = HttpResponse.WriteHead(_head, status, contentType, bodyLength, location);
            if (connection.Write(_head, 0, head) && withBody && bodyLength > 0)
            {
                connection.Write(_body, 0, bodyLength);
            }
        }

        private string BatteryText()
        {
            if (_battery == null)
            {
                return "mains powered";
            }

            int millivolts;
            int percent;
            if (!_battery.Measure(out millivolts, out percent))
            {
                return "battery not measured";
            }

            return "battery " + percent.ToString() + " % (" + FixedPoint.Format(millivolts, -3) + " V)";
        }

        private void Close()
        {
            for (int i = 0; i < Slots; i++)
            {
                _slots[i].Close();
            }

            if (_listener != null)
            {
                _listener.Close();
            }

            if (_dns != null)
            {
                _dns.Close();
            }
        }

        /// <summary>"192.168.4.1" of "http://192.168.4.1", "127.0.0.1:41234" of "http://127.0.0.1:41234".</summary>
        private static string HostOf(string origin)
        {
            return Ordinal.StartsWith(origin, "http://") ? origin.Substring(7) : origin;
        }
    }
}
