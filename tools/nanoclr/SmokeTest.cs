using nanoFramework.TestFramework;

namespace Toolchain.Smoke
{
    // Built, converted and run by build.sh as its last check: a toolchain that passes these runs tests end to end.
    [TestClass]
    public class SmokeTest
    {
        [TestMethod]
        public void IntegerArithmeticRuns()
        {
            int product = 1;
            for (int i = 1; i <= 10; i++)
            {
                product *= i;
            }

            Assert.AreEqual(3628800, product);
        }

        [TestMethod]
        public void StringsAndExceptionsRun()
        {
            string text = "nano" + "CLR";
            Assert.AreEqual(7, text.Length);
            Assert.ThrowsException(typeof(System.ArgumentNullException), () => { throw new System.ArgumentNullException("text"); });
        }
    }
}
