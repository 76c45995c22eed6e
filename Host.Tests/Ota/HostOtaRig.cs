using System;
using System.Security.Cryptography;
using Firmware.Boot;
using Firmware.Host.Boot;
using Firmware.Host.Hardware;
using Firmware.Host.Ota;
using Firmware.Host.Tests.Support;
using Firmware.Ota;
using Firmware.Ports;

namespace Firmware.Host.Tests.Ota
{
    /// <summary>
    /// The portable updater on host hardware models for sweeps: <see cref="RamNorFlash"/> (power cuts with partial
    /// effects), a memory downloader, manifests signed on the fly. Slot 0 holds a factory image 1.0.0 (counter 1).
    /// </summary>
    internal sealed class HostOtaRig
    {
        public const string Model = "host-rig";
        public const int SlotSectors = 4;
        public const int Sectors = ManagedUpdateSlots.BootControlSectors + (2 * SlotSectors);

        public static readonly (byte[] Private, byte[] Public) Root = OtaKeys.FromSeed(11);
        public static readonly (byte[] Private, byte[] Public) Other = OtaKeys.FromSeed(12);

        public HostOtaRig(byte[] factoryImage = null)
        {
            Factory = factoryImage ?? Image(1, 2000);
            Flash = new RamNorFlash(Sectors);
            Slots = NewSlots();
            SlotDescriptor d = new SlotDescriptor { VersionMajor = 1, SecurityCounter = 1, ImageSize = Factory.Length, ChunkSize = 1024 };
            SHA256.HashData(Factory).CopyTo(d.ImageSha256, 0);
            Slots.Provision(d, Factory, 0, Factory.Length);
        }

        public byte[] Factory { get; }

        public RamNorFlash Flash { get; }

        public ManualClock Clock { get; } = new ManualClock();

        public MemoryDownloader Downloader { get; } = new MemoryDownloader();

        public ListLog Log { get; } = new ListLog();

        public OtaSettings Settings { get; } = new OtaSettings();

        public ManagedUpdateSlots Slots { get; private set; }

        public static byte[] Image(int seed, int size)
        {
            byte[] image = new byte[size];
            new Random(seed).NextBytes(image);
            return image;
        }

        /// <summary>A firmware manifest for an image the downloader serves at <paramref name="url"/>.</summary>
        public byte[] Release(string version, long counter, byte[] image, string url, (byte[] Private, byte[] Public)? key = null, string model = Model)
        {
            Downloader.Put(url, image);
            (byte[] privateKey, byte[] publicKey) = key ?? Root;
            FirmwareRelease release = new FirmwareRelease
            {
                HardwareModel = model,
                Version = SemanticVersion.Parse(version),
                SecurityCounter = counter,
                RuntimeVersion = new[] { 1, 17, 0, 0 },
                ChunkSize = 1024,
                ImageUrl = url,
                SigningPublicKey = publicKey,
            }.ForImage(image);
            return ManifestWriter.Firmware(release).Sign(privateKey);
        }

        public ManagedUpdateSlots NewSlots() => HostLoader.SlotsOver(Flash, SlotSectors, Clock, new[] { Root.Public }, Model);

        /// <summary>A new boot over the same flash; returns the slot the loader picked.</summary>
        public int Reboot(WakeCause cause)
        {
            Clock.UptimeMilliseconds = 0;
            Slots = NewSlots();
            return Slots.BeginBoot(cause);
        }

        public OtaAgent Agent() => new OtaAgent(Slots, Downloader, Clock, Log, Settings);

        /// <summary>True when the slot holds a valid descriptor and an image with the descriptor's SHA-256.</summary>
        public bool SlotVerifies(int slot, out string version)
        {
            SlotDescriptor d = new SlotDescriptor();
            version = null;
            if (!Slots.ReadDescriptor(slot, d))
            {
                return false;
            }

            version = d.VersionText;
            byte[] image = new byte[d.ImageSize];
            Slots.ReadImage(slot, 0, image, 0, image.Length);
            return SHA256.HashData(image).AsSpan().SequenceEqual(d.ImageSha256);
        }
    }
}
