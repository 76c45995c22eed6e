using Firmware.Device.Phases;
using Firmware.Ports;
using Firmware.Power;
using Firmware.Uplink;

namespace Firmware.Device
{
    /// <summary>
    /// The device's main loop: a boot, then the phases of a wake in the order of the tables below, each a small type
    /// (<see cref="IWakePhase"/>) sharing one <see cref="WakeContext"/>. It runs in one of two power modes from the
    /// configuration:
    /// <list type="bullet">
    /// <item>battery: <see cref="Run"/> is one wake of a fresh boot (<see cref="BatteryWake"/>), ending in deep sleep
    /// until the next sample slot or in a reboot.</item>
    /// <item>mains: <see cref="Run"/> runs <see cref="MainsSample"/> on the sample interval until the target stops it,
    /// keeps the MQTT session up and takes commands between samples, and ends with <see cref="MainsStopPhase"/>.</item>
    /// </list>
    /// The wake watchdog and the handling of a failing flash are here, in <see cref="Guarded"/>: every phase runs
    /// under the watchdog, which caps the wake's time (a hang costs one wake), and a flash failure ends the phases
    /// of that wake (or sample) only. Bad input and failing ports never end the loop; the sample path allocates
    /// nothing.
    /// </summary>
    public sealed class DeviceLoop
    {
        /// <summary>
        /// While a participant wants a session (an image on trial) and the broker is not reached, a mains device tries
        /// at least this often, whatever its backoff: each attempt lets the trial know how it went.
        /// </summary>
        public const int MainsParticipantRetryMilliseconds = 60000;

        /// <summary>Time the wake watchdog leaves the loader past a trial deadline, so a hang on trial is the loader's to count.</summary>
        public const int TrialDeadlineMarginMilliseconds = 5000;

        /// <summary>One battery wake: a boot after deep sleep (its <see cref="BootPhase"/> ran when the loop was built).</summary>
        private static readonly IWakePhase[] BatteryWake =
        {
            new SamplePhase(),             // every sensor into the reading
            new ControlPhase(),            // the thermostat decides, before any network step
            new BatteryPhase(),            // the battery's level, and the power plan with it
            new StorePhase(),              // the reading appended to the flash log and committed
            new AlarmPhase(),              // the alarm rule's verdict; only its onset calls the radio
            new RadioDecisionPhase(),      // whether the radio runs at this wake, and why
            new RadioSessionPhase(),       // connect, announce, drain, state, commands, participants' work
            new PlanNextWakePhase(),       // the power plan; sample wakes until the radio (the backoff's after a failure)
            new GoodbyePhase(),            // "sleeping until" the next session, disconnect, network down
            new PersistWakeStatePhase(),   // what the host could not time charged; the wake state saved and committed
        };

        /// <summary>How a battery wake ends, after its watchdog: deep sleep until the next sample slot, or a reboot.</summary>
        private static readonly IWakePhase SleepAtEnd = new SleepPhase();

        /// <summary>One sample of a mains loop: the session stays up between samples.</summary>
        private static readonly IWakePhase[] MainsSample =
        {
            new SamplePhase(),             // every sensor into the reading
            new ControlPhase(),            // the thermostat decides, before any network step
            new BatteryPhase(),            // the battery's level, and the power plan with it
            new StorePhase(),              // the reading appended to the flash log and committed
            new AlarmPhase(),              // the alarm rule's verdict; its onset drains the log at once
            new MainsConnectPhase(),       // the session opened again when it is down and the backoff has passed
            new MainsExchangePhase(),      // drain when due, state (QoS 0), commands, participants' work
            new SaveLedgerPhase(),         // the wake state saved once an hour
        };

        /// <summary>Between mains samples, when a command arrived while connected.</summary>
        private static readonly IWakePhase[] CommandArrived = { new CommandPhase() };

        /// <summary>Between mains samples, every minute while an image on trial waits for the broker.</summary>
        private static readonly IWakePhase[] TrialRetry = { new TrialRetryPhase() };

        /// <summary>How a mains loop ends: the wake state saved, the session closed, a reboot asked for.</summary>
        private static readonly IWakePhase StopAtEnd = new MainsStopPhase();

        private readonly WakeContext _context;
        private readonly WakeWatchdog _watchdog;

        /// <summary>The boot: storage mounted, configuration loaded, every part built (<see cref="WakeContext"/>), then <see cref="BootPhase"/>.</summary>
        public DeviceLoop(Platform platform, DeviceConfig config, string firmwareVersion)
        {
            _context = new WakeContext(platform, config, firmwareVersion);
            _watchdog = new WakeWatchdog(platform.Clock, platform.Power, platform.Log);
            new BootPhase().Run(_context);
        }

        /// <summary>What the phases share: the configuration in force, storage, ledger, the last wake's findings.</summary>
        public WakeContext Context
        {
            get { return _context; }
        }

        /// <summary>Adds work that rides on the radio sessions (OTA); see <see cref="IRadioSessionParticipant"/>.</summary>
        public void AddParticipant(IRadioSessionParticipant participant)
        {
            if (participant == null)
            {
                throw new System.ArgumentNullException("participant");
            }

            _context.Participants.Add(participant);
        }

        /// <summary>Runs one battery wake (ending in a deep-sleep request) or the mains loop until the target stops it.</summary>
        public void Run()
        {
            if (_context.IsMains)
            {
                RunMains();
            }
            else
            {
                RunBatteryWake();
            }
        }

