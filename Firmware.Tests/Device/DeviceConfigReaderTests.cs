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
        public void AValidKeyBeforeABadOneChangesNothing()
        {
            DeviceConfig current = new DeviceConfig();
            DeviceConfigReader reader = new DeviceConfigReader();
            byte[] bytes = Utf8.GetBytes("{\"deviceId\":\"ok\",\"brokerPort\":-1}");
            Assert.IsNull(reader.Apply(current, bytes, 0, bytes.Length));
            Assert.AreEqual("device", current.DeviceId);
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
