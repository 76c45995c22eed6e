using System;
using System.Security.Cryptography;
using Firmware.Boot;
using Firmware.Host.Boot;
using Firmware.Host.Hardware;
using Firmware.Host.Ota;
using Firmware.Host.Tests.Support;
using Firmware.Ota;
using Firmware.Ports;
using Firmware.Storage;

namespace Firmware.Host.Tests.Ota
{
    /// <summary>
    /// The portable updater on host hardware models for sweeps: <see cref="SimulatedNorFlash"/> split by the storage
    /// layout (power cuts with partial effects drawn from the seed), a memory downloader, manifests signed on the fly.
    /// Slot 0 holds a factory image 1.0.0 (counter 1).
    /// </summary>
    internal sealed class HostOtaRig
    {
        public const string Model = "host-rig";
        public const int SlotSectors = 4;
        /// <summary>Boot control, the slots, and the smallest state store and log the layout allows (unused here).</summary>
        public const int Sectors = FlashLayout.BootControlSectors + (2 * SlotSectors) + FlashLayout.StateSectors + FlashLayout.MinimumLogSectors;

        public static readonly (byte[] Private, byte[] Public) Root = OtaKeys.FromSeed(11);
        public static readonly (byte[] Private, byte[] Public) Other = OtaKeys.FromSeed(12);

        /// <param name="factoryImage">The factory image (default: 2,000 random bytes).</param>
        /// <param name="seed">Draws the partial effects of a power cut.</param>
        public HostOtaRig(byte[] factoryImage = null, int seed = 1)
        {
            Factory = factoryImage ?? Image(1, 2000);
            Flash = new SimulatedNorFlash(Sectors * 4096, 4096, seed);
            Slots = NewSlots();
            SlotDescriptor d = new SlotDescriptor { VersionMajor = 1, SecurityCounter = 1, ImageSize = Factory.Length, ChunkSize = 1024 };
            SHA256.HashData(Factory).CopyTo(d.ImageSha256, 0);
            Slots.Provision(d, Factory, 0, Factory.Length);
        }

        public byte[] Factory { get; }

        /// <summary>The flash as the running boot sees it (a new object after each power cut).</summary>
        public SimulatedNorFlash Flash { get; private set; }

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

        public ManagedUpdateSlots NewSlots() => HostLoader.SlotsOf(FlashLayout.Create(Flash, SlotSectors), Clock, new[] { Root.Public }, Model);

        /// <summary>Power returns after a cut: the same bytes, as a restarted device finds them.</summary>
        public void PowerOn() => Flash = Flash.Reboot();

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
