using System;
using System.Reflection;
using Firmware.Boot;
using Firmware.Crypto;
using Firmware.Ports;
using Firmware.Tests.Boot;
using Firmware.Tests.Crypto;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Bench
{
    /// <summary>
    /// CPU and memory of the boot path on the runtime, measured, never asserted: each figure is printed as a line
    /// "bench KEY VALUE" (times in 100 ns ticks of DateTime.UtcNow, sizes in bytes) that devicebuild --bench collects,
    /// scales to an ESP32 and summarises (docs/power.md says how). The bundle is the project's own, loaded by the
    /// loader core as in the boot tests; the wakes run it against fakes, so no figure contains network I/O or the
    /// fakes' flash beyond RAM copies. Only the loader, its test support and the bundle image are deployed. Free heap is
    /// not probed: mscorlib 1.17.11 has no memory API, filling the heap with small blocks crashes this interpreter, and
    /// so does a large failed allocation (which forces a compaction) once an assembly was loaded from bytes.
    /// </summary>
    [TestClass]
    public class BootBenchmarks
    {
        /// <summary>Iterations of the native-call loop (the shape of a GpioPin.Toggle() loop).</summary>
        private const int LoopIterations = 200000;

        /// <summary>RFC 8032 "TEST SHA(abc)": a 64-byte message, the size of a digest a manifest signs over.</summary>
        private const string PublicKey = "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf";
        private const string Message = "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
            + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f";
        private const string Signature = "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b589"
            + "09351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704";

        [TestMethod]
        public void MeasuresTheRuntimeScale()
        {
            // The shape of nanoFramework Home #1013's loop: a loop around one call of a native (InternalCall) method.
            // Five runs each: the machine is shared, so the least is the best estimate of the cost.
            string text = "scale";
            int sum = 0;
            Print("loop-iterations", LoopIterations);
            for (int run = 0; run < 5; run++)
            {
                long start = DateTime.UtcNow.Ticks;
                for (int i = 0; i < LoopIterations; i++)
                {
                    sum += text.Length;
                }

                Print("native-loop-ticks", DateTime.UtcNow.Ticks - start);
                start = DateTime.UtcNow.Ticks;
                for (int i = 0; i < LoopIterations; i++)
                {
                    sum += i;
                }

                Print("empty-loop-ticks", DateTime.UtcNow.Ticks - start);
            }

            Print("loop-checksum", sum & 0xFFFF);
            byte[] data = new byte[64 * 1024];
            byte[] digest = new byte[Sha256.HashSize];
            Print("sha256-bytes", data.Length);
            for (int run = 0; run < 3; run++)
            {
                long start = DateTime.UtcNow.Ticks;
                Sha256.Hash(data, 0, data.Length, digest, 0);
                Print("sha256-ticks", DateTime.UtcNow.Ticks - start);
            }
        }

        [TestMethod]
        public void MeasuresTheBootAWakeAndARadioSession()
        {
            string why;
            byte[] image = BundleImage.Load(out why);
            if (image == null)
            {
                Assert.SkipTest(why);
            }

            BootRig rig = new BootRig("bench-1", 300, 900);
            TimedFlash flash = new TimedFlash(rig.Flash);
            rig.Platform.Flash = flash;
            Print("image-bytes", image.Length);

            long start = DateTime.UtcNow.Ticks;
            rig.Install(image);
            Print("install-ticks", DateTime.UtcNow.Ticks - start);

            // The parts of a load, timed alone on the installed slot: reading it, hashing it.
            byte[] copy = new byte[image.Length];
            start = DateTime.UtcNow.Ticks;
            rig.Slots.ReadImage(0, 0, copy, 0, copy.Length);
            Print("read-ticks", DateTime.UtcNow.Ticks - start);
            byte[] digest = new byte[Sha256.HashSize];
            start = DateTime.UtcNow.Ticks;
            Sha256.Hash(copy, 0, copy.Length, digest, 0);
            Print("hash-ticks", DateTime.UtcNow.Ticks - start);
            copy = null;

            // The interpreter prints each assembly it loads with its RAM, ROM and metadata, between these marks.
            OutputHelper.WriteLine("bench-mark load-begin");
            start = DateTime.UtcNow.Ticks;
            Type entry = rig.Boot(true);
            Print("load-ticks", DateTime.UtcNow.Ticks - start);
            OutputHelper.WriteLine("bench-mark load-end");
            Print("assemblies", rig.Loader.Bundle.AssemblyCount);

            // Wakes: the first is cold (static constructors, first calls); a radio session on every third. Each wake's
            // time in the flash adapter is printed beside it.
            for (int i = 0; i < 31; i++)
            {
                int sessions = rig.Board.Mqtt.ConnectCount;
                flash.Ticks = 0;
                start = DateTime.UtcNow.Ticks;
                rig.Wake(entry);
                long ticks = DateTime.UtcNow.Ticks - start;
                string kind = i == 0 ? "first" : rig.Board.Mqtt.ConnectCount > sessions ? "radio" : "sample";
                Print("wake-" + kind + "-ticks", ticks);
                Print("wake-" + kind + "-flash-ticks", flash.Ticks);
            }

            Print("telemetry-messages", rig.Telemetry().Length);

            // The loop's construction alone (the wakes above include it), through the bundle's own types.
            Assembly device = entry.Assembly;
            object config = entry.GetMethod("LoadConfiguration").Invoke(null, new object[] { rig.Platform });
            Type loopType = device.GetType("Firmware.Device.DeviceLoop");
            ConstructorInfo construct = loopType.GetConstructor(new Type[] { typeof(Platform), config.GetType(), typeof(string) });
            for (int i = 0; i < 5; i++)
            {
                start = DateTime.UtcNow.Ticks;
                entry.GetMethod("LoadConfiguration").Invoke(null, new object[] { rig.Platform });
                Print("configure-ticks", DateTime.UtcNow.Ticks - start);
                start = DateTime.UtcNow.Ticks;
                construct.Invoke(new object[] { rig.Platform, config, "bench" });
                Print("construct-ticks", DateTime.UtcNow.Ticks - start);
            }

            // One Ed25519 verification, through the bundle's own Firmware.Crypto.
            MethodInfo verify = Assembly.Load("Firmware.Crypto").GetType("Firmware.Crypto.Ed25519").GetMethod("Verify");
            object[] arguments = new object[] { Hex.Decode(PublicKey), Hex.Decode(Message), Hex.Decode(Signature) };
            for (int i = 0; i < 5; i++)
            {
                start = DateTime.UtcNow.Ticks;
                bool valid = (bool)verify.Invoke(null, arguments);
                Print("ed25519-ticks", DateTime.UtcNow.Ticks - start);
                Print("ed25519-valid", valid ? 1 : 0);
            }
        }

        [TestMethod]
        public void MeasuresTheMountOfAFullReadingLog()
        {
            // A battery sensor's log in the steady state: 52 sectors (the fleet's), every one written, the readings
            // acknowledged twelve at a time (a session an hour). Every boot mounts it. Through the bundle's own
            // Firmware.Storage and Firmware.Readings, by reflection: only the loader is deployed beside the image.
            string why;
            if (BundleImage.Load(out why) == null)
            {
                Assert.SkipTest(why);
            }

            Assembly storage = Assembly.Load("Firmware.Storage");
            Type readingType = Assembly.Load("Firmware.Readings").GetType("Firmware.Readings.Reading");
            object reading = readingType.GetConstructor(new Type[] { typeof(int) }).Invoke(new object[] { 3 });
            int[] values = (int[])readingType.GetMethod("get_Values").Invoke(reading, null);
            values[0] = 2150;
            values[1] = 455;
            values[2] = 101325;
            readingType.GetMethod("set_ValidMask").Invoke(reading, new object[] { 7 });
            object flash = storage.GetType("Firmware.Storage.RamFlash").GetConstructor(new Type[] { typeof(int), typeof(int) }).Invoke(new object[] { 4096, 52 });
            Type logType = storage.GetType("Firmware.Storage.ReadingLog");
            ConstructorInfo newLog = logType.GetConstructor(new Type[] { typeof(IFlash) });
            MethodInfo mount = logType.GetMethod("Mount");
            MethodInfo append = logType.GetMethod("Append");
            MethodInfo acknowledge = logType.GetMethod("Acknowledge");
            object log = newLog.Invoke(new object[] { flash });
            mount.Invoke(log, null);
            const int Readings = 52 * 200;
            for (long sequence = 1; sequence <= Readings; sequence++)
            {
                append.Invoke(log, new object[] { reading });
                if (sequence % 12 == 0)
                {
                    acknowledge.Invoke(log, new object[] { sequence });
                }
            }

            logType.GetMethod("Sync").Invoke(log, null);
            Print("log-full-readings", Readings);
            for (int i = 0; i < 5; i++)
            {
                object again = newLog.Invoke(new object[] { flash });
                long start = DateTime.UtcNow.Ticks;
                mount.Invoke(again, null);
                Print("log-mount-full-ticks", DateTime.UtcNow.Ticks - start);
            }
        }

        private static void Print(string key, long value)
        {
            OutputHelper.WriteLine("bench " + key + " " + value.ToString());
        }
    }
}
