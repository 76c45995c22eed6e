using Firmware.HomeAssistant;
using nanoFramework.TestFramework;

namespace Firmware.Tests.HomeAssistant
{
    /// <summary>SenML units (RFC 8428) to Home Assistant's sensor device classes and units (<see cref="SensorClasses"/>).</summary>
    [TestClass]
    public class SensorClassesTests
    {
        [TestMethod]
        public void TheClimateUnitsHaveTheirDeviceClassesAndHomeAssistantsUnits()
        {
            Assert.AreEqual("temperature", SensorClasses.DeviceClass("Cel"));
            Assert.AreEqual("°C", SensorClasses.Unit("Cel"));
            Assert.AreEqual("humidity", SensorClasses.DeviceClass("%RH"));
            Assert.AreEqual("%", SensorClasses.Unit("%RH"));
            Assert.AreEqual("pressure", SensorClasses.DeviceClass("Pa"));
            Assert.AreEqual("Pa", SensorClasses.Unit("Pa"));
        }

        [TestMethod]
        public void ElectricalAndLightUnitsKeepTheirSymbols()
        {
            Assert.AreEqual("voltage", SensorClasses.DeviceClass("V"));
            Assert.AreEqual("V", SensorClasses.Unit("V"));
            Assert.AreEqual("current", SensorClasses.DeviceClass("A"));
            Assert.AreEqual("power", SensorClasses.DeviceClass("W"));
            Assert.AreEqual("illuminance", SensorClasses.DeviceClass("lx"));
            Assert.AreEqual("lx", SensorClasses.Unit("lx"));
        }

        [TestMethod]
        public void AUnitWithoutADeviceClassKeepsItsSymbolAndARatioHasNone()
        {
            Assert.IsNull(SensorClasses.DeviceClass("Ohm"));
            Assert.AreEqual("Ω", SensorClasses.Unit("Ohm"));
            Assert.IsNull(SensorClasses.DeviceClass("count/min"));
            Assert.AreEqual("count/min", SensorClasses.Unit("count/min"));
            Assert.IsNull(SensorClasses.Unit("/"));
            Assert.IsNull(SensorClasses.Unit(string.Empty));
            Assert.IsNull(SensorClasses.DeviceClass(null));
            Assert.IsNull(SensorClasses.Unit(null));
        }
    }
}
