using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Firmware.Boot;
using Firmware.Device;
using Firmware.Drivers.SimulatedClimate;
using Firmware.Host.Boot;
using Firmware.Host.Hardware;
using Firmware.Host.Tests.Support;
using Firmware.Ports;
using Firmware.Storage;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Ota
{
    /// <summary>The twin's loader runs whatever firmware the active slot holds, in a collectible context.</summary>
    [TestClass]
    public sealed class HostLoaderTests
    {
        [TestMethod]
        public void TheLoaderRunsTheFirmwareTheSlotHoldsAndReleasesItWhenItIsNoLongerNeeded()
        {
            Device d = new Device(FirmwareBuilds.Bundle("2.0.0", 1));

            BootEnd end = d.Loader.Boot(d.Platform, WakeCause.PowerOn);

            Assert.AreEqual(BootEnd.Returned, end, string.Join("\n", d.Log.Lines));
            Assert.AreEqual("2.0.0", d.Loader.RunningVersion);
            Assert.IsTrue(d.Log.Lines.Any(l => l.StartsWith("app: firmware 2.0.0 ", StringComparison.Ordinal)), string.Join("\n", d.Log.Lines));
            Assert.AreEqual(new Version(2, 0, 0, 0), LoadedFirmwareDeviceVersion(d.Loader), "the bundle's build runs, not the test's own");
            Assert.IsTrue(d.Loader.LastContext.IsAlive, "kept for the next wake after the deep sleep the firmware asked for");

            d.Loader.ReleaseBundle();
            Assert.IsTrue(Collected(d.Loader.LastContext), "the boot's load context was not collected after unloading");
        }

        [TestMethod]
        public void TheFirmwareSaysTheVersionOfTheBundleItRunsFromNotOneCompiledIntoIt()
        {
            // This build's own assemblies in a bundle that says 0.3.0, as `ota bundle --version 0.3.0` once made of a
            // 0.2.0 build: the loader, the updater and the report read the bundle's version, so the application must too.
            List<(string Name, byte[] Bytes)> files = HostLoader.FirmwareAssemblies().Select(HostLoader.AssemblyFile).ToList();
            byte[] bundle = Host.Ota.BundleWriter.Build(Host.Ota.SemanticVersion.Parse("0.3.0"), 1, typeof(Application).FullName, HostLoader.EntryIndex(files, FirmwareBuilds.EntryAssemblyName), files);
            Device d = new Device(bundle);

            Assert.AreEqual(BootEnd.Returned, d.Loader.Boot(d.Platform, WakeCause.PowerOn), string.Join("\n", d.Log.Lines));

            Assert.AreEqual("0.3.0", d.Loader.RunningVersion);
            Assert.IsTrue(d.Log.Lines.Any(l => l.StartsWith("app: firmware 0.3.0 ", StringComparison.Ordinal)), string.Join("\n", d.Log.Lines));
            d.Loader.ReleaseBundle();
        }

        [TestMethod]
        public void ARollbackIsSaidPlainlyOnTheConsole()
        {
            Device d = new Device(FirmwareBuilds.Bundle("1.0.0", 1));
            d.Stage(FirmwareBuilds.Faulty("3.0.0", 1, FirmwareBuilds.Crashing));
            for (int attempt = 0; attempt < 3; attempt++)
            {
                Assert.AreEqual(BootEnd.Crashed, d.Loader.Boot(d.Platform, WakeCause.Reboot));
            }

            Assert.IsFalse(d.Log.Lines.Any(l => l.Contains("rolled back", StringComparison.Ordinal)), "nothing rolled back yet");
            Assert.AreEqual(BootEnd.Returned, d.Loader.Boot(d.Platform, WakeCause.Reboot), string.Join("\n", d.Log.Lines));

            string[] said = d.Log.Lines.Where(l => l.Contains("rolled back", StringComparison.Ordinal)).ToArray();
            Assert.AreEqual(1, said.Length, string.Join("\n", d.Log.Lines));
            StringAssert.StartsWith(said[0], "loader: rolled back to 1.0.0 (crash)");
            StringAssert.Contains(said[0], "3.0.0");

            Assert.AreEqual(BootEnd.Returned, d.Loader.Boot(d.Platform, WakeCause.Timer));
            Assert.AreEqual(1, d.Log.Lines.Count(l => l.Contains("rolled back", StringComparison.Ordinal)), "said once, at the boot that rolled back");
            d.Loader.ReleaseBundle();
        }

        [TestMethod]
        public void ACrashOnTrialIsCountedAndAHangIsResetAtTheDeadline()
        {
            Device d = new Device(FirmwareBuilds.Bundle("1.0.0", 1));
            d.Stage(FirmwareBuilds.Faulty("3.0.0", 1, FirmwareBuilds.Crashing));
            Assert.AreEqual(BootEnd.Crashed, d.Loader.Boot(d.Platform, WakeCause.Reboot));
            Assert.AreEqual(2, d.Slots.State.Record.TrialAttemptsLeft);
            Assert.AreEqual(TrialFailure.Crash, d.Slots.State.Record.LastFailure);

            Device h = new Device(FirmwareBuilds.Bundle("1.0.0", 1));
            h.Stage(FirmwareBuilds.Faulty("3.0.1", 1, FirmwareBuilds.Hanging));
            DateTime start = DateTime.UtcNow;
            Assert.AreEqual(BootEnd.Hung, h.Loader.Boot(h.Platform, WakeCause.Reboot));
            Assert.IsTrue(DateTime.UtcNow - start < TimeSpan.FromSeconds(20));
            Assert.AreEqual(2, h.Slots.State.Record.TrialAttemptsLeft);
            Assert.AreEqual(TrialFailure.Hang, h.Slots.State.Record.LastFailure);
            Assert.IsTrue(h.Clock.UptimeMilliseconds >= h.Slots.TrialDeadlineMilliseconds);
        }

        [TestMethod]
        public void AWakeAfterADeepSleepReusesTheLoadedBundleAndAnyOtherBootLoadsItAgain()
        {
            Device d = new Device(FirmwareBuilds.Bundle("2.0.0", 1));
            Assert.AreEqual(BootEnd.Returned, d.Loader.Boot(d.Platform, WakeCause.PowerOn));
            WeakReference first = d.Loader.LastContext;
            long measured = d.Slots.State.LoadMilliseconds;

            Assert.AreEqual(BootEnd.Returned, d.Loader.Boot(d.Platform, WakeCause.Timer));
            Assert.AreSame(first.Target, d.Loader.LastContext.Target, "the same assemblies, a new application object");
            Assert.AreEqual(measured, d.Slots.State.LoadMilliseconds, "every boot is charged the measured load");

            Assert.AreEqual(BootEnd.Returned, d.Loader.Boot(d.Platform, WakeCause.Reboot));
            Assert.AreNotSame(first.Target, d.Loader.LastContext.Target, "a reboot loads the slot's bundle again");
            d.Loader.ReleaseBundle();
        }

        [TestMethod]
        public void AWatchdogThatForcesTheSleepUnderAHungApplicationEndsTheBoot()
        {
            Device hung = new Device(FirmwareBuilds.Faulty("1.0.1", 1, FirmwareBuilds.WatchdogOverHang));
            Assert.AreEqual(BootEnd.Reset, hung.Loader.Boot(hung.Platform, WakeCause.PowerOn));
            Assert.AreEqual(5000L, ((HostPower)hung.Platform.Power).RequestedSleepMilliseconds, "the sleep the watchdog asked for follows");
            Assert.AreEqual(0, hung.Loader.AbandonedThreads, "the hung thread unwound at its next clock call");

            Device spinning = new Device(FirmwareBuilds.Faulty("1.0.2", 1, FirmwareBuilds.WatchdogOverSpin));
            spinning.Loader.UnwindLimit = TimeSpan.FromMilliseconds(100);
            Assert.AreEqual(BootEnd.Reset, spinning.Loader.Boot(spinning.Platform, WakeCause.PowerOn));
            Assert.AreEqual(1, spinning.Loader.AbandonedThreads, "a thread that touches no port cannot be stopped: it is abandoned, the twin goes on");
        }

        [TestMethod]
        public void TheFrozenLoaderCoreNeverTravelsInABundle()
        {
            Assert.ThrowsExactly<ArgumentException>(() => Host.Ota.BundleWriter.CheckUpdatable("Firmware.Loader"));
            Assert.ThrowsExactly<ArgumentException>(() => Host.Ota.BundleWriter.CheckUpdatable("nanoFramework.M2Mqtt"));
            Assert.ThrowsExactly<ArgumentException>(() => Host.Ota.BundleWriter.CheckUpdatable("System.Device.Wifi"));
            Assert.ThrowsExactly<ArgumentException>(() => Host.Ota.BundleWriter.CheckUpdatable("mscorlib"));
            Host.Ota.BundleWriter.CheckUpdatable("Firmware.Esp32");
            BundleLoadContext context = new BundleLoadContext("check");
            Assert.ThrowsExactly<InvalidDataException>(() => context.LoadBundled("Firmware.Loader", new byte[] { 1 }));
            context.Unload();
        }

        /// <summary>The version of the Firmware.Device assembly the loader's last boot loaded from the bundle (no reference to it is kept).</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static Version LoadedFirmwareDeviceVersion(HostLoader loader) =>
            ((BundleLoadContext)loader.LastContext.Target).Assemblies.Single(a => a.GetName().Name == FirmwareBuilds.EntryAssemblyName).GetName().Version;

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static bool Collected(WeakReference reference)
        {
            for (int i = 0; i < 20 && reference.IsAlive; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }

            return !reference.IsAlive;
        }

        /// <summary>A device with the given factory bundle, stopped as soon as the application starts its loop.</summary>
        private sealed class Device
        {
            public Device(byte[] factory)
            {
                Clock = new VirtualClock(1e6, CancellationToken.None);
                Flash = new SimulatedNorFlash(global::Firmware.Host.Twin.FlashSize);
                Slots = HostLoader.SlotsOf(FlashLayout.Standard(Flash, global::Firmware.Host.Twin.SlotBytes), Clock, new byte[0][], HostLoader.HardwareModel);
                Loader = new HostLoader(Slots, Clock, Log);
                Loader.Provision(factory);
                Platform = new Platform
                {
                    HardwareId = "loader-test",
                    Clock = Clock,
                    Flash = Flash,
                    SlotBytes = global::Firmware.Host.Twin.SlotBytes,
                    Sensors = new ISensor[] { new SimulatedClimateSensor(Clock, 1) },
                    Network = new HostNetwork { Down = true },
                    Mqtt = new Firmware.Host.Mqtt.MqttNetLink(),
                    Power = new HostPower(Clock, 1, CancellationToken.None),
                    Random = new SeededRandom(1),
                    Log = Log,
                };
                Clock.Sleep(10);
            }

            public VirtualClock Clock { get; }

            public SimulatedNorFlash Flash { get; }

            public ManagedUpdateSlots Slots { get; }

            public HostLoader Loader { get; }

            public ListLog Log { get; } = new ListLog();

            public Platform Platform { get; }

            /// <summary>Writes a bundle into the free slot and marks it pending, as the updater does after verifying it.</summary>
            public void Stage(byte[] bundle) => SlotStaging.StagePending(Slots, bundle);
        }
    }
}
