using Firmware.Ports;

namespace Firmware.Boot
{
    /// <summary>
    /// This boot's side of boot control: decides at the start which slot runs and whether on trial, carries an image
    /// on trial to its verdict (confirmed, or a failed attempt), and switches to the other slot after a recovery. Every
    /// change goes through the state table (<see cref="BootTransitions"/>) and one record write, and leaves
    /// <see cref="BootState"/> current, including the trial deadline that the loader's watchdog reads from another
    /// thread (hence the lock).
    /// </summary>
    public sealed class BootDecision
    {
        private readonly object _deadlineLock = new object();
        private readonly BootControlStore _control;
        private readonly BootControlRecord _record;
        private readonly BootState _state;
        private readonly IClock _clock;
        private int _maxTrialAttempts = 3;

        public BootDecision(BootControlStore control, BootState state, IClock clock)
        {
            _control = control;
            _record = control.Record;
            _state = state;
            _clock = clock;
            TrialDeadlineMilliseconds = 10 * 60 * 1000;
        }

        /// <summary>Failed boots an image on trial may have before it is rolled back (1 to 255; default 3).</summary>
        public int MaxTrialAttempts
        {
            get
            {
                return _maxTrialAttempts;
            }

            set
            {
                // The record keeps the count in one byte, and 0 left rolls back at the next boot whatever it was.
                if (value < 1 || value > 255)
                {
                    throw new System.ArgumentOutOfRangeException("value", "1 to 255 attempts");
                }

                _maxTrialAttempts = value;
            }
        }

        /// <summary>How long an image on trial may run without a verdict (default 10 min).</summary>
        public int TrialDeadlineMilliseconds { get; set; }

        /// <summary>True when an image on trial let its deadline pass.</summary>
        public bool TrialDeadlinePassed
        {
            get
            {
                lock (_deadlineLock)
                {
                    return _state.Trial && _state.TrialDeadline >= 0 && _clock.UptimeMilliseconds >= _state.TrialDeadline;
                }
            }
        }

        /// <summary>
        /// Reads boot control afresh and applies the state table at a boot (<see cref="BootTransitions.AtBoot"/>; a
        /// pending image gets <see cref="MaxTrialAttempts"/>).
        /// Returns the slot to boot, or <see cref="BootControlRecord.NoSlot"/> when no image was ever installed. A trial
        /// deadline runs from now for an image on trial.
        /// </summary>
        public int Begin(WakeCause cause)
        {
            if (!_control.Reload())
            {
                _state.RunningSlot = BootControlRecord.NoSlot;
                _state.Trial = false;
                SetDeadline(-1);
                return BootControlRecord.NoSlot;
            }

            if (BootTransitions.AtBoot(_record, cause, _maxTrialAttempts))
            {
                _control.Write();
            }

            _state.RunningSlot = _record.ActiveSlot;
            _state.Trial = !_record.Confirmed;
            SetDeadline(_state.Trial ? _clock.UptimeMilliseconds + TrialDeadlineMilliseconds : -1);
            return _record.ActiveSlot;
        }

        /// <summary>Throws unless the running image is on trial.</summary>
        public void RequireTrial()
        {
            if (!_control.Load() || _record.Confirmed || !_state.Trial)
            {
                throw new System.InvalidOperationException("no image is on trial");
            }
        }

        /// <summary>The image on trial passed its health check (<see cref="BootTransitions.Confirm"/>).</summary>
        public void Confirm(long securityCounter)
        {
            RequireTrial();
            BootTransitions.Confirm(_record, securityCounter);
            _control.Write();
            _state.Trial = false;
            SetDeadline(-1);
        }

        /// <summary>Counts a failed attempt of the image on trial (a <see cref="TrialFailure"/> reason); its deadline stops.</summary>
        public void RecordTrialFailure(int reason)
        {
            RequireTrial();
            if (reason < TrialFailure.Crash || reason > TrialFailure.HealthCheck)
            {
                throw new System.ArgumentOutOfRangeException("reason", "not a trial failure reason");
            }

            BootTransitions.CountFailure(_record, reason);
            _control.Write();
            SetDeadline(-1);
        }

        /// <summary>The image on trial is alive but cannot judge its health yet: its deadline runs again from now.</summary>
        public void KeepTrialAlive()
        {
            if (_state.Trial)
            {
                SetDeadline(_clock.UptimeMilliseconds + TrialDeadlineMilliseconds);
            }
        }

        /// <summary>The confirmed image in <paramref name="failedSlot"/> did not load: the other slot runs, confirmed (<see cref="BootTransitions.Recover"/>).</summary>
        public void Recovered(int failedSlot)
        {
            BootTransitions.Recover(_record, failedSlot);
            _control.Write();
            _state.RunningSlot = _record.ActiveSlot;
            _state.Trial = false;
            SetDeadline(-1);
        }

        private void SetDeadline(long deadline)
        {
            lock (_deadlineLock)
            {
                _state.TrialDeadline = deadline;
            }
        }
    }
}
