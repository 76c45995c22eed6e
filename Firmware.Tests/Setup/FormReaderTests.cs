using Firmware.Setup;
using Firmware.Text;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Setup
{
    [TestClass]
    public class FormReaderTests
    {
        [TestMethod]
        public void DecodesEveryFieldOfTheForm()
        {
            SetupForm form = Read("ssid=&other=caf%C3%A9+wifi&wpass=p%26ss%3Dw+rd&host=broker.lan&port=8883&tls=1&ca=-----BEGIN%0A"
                + "&user=me&pass=x&prefix=home%2Fsensors&name=kitchen&submit=Save", null);
            Assert.AreEqual(string.Empty, form.Ssid);
            Assert.AreEqual("café wifi", form.OtherSsid);
            Assert.AreEqual("café wifi", form.NetworkName);
            Assert.AreEqual("p&ss=w rd", form.WifiPassword);
            Assert.AreEqual("broker.lan", form.BrokerHost);
            Assert.AreEqual("8883", form.BrokerPort);
            Assert.IsTrue(form.Tls);
            Assert.AreEqual("-----BEGIN\n", form.CaCertificate);
            Assert.AreEqual("home/sensors", form.TopicPrefix);
            Assert.AreEqual("kitchen", form.DeviceName);
        }

        [TestMethod]
        public void AnUncheckedBoxAndAMissingFieldAreEmpty()
        {
            SetupForm form = Read("ssid=home", null);
            Assert.IsFalse(form.Tls);
            Assert.AreEqual(string.Empty, form.Password);
            Assert.AreEqual("home", form.NetworkName);
        }

        [DataRow("ssid=%zz", "malformed %-escape")]
        [DataRow("ssid=%4", "malformed %-escape")]
        [DataRow("ssid=a&ssid=b", "appears twice")]
        public void RefusesAMalformedForm(string body, string reason)
        {
            Read(body, reason);
        }

        [TestMethod]
        public void RefusesAValueLongerThanItsField()
        {
            char[] value = new char[FormReader.MaxFieldLength + 1];
            for (int i = 0; i < value.Length; i++)
            {
                value[i] = 'a';
            }

            Read("host=" + new string(value), "longer than");
            Read("ca=" + new string(value), null);
        }

        private static SetupForm Read(string body, string reason)
        {
            FormReader reader = new FormReader();
            SetupForm form = new SetupForm();
            byte[] bytes = Utf8.GetBytes(body);
            bool ok = reader.Read(bytes, 0, bytes.Length, form);
            Assert.AreEqual(reason == null, ok, reader.Error);
            if (reason != null)
            {
                Assert.IsTrue(Ordinal.IndexOf(reader.Error, reason) >= 0, "got: " + reader.Error);
            }

            return form;
        }
    }
}
