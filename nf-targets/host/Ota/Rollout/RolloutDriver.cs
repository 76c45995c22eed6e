using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace Firmware.Host.Ota.Rollout
{
    /// <summary>
    /// Drives a <see cref="RolloutEngine"/> over a <see cref="RolloutLink"/>: each tick catches up with the broker, hands
    /// the engine what arrived, steps it, publishes what it asks and saves its state when it changed. A message the
    /// engine cannot read is counted and skipped, never the rollout's end.
    /// </summary>
    public sealed class RolloutDriver
    {
        private readonly RolloutLink _link;
        private readonly string _statePath;
        private readonly TimeSpan _timeout;

        public RolloutDriver(RolloutEngine engine, RolloutLink link, string statePath, TimeSpan timeout)
        {
            Engine = engine;
            _link = link;
            _statePath = statePath;
            _timeout = timeout;
        }

        public RolloutEngine Engine { get; }

        /// <summary>Messages the engine could not read, and the last one with why.</summary>
        public long Unreadable { get; private set; }

        public string LastUnreadable { get; private set; }

        /// <summary>Takes what arrived and moves the rollout to <paramref name="now"/> (Unix ms).</summary>
        public void Tick(long now)
        {
            Catch();
            Apply(Engine.Step(now));
        }

        /// <summary>Takes what arrived from the broker (after a flush), without stepping.</summary>
        public void Catch()
        {
            if (!_link.Flush(_timeout))
            {
                throw new TimeoutException($"the broker did not return the rollout's marker within {_timeout.TotalSeconds:0} s ({_link.Connection})");
            }

            foreach (RolloutMessage message in _link.Drain())
            {
                try
                {
                    Engine.Observe(message);
                }
                catch (Exception e) when (e is JsonException || e is InvalidOperationException || e is FormatException)
                {
                    Unreadable++;
                    LastUnreadable = $"{message.Topic}: {e.Message}";
                }
            }
        }

        /// <summary>Publishes what the engine asked for, then saves its state when it changed.</summary>
        public void Apply(IReadOnlyList<RolloutPublication> publications)
        {
            // Saved first when publishing fails midway the state would claim announces the broker never took; saved
            // after, a crash between the two repeats retained publishes, which is harmless.
            _link.Publish(publications, _timeout);
            if (Engine.TakeChanged() && _statePath != null)
            {
                RolloutStateFile.Save(Engine.State, _statePath);
            }
        }
    }
}