        private void RunBatteryWake()
        {
            // The sleep of a wake that fails before planning one: the next sample slot, roughly.
            _context.SleepMilliseconds = _context.SampleMilliseconds;
            bool finished = Guarded(BatteryWake);
            _watchdog.Stop();
            if (finished)
            {
                SleepAtEnd.Run(_context);
            }
        }

        private void RunMains()
        {
            IClock clock = _context.Clock;
            IPower power = _context.Platform.Power;
            long next = clock.UptimeMilliseconds;
            _context.ReconnectAt = next;
            _context.StateSavedAt = next;
            while (!power.StopRequested && !_context.RestartRequested)
            {
                if (!Guarded(MainsSample))
                {
                    _watchdog.Stop();
                    return;
                }

                if (_context.RebootAtEnd || _context.Commands.FactoryResetRequested)
                {
                    break;
                }

                next += _context.SampleMilliseconds;
                long now = clock.UptimeMilliseconds;
                if (next <= now)
                {
                    // The wake overran one or more intervals: skip them rather than sample in a burst.
                    long missed = ((now - next) / _context.SampleMilliseconds) + 1;
                    next += missed * _context.SampleMilliseconds;
                    _context.Log.Write(LogLevel.Warning, "device", "wake overran; skipped " + missed.ToString() + " sample slot(s)");
                }

                if (!WaitUntil(next))
                {
                    _watchdog.Stop();
                    return;
                }
            }

            _watchdog.Stop();
            StopAtEnd.Run(_context);
        }

        /// <summary>
        /// Waits for the next sample; while connected, takes each command as it comes, and while an image on trial waits
        /// for the broker, tries again every minute. False when the watchdog fired (it rebooted the device).
        /// </summary>
        private bool WaitUntil(long until)
        {
            IClock clock = _context.Clock;
            IPower power = _context.Platform.Power;
            RadioSession session = _context.Session;
            while (!power.StopRequested && !_context.RestartRequested && !_context.RebootAtEnd)
            {
                long left = until - clock.UptimeMilliseconds;
                if (left <= 0)
                {
                    return true;
                }

                if (!session.IsOpen)
                {
                    if (_context.WantedByParticipant())
                    {
                        clock.Sleep(left < MainsParticipantRetryMilliseconds ? (int)left : MainsParticipantRetryMilliseconds);
                        if (!power.StopRequested && !session.IsOpen && until - clock.UptimeMilliseconds > 0 && !Guarded(TrialRetry))
                        {
                            return false;
                        }

                        continue;
                    }

                    clock.Sleep(left > int.MaxValue ? int.MaxValue : (int)left);
                    continue;
                }

                if (!WaitForCommand(until))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// While connected, until <paramref name="until"/>: blocks in the link until a command arrives (then takes it
        /// under the watchdog at once), the connection is lost or the time comes; no look every second. The wait itself
        /// is a sleep to the watchdog, as the sleep it replaces was (the port returns within its timeout; a timer looking
        /// at the clock through every idle minute would cost more than the look every second did). False when the
        /// watchdog fired.
        /// </summary>
        private bool WaitForCommand(long until)
        {
            IClock clock = _context.Clock;
            RadioSession session = _context.Session;
            long left = until - clock.UptimeMilliseconds;
            int wait = left > int.MaxValue ? int.MaxValue : (int)left;
            if (session.WaitForCommand(wait))
            {
                return Guarded(CommandArrived);
            }

            left = until - clock.UptimeMilliseconds;
            if (left > 0 && session.IsOpen)
            {
                // A link that answered before its timeout with nothing and still connected: the rest is a sleep, never a spin.
                clock.Sleep(left > int.MaxValue ? int.MaxValue : (int)left);
            }

            return true;
        }

        /// <summary>
        /// Runs <paramref name="phases"/> in order under the wake watchdog: on battery it forces the planned sleep, on
        /// mains a reboot, when they overrun the wake's cap. A flash failure ends the phases (logged; the wake still
        /// sleeps, the mains loop samples again). False when the watchdog fired.
        /// </summary>
        private bool Guarded(IWakePhase[] phases)
        {
            if (_context.IsMains)
            {
                _watchdog.ArmReboot(WakeCapMilliseconds());
            }
            else
            {
                _watchdog.ArmSleep(WakeCapMilliseconds(), _context.SampleMilliseconds);
            }

            try
            {
                for (int i = 0; i < phases.Length; i++)
                {
                    phases[i].Run(_context);
                }
            }
            catch (System.IO.IOException e)
            {
                // The flash failed: nothing more can be kept in this wake; the next one tries again.
                _context.Log.Write(LogLevel.Error, "storage", e.Message);
            }

            return _watchdog.Disarm();
        }

        /// <summary>
        /// The wake's cap: the configured one, but while the running image is on trial at least until the loader's
        /// trial deadline (and a margin), so that a hang on trial is reset by the loader and counted as a failed
        /// attempt rather than ended by this watchdog, which the loader cannot tell from a power cut.
        /// </summary>
        private long WakeCapMilliseconds()
        {
            long cap = (long)_context.Config.WakeCapSeconds * 1000;
            Firmware.Boot.IUpdateSlots slots = _context.Platform.Slots;
            if (slots != null && slots.State.Trial && slots.State.TrialDeadline >= 0)
            {
                long untilDeadline = slots.State.TrialDeadline - _context.Clock.UptimeMilliseconds + TrialDeadlineMarginMilliseconds;
                if (untilDeadline > cap)
                {
                    cap = untilDeadline;
                }
            }

            return cap;
        }
    }
}
