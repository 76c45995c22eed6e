using System;
using Firmware.Host.Hardware;
using Firmware.Power;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Power
{
    /// <summary>What a sample wake does with the power building blocks allocates nothing (measured, not timed).</summary>
    [TestClass]
    public sealed class PowerAllocationTests
    {
        [TestMethod]
        public void AccountingPlanningBackoffAndStateEncodingAllocateNothingPerWake()
        {
            EnergyLedger ledger = new EnergyLedger(BoardProfile.Esp32WroomTwoAa());
            PowerBudget budget = new PowerBudget { TargetLifeDays = 180 };
            PowerAverages averages = new PowerAverages();
            RadioPlan plan = new RadioPlan();
            Backoff backoff = new Backoff(60000, 3600000);
            SeededRandom random = new SeededRandom(1);
            byte[] state = new byte[EnergyLedger.MaxEncodedLength + Backoff.MaxEncodedLength];
            Wakes(ledger, budget, averages, plan, backoff, random, state, 10);

            long before = GC.GetAllocatedBytesForCurrentThread();
            Wakes(ledger, budget, averages, plan, backoff, random, state, 1000);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.AreEqual(0L, allocated, "bytes allocated over 1000 wakes");
        }

        private static void Wakes(EnergyLedger ledger, PowerBudget budget, PowerAverages averages, RadioPlan plan, Backoff backoff, SeededRandom random, byte[] state, int count)
        {
            for (int wake = 0; wake < count; wake++)
            {
                ledger.Add(PowerPhase.DeepSleep, 298000);
                ledger.AddWake();
                ledger.Begin(PowerPhase.SensorMeasure, 0);
                ledger.Begin(PowerPhase.CpuActive, 20);
                ledger.Begin(PowerPhase.FlashProgram, 60);
                ledger.End(61);
                ledger.CountReadings(1);
                if (wake % 12 == 0)
                {
                    ledger.Add(PowerPhase.WifiConnect, 2000);
                    ledger.CountRadioSession();
                    if (wake % 24 == 0)
                    {
                        backoff.Failed(random);
                    }
                    else
                    {
                        backoff.Succeeded();
                    }
                }

                RadioPlanner.Plan(budget, ledger, averages, -1, plan);
                int length = ledger.Encode(state, 0);
                length += backoff.Encode(state, length);
                if (!ledger.Decode(state, 0, length - 2))
                {
                    throw new InvalidOperationException(ledger.Error);
                }
            }
        }
    }
}
