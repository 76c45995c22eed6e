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
        /// <summary>The ESP32's sector size and the 4 MB custom partition table's region (StorageProfile).</summary>
        public const int SectorSize = 4096;
        public const int Sectors = 256;

        /// <summary>Boot time charged between wakes (the board profile's typical boot).</summary>
        public const int BootMilliseconds = 1500;

        private readonly FakeBoard _board;

        public BootRig(string deviceId, int sampleSeconds, int radioSeconds)
        {
            DeviceId = deviceId;
            _board = new FakeBoard(deviceId);
            Files = new FakeFileStore();
            Flash = new SectorFileFlash(Files, "flash\\", SectorSize, Sectors);
            Layout = FlashLayout.Standard(Flash);
            Slots = new ManagedUpdateSlots(Layout.BootControl, Layout.SlotA, Layout.SlotB, _board.Clock, new byte[0][], "boot-test", new int[] { 1, 16, 0, 0 });
            Loader = new BundleLoader(Slots);
            Platform.DeployedConfiguration = TestText.Encode("{\"deviceId\":\"" + deviceId + "\",\"sampleIntervalSeconds\":" + sampleSeconds.ToString()
                + ",\"radioIntervalSeconds\":" + radioSeconds.ToString() + ",\"commandWaitMilliseconds\":0}");
            Platform.Flash = Flash;
            Platform.Slots = Slots;
        }

        public string DeviceId { get; private set; }

        /// <summary>The fakes of the ports (clock, sensor, network, MQTT link, log, power).</summary>
        public FakeBoard Board
        {
            get { return _board; }
        }

        public FakeFileStore Files { get; private set; }

        public SectorFileFlash Flash { get; private set; }

        public FlashLayout Layout { get; private set; }

        public ManagedUpdateSlots Slots { get; private set; }

        public BundleLoader Loader { get; private set; }

        public Platform Platform
        {
            get { return _board.Platform; }
        }

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
            int slot = Slots.BeginBoot(_board.Power.WakeCause);
            return Loader.Load(slot, verifyImage);
        }

        /// <summary>One wake: creates the application from the entry type, runs it, then sleeps as it asked.</summary>
        public void Wake(Type entry)
        {
            Wakes++;
            _board.Power.Reset();
            IApplication application = BundleLoader.Create(entry);
            application.Run(Platform);
            _board.SleepAsAsked(BootMilliseconds);
        }

        /// <summary>Telemetry messages published so far, as text, in order.</summary>
        public string[] Telemetry()
        {
            System.Collections.ArrayList texts = _board.Mqtt.TextsOn(TelemetryTopic);
            string[] result = new string[texts.Count];
            for (int i = 0; i < texts.Count; i++)
            {
                result[i] = (string)texts[i];
            }

            return result;
        }
    }
}
