using System;
using System.Collections.Generic;

namespace Firmware.Host.Tests.Storage.Support
{
    /// <summary>
    /// Scripted workloads for the power-cut sweeps: appends with syncs and acknowledgements, several
    /// wrap-arounds of the ring, full-log drops, format changes, state-store rotations, and device wakes
    /// that do a bit of everything. Deterministic for a seed.
    /// </summary>
    public static class Workloads
    {
        public static readonly string[] SweepNames = { "appends", "wrap-and-drop", "formats", "state", "wakes" };

        public static List<Step> Build(string name, int seed)
        {
            Random random = new Random(seed);
            List<Step> steps = new List<Step>();
            switch (name)
            {
                case "appends":
                    for (int i = 0; i < 120; i++)
                    {
                        steps.Add(new Step(StepKind.Append, random.Next(1, 4)));
                        if (i % 3 == 2)
                        {
                            steps.Add(new Step(StepKind.Acknowledge, random.Next(1, 7)));
                        }
                    }

                    break;
                case "wrap-and-drop":
                    // Fills the ring with nothing acknowledged (drops), then drains and refills it.
                    for (int i = 0; i < 70; i++)
                    {
                        steps.Add(new Step(StepKind.Append, random.Next(1, 5)));
                    }

                    for (int i = 0; i < 12; i++)
                    {
                        steps.Add(new Step(StepKind.Acknowledge, 5));
                        steps.Add(new Step(StepKind.AppendUnsynced, 1));
                        steps.Add(new Step(StepKind.Append, 1));
                    }

                    steps.Add(new Step(StepKind.AcknowledgeThrough, 3));
                    for (int i = 0; i < 40; i++)
                    {
                        steps.Add(new Step(StepKind.Append, random.Next(1, 4)));
                        if (i % 2 == 1)
                        {
                            steps.Add(new Step(StepKind.Acknowledge, random.Next(1, 9)));
                        }
                    }

                    break;
                case "formats":
                    for (int i = 0; i < 50; i++)
                    {
                        int channels = i % 7 < 4 ? 3 : 5;
                        steps.Add(new Step(StepKind.Append, random.Next(1, 4), Channels: channels, Wide: i % 9 == 4));
                        if (i % 4 == 3)
                        {
                            steps.Add(new Step(StepKind.Acknowledge, random.Next(2, 8)));
                        }
                    }

                    break;
                case "state":
                    for (int i = 0; i < 70; i++)
                    {
                        bool synced = random.Next(4) != 0;
                        steps.Add(new Step(synced ? StepKind.StateWrite : StepKind.StateWriteUnsynced, Key: random.Next(1, 4)));
                    }

                    steps.Add(new Step(StepKind.Sync));
                    break;
                case "wakes":
                    for (int wake = 0; wake < 200; wake++)
                    {
                        steps.Add(new Step(StepKind.Append, 1));
                        steps.Add(new Step(StepKind.StateWrite, Key: 1 + (wake % 2)));
                        if (wake % 6 == 5)
                        {
                            steps.Add(new Step(StepKind.Acknowledge, 12));
                        }
                    }

                    break;
                case "mixed":
                    for (int i = 0; i < 220; i++)
                    {
                        int pick = random.Next(100);
                        steps.Add(pick switch
                        {
                            < 40 => new Step(StepKind.Append, random.Next(1, 4), Channels: random.Next(10) == 0 ? 5 : 3, Wide: random.Next(15) == 0),
                            < 50 => new Step(StepKind.AppendUnsynced, random.Next(1, 3)),
                            < 68 => new Step(StepKind.Acknowledge, random.Next(1, 13)),
                            < 72 => new Step(StepKind.AcknowledgeThrough, random.Next(1, 5)),
                            < 88 => new Step(StepKind.StateWrite, Key: random.Next(1, 4)),
                            < 95 => new Step(StepKind.StateWriteUnsynced, Key: random.Next(1, 4)),
                            _ => new Step(StepKind.Sync),
                        });
                    }

                    break;
                default:
                    throw new ArgumentException("unknown workload " + name);
            }

            return steps;
        }
    }
}
