using System;
using Firmware.Boot;
using Firmware.Crypto;
using Firmware.Ports;
using Firmware.Storage;
using Firmware.Tests.Fakes;

namespace Firmware.Tests.Boot
{
    /// <summary>
    /// A battery sensor booted the way the ESP32 loader boots it, over fakes that depend on the loader alone: the
    /// flash region is the loader's <see cref="SectorFileFlash"/> (as on the ESP32's I: drive) over files in RAM, split
    /// by the standard <see cref="FlashLayout"/>; boot control and the slots are the loader's
    /// <see cref="ManagedUpdateSlots"/>; a bundle is installed with <see cref="ManagedUpdateSlots.Provision"/> and
    /// loaded with <see cref="BundleLoader"/>. Each <see cref="Wake"/> creates the entry type afresh and runs it, then
    /// carries out the deep sleep it asked for, as a board reboots into the loader after deep sleep.
    /// </summary>
    public sealed class BootRig
    {
        public const long WorldStart = 1764151500000;

        /// <summary>The ESP32's sector size and the 4 MB custom partition table's region (StorageProfile).</summary>
        public const int SectorSize = 4096;
        public const int Sectors = 256;

        /// <summary>Boot time charged between wakes (the board profile's typical boot).</summary>
        public const int BootMilliseconds = 1500;

        public BootRig(string deviceId, int sampleSeconds, int radioSeconds)
        {
            DeviceId = deviceId;
            Clock = new FakeClock();
            World = new FakeClock();
            World.SetUnixTimeMilliseconds(WorldStart);
            Sensor = FakeSensor.Climate();
            Sensor.Values[0] = 2150;
            Sensor.Values[1] = 455;
            Sensor.Values[2] = 101325;
            Network = new FakeNetwork();
            Network.Available = true;
            Network.WorldClock = World;
            Mqtt = new FakeMqttLink(Clock);
            Log = new FakeLog();
            Power = new FakePower(Clock, long.MaxValue);
            Power.WakeCause = WakeCause.PowerOn;
            Files = new FakeFileStore();
            Flash = new SectorFileFlash(Files, "flash\\", SectorSize, Sectors);
            Layout = FlashLayout.Standard(Flash);
            Slots = new ManagedUpdateSlots(Layout.BootControl, Layout.SlotA, Layout.SlotB, Clock, new byte[0][], "boot-test", new int[] { 1, 16, 0, 0 });
            Loader = new BundleLoader(Slots);
            Platform = new Platform();
            Platform.HardwareId = deviceId;
            Platform.DeployedConfiguration = TestText.Encode("{\"deviceId\":\"" + deviceId + "\",\"sampleIntervalSeconds\":" + sampleSeconds.ToString()
                + ",\"radioIntervalSeconds\":" + radioSeconds.ToString() + ",\"commandWaitMilliseconds\":0}");
            Platform.Clock = Clock;
            Platform.Sensors = new ISensor[] { Sensor };
            Platform.Network = Network;
            Platform.Mqtt = Mqtt;
            Platform.Power = Power;
            Platform.Log = Log;
            Platform.Flash = Flash;
            Platform.Slots = Slots;
            Platform.Random = new FakeRandom(7);
        }

        public string DeviceId { get; private set; }

        public FakeClock Clock { get; private set; }

        /// <summary>The world's time (what network time says), advanced with the device's.</summary>
        public FakeClock World { get; private set; }

        public FakeSensor Sensor { get; private set; }

        public FakeNetwork Network { get; private set; }

        public FakeMqttLink Mqtt { get; private set; }

        public FakeLog Log { get; private set; }

        public FakePower Power { get; private set; }

        public FakeFileStore Files { get; private set; }

        public SectorFileFlash Flash { get; private set; }

        public FlashLayout Layout { get; private set; }

        public ManagedUpdateSlots Slots { get; private set; }

        public BundleLoader Loader { get; private set; }

        public Platform Platform { get; private set; }

        public int Wakes { get; private set; }

        /// <summary>The device's telemetry topic.</summary>
        public string TelemetryTopic
        {
            get { return "sensors/" + DeviceId + "/telemetry"; }
        }

        /// <summary>Installs <paramref name="image"/> as the factory image of slot 0 (its SHA-256 computed here).</summary>
        public void Install(byte[] image)
        {
            SlotDescriptor descriptor = new SlotDescriptor();
            BundleLoader.Describe(image, SectorSize, descriptor);
            Slots.Provision(descriptor, image, 0, image.Length);
        }

        /// <summary>
        /// Installs bytes that need not be a bundle as the factory image of slot 0, described by their size and SHA-256
        /// alone (what a corrupted or truncated install leaves in a slot).
        /// </summary>
        public void InstallAsIs(byte[] image)
        {
            SlotDescriptor descriptor = new SlotDescriptor();
            descriptor.ImageSize = image.Length;
            descriptor.ChunkSize = SectorSize;
            Sha256.Hash(image, 0, image.Length, descriptor.ImageSha256, 0);
            Slots.Provision(descriptor, image, 0, image.Length);
        }

        /// <summary>The loader's part of a boot: boot control picks the slot, the bundle loads; returns the entry type.</summary>
        public Type Boot(bool verifyImage)
        {
            int slot = Slots.BeginBoot(Power.WakeCause);
            return Loader.Load(slot, verifyImage);
        }

        /// <summary>One wake: creates the application from the entry type, runs it, then sleeps as it asked.</summary>
        public void Wake(Type entry)
        {
            Wakes++;
            Power.Reset();
            IApplication application = BundleLoader.Create(entry);
            application.Run(Platform);
            long awake = Clock.UptimeMilliseconds;
            long sleep = Power.RequestedSleep < 0 ? 0 : Power.RequestedSleep;
            World.Sleep((int)(awake + sleep + BootMilliseconds));
            Clock.DeepSleep(sleep + BootMilliseconds);
            Power.WakeCause = WakeCause.Timer;
        }

        /// <summary>Telemetry messages published so far, as text, in order.</summary>
        public string[] Telemetry()
        {
            System.Collections.ArrayList texts = Mqtt.TextsOn(TelemetryTopic);
            string[] result = new string[texts.Count];
            for (int i = 0; i < texts.Count; i++)
            {
                result[i] = (string)texts[i];
            }

            return result;
        }
    }
}
