using Firmware.Power;
using Firmware.Text;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Power
{
    [TestClass]
    public class BoardProfileTests
    {
        [TestMethod]
        public void TheDefaultProfilesAreValid()
        {
            Assert.IsNull(BoardProfile.Esp32WroomTwoAa().Validate());
            Assert.IsNull(BoardProfile.Esp32WroomLiIon().Validate());
        }

        [TestMethod]
        public void ABoostConverterDrawsTheBoostedLoadPlusItsQuiescentCurrents()
        {
            BoardProfile p = BoardProfile.Esp32WroomTwoAa();

            // 0.9 µA + (10 µA + 20 µA) × 3.3 V / (2.6 V × 0.88), rounded up to the nA.
            Assert.AreEqual(44170L, p.BatteryNanoamps(10));
            Assert.AreEqual(173106670L, p.BatteryNanoamps(120000));
        }

        [TestMethod]
        public void ALinearRegulatorPassesTheLoadThroughPlusItsGroundCurrent()
        {
            BoardProfile p = BoardProfile.Esp32WroomLiIon();

            Assert.AreEqual(12000L, p.BatteryNanoamps(10));
            Assert.AreEqual(120002000L, p.BatteryNanoamps(120000));
        }

        [TestMethod]
        public void EveryPhaseHasItsOwnCurrent()
        {
            BoardProfile p = BoardProfile.Esp32WroomTwoAa();

            Assert.AreEqual(10, p.GetLoadMicroamps(PowerPhase.DeepSleep));
            Assert.AreEqual(p.BootMicroamps, p.GetLoadMicroamps(PowerPhase.Boot));
            Assert.AreEqual(p.WifiConnectMicroamps, p.GetLoadMicroamps(PowerPhase.WifiConnect));
            Assert.AreEqual(p.TransmitMicroamps, p.GetLoadMicroamps(PowerPhase.RadioTransmit));
            Assert.AreEqual(p.ReceiveMicroamps, p.GetLoadMicroamps(PowerPhase.RadioReceive));
            p.SetLoadMicroamps(PowerPhase.DeepSleep, 150);
            Assert.AreEqual(150, p.DeepSleepMicroamps);
        }

        [TestMethod]
        public void BadFiguresAreRejectedWithAReason()
        {
            BoardProfile p = BoardProfile.Esp32WroomTwoAa();
            p.EfficiencyPermille = 0;
            Assert.IsTrue(Ordinal.IndexOf(p.Validate(), "efficiency") >= 0, p.Validate());

            p = BoardProfile.Esp32WroomTwoAa();
            p.ReceiveMicroamps = -1;
            Assert.IsTrue(Ordinal.IndexOf(p.Validate(), "rx current") >= 0, p.Validate());

            p = BoardProfile.Esp32WroomTwoAa();
            p.BatteryMillivolts = 100;
            Assert.IsTrue(Ordinal.IndexOf(p.Validate(), "voltages") >= 0, p.Validate());

            p = BoardProfile.Esp32WroomTwoAa();
            p.BootMilliseconds = 100000;
            Assert.IsTrue(Ordinal.IndexOf(p.Validate(), "durations") >= 0, p.Validate());
        }

        [TestMethod]
        public void PhaseNamesAreShortAndDistinct()
        {
            for (int a = 0; a < PowerPhase.Count; a++)
            {
                for (int b = a + 1; b < PowerPhase.Count; b++)
                {
                    Assert.AreNotEqual(PowerPhase.Name(a), PowerPhase.Name(b));
                }
            }

            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => PowerPhase.Name(PowerPhase.Count));
        }
    }
}
