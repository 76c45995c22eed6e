using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using Firmware.Device;
using Firmware.Drivers.SimulatedClimate;
using Firmware.Host.Hardware;
using Firmware.Host.Tests.Storage.Support;
using Firmware.Host.Tests.Uplink.Support;
using Firmware.Ports;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Uplink
{
    /// <summary>
    /// Power cut at every flash operation of a radio session wake, on raw NOR and on the ESP32 sector-file adapter:
    /// 13 readings taken offline, then a wake whose session drains them (acknowledging in the log), applies a
    /// configuration document and a one-shot command and saves its state; power goes at operation k of that wake
    /// (with several outcomes of the interrupted operation), comes back, and the device runs on. No committed reading
    /// may be lost: the receiver gets every one, at least once.
    /// </summary>
    [TestClass]
    public sealed class RadioSessionPowerCutTests
    {
        private const int SectorSize = 4096;
        private const int Sectors = 32;
        private const int OfflineWakes = 13;

        public TestContext TestContext { get; set; }

        [TestMethod]
        [DataRow("nor")]
        [DataRow("files")]
        public void NoReadingIsLostWhereverPowerGoesInARadioSession(string model)
        {
            Stopwatch time = Stopwatch.StartNew();
            Rig clean = new Rig(model, 1);
            clean.Offline();
            long before = clean.Model.Operations;
            clean.SessionWake();
            long operations = clean.Model.Operations - before;
            clean.Recover();
            clean.Verify("uncut", -1);
            Assert.IsTrue(operations > 10, "the session wake made only " + operations + " flash operations");
            Assert.IsTrue(clean.Link.Events.Any(e => e.Contains("\"result\":\"applied\"")), "the uncut session applied the configuration");

            int outcomes = TestTier.Pick(8, 64);
            int runs = 0;
            for (long cut = 0; cut < operations; cut++)
            {
                for (int outcome = 0; outcome < outcomes; outcome++)
                {
                    Rig rig = new Rig(model, (int)(cut * 7919) + outcome + 2);
                    rig.Offline();
                    rig.Model.CutAt(rig.Model.Operations + cut);
                    rig.SessionWake();
                    rig.Recover();
                    rig.Verify($"{model}: cut at operation {cut} of the session wake (outcome {outcome})", OfflineWakes + 1);
                    runs++;
                }
            }

            TestContext.WriteLine($"{model}: {operations} cut points x {outcomes} outcomes = {runs} runs in {time.Elapsed.TotalSeconds:0.0} s");
        }

        /// <summary>One simulated battery device on a cut model, its loader, and an in-memory broker.</summary>
        private sealed class Rig
        {
            private readonly SteppedClock _clock = new SteppedClock(1_764_151_500_000);
            private readonly HostNetwork _network = new HostNetwork();
            private readonly SweepPower _power = new SweepPower();
            private readonly Platform _platform;
            private readonly DeviceConfig _config;
            private WakeContext _last;

            public Rig(string model, int seed)
            {
                Model = CutModel.Create(model, SectorSize, Sectors, seed);
                _config = new DeviceConfig
                {
                    DeviceId = "sweep",
                    RadioIntervalSeconds = 300,
                    BackoffBaseSeconds = 1,
                    BackoffCapSeconds = 1,
                    MaxPayloadBytes = 1024,
                    BatchesInFlight = 2,
                    CommandWaitMilliseconds = 0,
                };
                _platform = new Platform
                {
                    HardwareId = "sweep",
                    Clock = _clock,
                    Flash = Model.Flash,
                    Sensors = new ISensor[] { new SimulatedClimateSensor(_clock, 1) },
                    Network = _network,
                    Mqtt = Link,
                    Power = _power,
                    Random = new SeededRandom(1),
                    Log = new CountingLog(),
                };
            }

            public CutModel Model { get; }

            public RecordingLink Link { get; } = new RecordingLink();

            /// <summary>Readings taken with no network: they wait in the log.</summary>
            public void Offline()
            {
                _network.Down = true;
                for (int i = 0; i < OfflineWakes; i++)
                {
                    Wake();
                }

                _network.Down = false;
            }

            /// <summary>The wake under test: a session with telemetry, a configuration document and a one-shot command.</summary>
            public void SessionWake()
            {
                Link.Deliver("sensors/sweep/cmd/config", "{\"version\":5,\"logFillPercent\":80,\"maxPayloadBytes\":768}");
                Link.Deliver("sensors/sweep/cmd/status", "{\"id\":\"s-1\",\"expires\":4102444800}");
                Wake();
            }

            /// <summary>Power comes back; the device wakes until its log is empty.</summary>
            public void Recover()
            {
                Model.Reboot();
                _platform.Flash = Model.Flash;
                _power.WakeCause = WakeCause.PowerOn;
                for (int i = 0; i < 6; i++)
                {
                    Wake();
                    if (_last != null && _last.Storage.Log.Held == 0)
                    {
                        return;
                    }
                }
            }

            /// <summary>Every committed reading reached the receiver; the only possible hole is the cut wake's own reading.</summary>
            public void Verify(string context, long mayBeTorn)
            {
                Assert.IsNotNull(_last, context + ": the device never finished a wake after the cut");
                Assert.AreEqual(0L, _last.Storage.Log.Held, context + ": readings left in the log");
                HashSet<long> received = new HashSet<long>(Link.Received);
                long last = _last.Storage.Log.NextSequence - 1;
                long[] missing = Enumerable.Range(1, (int)last).Select(i => (long)i).Where(s => !received.Contains(s) && s != mayBeTorn).ToArray();
                Assert.AreEqual(0, missing.Length, context + ": lost readings " + string.Join(",", missing) + " (received " + string.Join(",", Link.Received) + ")");
                long applied = _last.Configuration.AppliedVersion;
                Assert.IsTrue(applied == 0 || applied == 5, context + ": configuration version " + applied);
            }

            private void Wake()
            {
                _power.Reset();
                try
                {
                    DeviceLoop loop = new DeviceLoop(_platform, _config, "sweep");
                    _last = loop.Context;
                    loop.Run();
                }
                catch (SimulatedPowerCutException)
                {
                    // Power went while the loop was being built (storage mount, boot counters): the boot ends here.
                    _last = null;
                }

                _clock.Advance(_power.RequestedSleep > 0 ? _power.RequestedSleep : 300_000);
                _power.WakeCause = WakeCause.Timer;
                Link.Disconnect();
                if (Model.Flash is SimulatedNorFlash nor && nor.IsPoweredOff)
                {
                    Model.Reboot();
                    _platform.Flash = Model.Flash;
                    _power.WakeCause = WakeCause.PowerOn;
                }
            }
        }
    }
}
