using System;
using System.Linq;
using Firmware.Host.Fleet;
using Firmware.Host.Hardware;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Fleet
{
    /// <summary>A fleet device's sparse flash keeps the NOR rules, shares identical image sectors and copies one a device writes.</summary>
    [TestClass]
    public sealed class FleetFlashTests
    {
        [TestMethod]
        public void ErasedSectorsReadAsOnesAndProgrammingOnlyClearsBits()
        {
            FleetFlash flash = new FleetFlash(8 * 4096, 4096, new SectorPool(), null);
            byte[] read = new byte[16];
            flash.Read(4096 - 8, read, 0, 16);
            Assert.IsTrue(read.All(b => b == 0xFF));
            Assert.AreEqual(0, flash.OwnBytes);

            flash.Program(4096 - 8, new byte[] { 0x0F, 0xF0, 0, 0, 0, 0, 0, 0, 0x12, 0x34 }, 0, 10);
            flash.Read(4096 - 8, read, 0, 10);
            CollectionAssert.AreEqual(new byte[] { 0x0F, 0xF0, 0, 0, 0, 0, 0, 0, 0x12, 0x34 }, read.Take(10).ToArray());
            Assert.AreEqual(2 * 4096, flash.OwnBytes, "a program across a boundary writes two sectors");
            Assert.ThrowsExactly<FlashProgramViolationException>(() => flash.Program(4096 - 8, new byte[] { 0xFF }, 0, 1));

            flash.Erase(0);
            flash.Read(4096 - 8, read, 0, 1);
            Assert.AreEqual(0xFF, read[0]);
            Assert.AreEqual(4096, flash.OwnBytes);
        }

        [TestMethod]
        public void IdenticalSectorsAreSharedAndCopiedWhenOneDeviceWritesItsOwn()
        {
            SectorPool pool = new SectorPool();
            FleetFlash first = new FleetFlash(4 * 4096, 4096, pool, null);
            FleetFlash second = new FleetFlash(4 * 4096, 4096, pool, null);
            byte[] image = Enumerable.Range(0, 4096).Select(i => (byte)(i * 7)).ToArray();
            foreach (FleetFlash flash in new[] { first, second })
            {
                flash.Program(4096, image, 0, image.Length);
                flash.Share(1, 2);
            }

            Assert.AreEqual(1, pool.Count);
            Assert.AreEqual(0, first.OwnBytes + second.OwnBytes);

            first.Program(4096, new byte[] { 0 }, 0, 1);
            byte[] read = new byte[1];
            second.Read(4096, read, 0, 1);
            Assert.AreEqual(image[0], read[0], "the other device's copy is untouched");
            first.Read(4096, read, 0, 1);
            Assert.AreEqual(0, read[0]);
            Assert.AreEqual(4096, first.OwnBytes);
        }

        [TestMethod]
        public void WhileThePowerIsCutEveryOperationFails()
        {
            PowerCutSchedule supply = new PowerCutSchedule();
            supply.Add(1000, 5000);
            FleetFlash flash = new FleetFlash(2 * 4096, 4096, new SectorPool(), supply);
            Assert.IsTrue(supply.CutBetween(0, 2000, out long at));
            Assert.AreEqual(1000, at);
            supply.Fail();

            Assert.ThrowsExactly<SimulatedPowerCutException>(() => flash.Read(0, new byte[1], 0, 1));
            Assert.ThrowsExactly<SimulatedPowerCutException>(() => flash.Erase(0));
            Assert.AreEqual(5000, supply.OffMilliseconds);
            supply.Restore();
            flash.Program(0, new byte[] { 1 }, 0, 1);
            Assert.IsFalse(supply.CutBetween(0, long.MaxValue, out _), "the cut is past once the power is back");
        }

        [TestMethod]
        public void ProgramsAgreeWithTheSimulatedNorFlashAcrossSectorsAndRefusedOnesChangeNothing()
        {
            // The simulator's flash is the reference: random programs and erases, many across a sector boundary and some
            // asking to set bits, leave both with the same bytes, and both refuse the same programs.
            Random random = new Random(11);
            FleetFlash fleet = new FleetFlash(4 * 4096, 4096, new SectorPool(), null);
            SimulatedNorFlash reference = new SimulatedNorFlash(4 * 4096);
            int refused = 0;
            for (int n = 0; n < 2000; n++)
            {
                if (random.Next(50) == 0)
                {
                    int sector = random.Next(4);
                    fleet.Erase(sector);
                    reference.Erase(sector);
                    continue;
                }

                int count = random.Next(1, 300);
                int address = random.Next(0, (4 * 4096) - count);
                byte[] bytes = new byte[count + 3];
                random.NextBytes(bytes);
                Exception fleetFailure = Catch(() => fleet.Program(address, bytes, 3, count));
                Exception referenceFailure = Catch(() => reference.Program(address, bytes, 3, count));
                Assert.AreEqual(referenceFailure?.GetType(), fleetFailure?.GetType(), $"program {n} at {address} +{count}");
                refused += fleetFailure != null ? 1 : 0;
            }

            byte[] fleetBytes = new byte[4 * 4096];
            byte[] referenceBytes = new byte[4 * 4096];
            fleet.Read(0, fleetBytes, 0, fleetBytes.Length);
            reference.Read(0, referenceBytes, 0, referenceBytes.Length);
            CollectionAssert.AreEqual(referenceBytes, fleetBytes);
            Assert.IsTrue(refused > 100 && refused < 1900, $"{refused} of the programs were refused");
        }

        private static Exception Catch(Action action)
        {
            try
            {
                action();
                return null;
            }
            catch (Exception e)
            {
                return e;
            }
        }
    }
}
