using Firmware.Device;
using Firmware.Text;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Device
{
    [TestClass]
    public class DeviceConfigReaderTests
    {
        [TestMethod]
        public void AppliesKnownKeysOverTheCurrentConfiguration()
        {
            DeviceConfig current = new DeviceConfig();
            DeviceConfig next = Apply(current, "{\"deviceId\":\"kitchen-1\",\"brokerPort\":8883,\"sampleIntervalSeconds\":60}", null);
            Assert.AreEqual("kitchen-1", next.DeviceId);
            Assert.AreEqual(8883, next.BrokerPort);
            Assert.AreEqual(60, next.SampleIntervalSeconds);
            Assert.AreEqual(current.TopicPrefix, next.TopicPrefix);
            Assert.AreEqual("device", current.DeviceId, "the original is untouched");
        }

        [DataRow("{\"deviceId\":\"a b\"}", "deviceId must be")]
        [DataRow("{\"deviceId\":\"\"}", "deviceId must be")]
        [DataRow("{\"deviceId\":7}", "deviceId must be a string")]
        [DataRow("{\"brokerPort\":\"1883\"}", "brokerPort must be a whole number")]
        [DataRow("{\"brokerPort\":70000}", "brokerPort must be 1 to 65535")]
        [DataRow("{\"brokerPort\":1.5}", "brokerPort must be a whole number")]
        [DataRow("{\"sampleIntervalSeconds\":0}", "sampleIntervalSeconds must be 1 to 86400")]
        [DataRow("{\"topicPrefix\":\"a/#\"}", "topicPrefix must be")]
        [DataRow("{\"mainsTelemetryIntervalSeconds\":-1}", "mainsTelemetryIntervalSeconds must be 0 to 86400, not -1")]
        [DataRow("{\"mainsTelemetryIntervalSeconds\":86401}", "mainsTelemetryIntervalSeconds must be 0 to 86400, not 86401")]
        [DataRow("{\"mainsTelemetryIntervalSeconds\":\"300\"}", "mainsTelemetryIntervalSeconds must be a whole number, not a string")]
        [DataRow("{\"mainsTelemetryIntervalSeconds\":1.5}", "mainsTelemetryIntervalSeconds must be a whole number, not a fraction or a number out of range")]
        [DataRow("{\"mainsTelemetryIntervalSeconds\":null}", "mainsTelemetryIntervalSeconds must be a whole number, not null")]
        [DataRow("{\"colour\":\"red\"}", "unknown configuration key 'colour'")]
        [DataRow("[1]", "configuration must be a JSON object")]
        [DataRow("{\"deviceId\":\"x\"", "unexpected end of input")]
        [DataRow("{\"deviceId\":\"x\"} trailing", "unexpected data after")]
        public void RejectsTheWholeDocumentWithASpecificReason(string json, string reason)
        {
            DeviceConfig current = new DeviceConfig();
            DeviceConfigReader reader = new DeviceConfigReader();
            byte[] bytes = Utf8.GetBytes(json);
            Assert.IsNull(reader.Apply(current, bytes, 0, bytes.Length));
            Assert.IsNotNull(reader.Error);
            Assert.IsTrue(Ordinal.IndexOf(reader.Error, reason) >= 0, "got: " + reader.Error);
            Assert.AreEqual("device", current.DeviceId);
        }

        [TestMethod]
        public void TheMainsTelemetryIntervalDefaultsToFiveMinutesAndTakesZeroToADay()
        {
            DeviceConfig defaults = new DeviceConfig();
            Assert.AreEqual(300, defaults.MainsTelemetryIntervalSeconds);
            Assert.AreEqual(0, Apply(defaults, "{\"mainsTelemetryIntervalSeconds\":0}", null).MainsTelemetryIntervalSeconds);
            Assert.AreEqual(86400, Apply(defaults, "{\"mainsTelemetryIntervalSeconds\":86400}", null).MainsTelemetryIntervalSeconds);
            DeviceConfig slow = Apply(defaults, "{\"sampleIntervalSeconds\":600,\"mainsTelemetryIntervalSeconds\":120}", null);
            Assert.AreEqual(120, slow.MainsTelemetryIntervalSeconds, "less than a sample interval is valid: every sample");
            Assert.AreEqual(300, DeviceConfigReader.Copy(defaults).MainsTelemetryIntervalSeconds);
        }

        [TestMethod]
        public void AValidKeyBeforeABadOneChangesNothing()
        {
            DeviceConfig current = new DeviceConfig();
            DeviceConfigReader reader = new DeviceConfigReader();
            byte[] bytes = Utf8.GetBytes("{\"deviceId\":\"ok\",\"brokerPort\":-1}");
            Assert.IsNull(reader.Apply(current, bytes, 0, bytes.Length));
            Assert.AreEqual("device", current.DeviceId);
        }

        [TestMethod]
        public void HomeAssistantsKeysHaveTheirDefaultsAndAreReadFromTheFileAndFromADocument()
        {
            DeviceConfig defaults = new DeviceConfig();
            Assert.IsTrue(defaults.Discovery);
            Assert.AreEqual("homeassistant", defaults.DiscoveryPrefix);
            Assert.IsNull(defaults.DeviceName);
            Assert.IsNull(defaults.ConfigurationUrl);

            DeviceConfig next = Apply(defaults, "{\"discovery\":false,\"discoveryPrefix\":\"ha/site-2\",\"deviceName\":\"Küche, Fenster\","
                + "\"configurationUrl\":\"homeassistant://config/devices\"}", null);
            Assert.IsFalse(next.Discovery);
            Assert.AreEqual("ha/site-2", next.DiscoveryPrefix);
            Assert.AreEqual("Küche, Fenster", next.DeviceName);
            Assert.AreEqual("homeassistant://config/devices", next.ConfigurationUrl);
            Assert.IsNull(DeviceConfigReader.ConnectivityChanges(defaults, next), "none of them changes how the device connects");

            DeviceConfigReader reader = new DeviceConfigReader();
            byte[] document = Utf8.GetBytes("{\"version\":2,\"deviceName\":null,\"configurationUrl\":\"https://fleet.example.com/d/1\",\"discovery\":true}");
            DeviceConfig applied = reader.ApplyDocument(next, document, 0, document.Length);
            Assert.IsNull(reader.Error);
            Assert.IsNull(applied.DeviceName, "null returns to the device id");
            Assert.AreEqual("https://fleet.example.com/d/1", applied.ConfigurationUrl);
            Assert.IsTrue(applied.Discovery);
            Assert.AreEqual("ha/site-2", applied.DiscoveryPrefix);
        }

        [TestMethod]
        [DataRow("{\"discovery\":\"yes\"}", "discovery must be true or false, not a string")]
        [DataRow("{\"discoveryPrefix\":\"\"}", "discoveryPrefix must be 1 to 64 printable ASCII characters without '+', '#', spaces, leading or trailing '/'")]
        [DataRow("{\"discoveryPrefix\":\"home assistant\"}", "discoveryPrefix must be 1 to 64 printable ASCII characters")]
        [DataRow("{\"discoveryPrefix\":\"ha/#\"}", "discoveryPrefix must be 1 to 64 printable ASCII characters")]
        [DataRow("{\"discoveryPrefix\":\"ha/\"}", "discoveryPrefix must be 1 to 64 printable ASCII characters")]
        [DataRow("{\"discoveryPrefix\":\"hä\"}", "discoveryPrefix must be 1 to 64 printable ASCII characters")]
        [DataRow("{\"discoveryPrefix\":null}", "discoveryPrefix must be a string, not null")]
        [DataRow("{\"deviceName\":\"\"}", "deviceName must be 1 to 64 characters without control characters")]
        [DataRow("{\"deviceName\":\"a\\u0007b\"}", "deviceName must be 1 to 64 characters without control characters")]
        [DataRow("{\"deviceName\":5}", "deviceName must be a string or null, not a number")]
        [DataRow("{\"configurationUrl\":\"ftp://fleet\"}", "configurationUrl must be an http://, https:// or homeassistant:// URL of at most 256 printable ASCII characters without spaces")]
        [DataRow("{\"configurationUrl\":\"https://a b\"}", "configurationUrl must be an http://, https:// or homeassistant:// URL")]
        [DataRow("{\"configurationUrl\":\"https://\"}", "configurationUrl must be an http://, https:// or homeassistant:// URL")]
        public void HomeAssistantsKeysAreValidatedLikeTheOthers(string json, string reason)
        {
            DeviceConfigReader reader = new DeviceConfigReader();
            byte[] bytes = Utf8.GetBytes(json);
            Assert.IsNull(reader.Apply(new DeviceConfig(), bytes, 0, bytes.Length), json);
            Assert.IsTrue(Ordinal.StartsWith(reader.Error, reason), "got: " + reader.Error);
        }

        private static DeviceConfig Apply(DeviceConfig current, string json, string expectedError)
        {
            DeviceConfigReader reader = new DeviceConfigReader();
            byte[] bytes = Utf8.GetBytes(json);
            DeviceConfig next = reader.Apply(current, bytes, 0, bytes.Length);
            Assert.AreEqual(expectedError, reader.Error);
            return next;
        }
    }
}
