using Firmware.Device;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Device
{
    /// <summary>The backoff's automatic base and cap: the radio interval and twice it on battery, 60 s and 15 min on mains.</summary>
    [TestClass]
    public class BackoffDefaultsTests
    {
        [TestMethod]
        public void OnBatteryTheCapIsTwiceTheRadioInterval()
        {
            DeviceConfig config = new DeviceConfig();
            config.RadioIntervalSeconds = 3600;
            Assert.AreEqual(0, config.BackoffCapSeconds, "automatic by default");
            Assert.AreEqual(3600, config.EffectiveBackoffBaseSeconds(false));
            Assert.AreEqual(7200, config.EffectiveBackoffCapSeconds(false));

            config.RadioIntervalSeconds = 5 * 86400;
            Assert.AreEqual(7 * 86400, config.EffectiveBackoffCapSeconds(false), "never past a week");
        }

        [TestMethod]
        public void OnMainsTheCapIsAQuarterOfAnHour()
        {
            DeviceConfig config = new DeviceConfig();
            Assert.AreEqual(60, config.EffectiveBackoffBaseSeconds(true));
            Assert.AreEqual(900, config.EffectiveBackoffCapSeconds(true));
        }

        [TestMethod]
        public void AConfiguredCapOrBaseIsKept()
        {
            DeviceConfig config = new DeviceConfig();
            config.BackoffCapSeconds = 21600;
            Assert.AreEqual(21600, config.EffectiveBackoffCapSeconds(false));
            Assert.AreEqual(21600, config.EffectiveBackoffCapSeconds(true));

            config.BackoffCapSeconds = 0;
            config.BackoffBaseSeconds = 30000;
            Assert.AreEqual(30000, config.EffectiveBackoffBaseSeconds(true));
            Assert.AreEqual(30000, config.EffectiveBackoffCapSeconds(true), "an automatic cap is never below the base");
        }

        [TestMethod]
        public void AnAutomaticCapIsAValidConfiguration()
        {
            DeviceConfig config = new DeviceConfig();
            Assert.IsNull(config.Validate(), config.Validate());
            config.BackoffCapSeconds = 1;
            config.BackoffBaseSeconds = 60;
            Assert.IsNotNull(config.Validate(), "a cap below the base is refused");
        }
    }
}
