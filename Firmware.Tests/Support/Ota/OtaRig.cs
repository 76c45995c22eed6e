using Firmware.Boot;
using Firmware.Ota;
using Firmware.Ports;
using Firmware.Storage;
using Firmware.Tests.Crypto;
using Firmware.Tests.Fakes;
using Firmware.Text;

namespace Firmware.Tests.Ota
{
    /// <summary>
    /// A device with OTA for the tests: NOR flash in RAM split by the storage layout (boot control, two slots of
    /// <see cref="SlotSectors"/> sectors, the smallest state store and log), a factory image 1.0.0
    /// (security counter 1) in slot 0, the loader's root keys RootA and RootB, and a downloader serving image 2.
    /// <see cref="Reboot"/> makes a fresh slots object over the same flash, as a real boot does.
    /// </summary>
    public sealed class OtaRig
    {
        public const int SectorSize = 4096;
        public const int SlotSectors = 4;
        public const int FactorySize = 4000;

        /// <summary>Sectors of the rig's flash: boot control, the slots, the smallest state store and log.</summary>
        public const int Sectors = FlashLayout.BootControlSectors + (2 * SlotSectors) + FlashLayout.StateSectors + FlashLayout.MinimumLogSectors;

        public OtaRig()
            : this(false)
        {
        }

        /// <param name="hashedFactory">True to record the factory image's SHA-256 (as the loaders now do); false leaves it zero, as an older ESP32 loader did.</param>
        public OtaRig(bool hashedFactory)
            : this(new RamFlash(SectorSize, Sectors), hashedFactory)
        {
        }

        /// <param name="flash">The rig's flash, <see cref="Sectors"/> sectors of <see cref="SectorSize"/> bytes (one that can lose power, say).</param>
        /// <param name="hashedFactory">As above.</param>
        public OtaRig(IFlash flash, bool hashedFactory)
        {
            Layout = FlashLayout.Create(flash, SlotSectors);
            Clock = new FakeClock();
            Log = new FakeLog();
            Downloader = new FakeDownloader(OtaVectors.UrlV2, OtaImage.Create(2, OtaVectors.ImageSize));
            Settings = new OtaSettings();
            Slots = NewSlots();
            SlotDescriptor factory = new SlotDescriptor();
            factory.VersionMajor = 1;
            factory.SecurityCounter = 1;
            factory.ImageSize = FactorySize;
            factory.ChunkSize = 1024;
            byte[] image = OtaImage.Create(1, FactorySize);
            if (hashedFactory)
            {
                Firmware.Crypto.Sha256.Hash(image, 0, image.Length, factory.ImageSha256, 0);
            }

            Slots.Provision(factory, image, 0, image.Length);
            Slots.BeginBoot(WakeCause.PowerOn);
        }

        public FlashLayout Layout { get; private set; }

        public FakeClock Clock { get; private set; }

        public FakeLog Log { get; private set; }

        public FakeDownloader Downloader { get; private set; }

        public OtaSettings Settings { get; private set; }

        public ManagedUpdateSlots Slots { get; private set; }

        public ManagedUpdateSlots NewSlots()
        {
            byte[][] roots = new byte[][] { Hex.Decode(OtaVectors.RootA), Hex.Decode(OtaVectors.RootB) };
            return new ManagedUpdateSlots(Layout.BootControl, Layout.SlotA, Layout.SlotB, Clock, roots, OtaVectors.Model, new int[] { 1, 17, 0, 0 });
        }

        /// <summary>A new boot over the same flash: a fresh slots object decides the slot. Returns it.</summary>
        public int Reboot(WakeCause cause)
        {
            Downloader.Disconnect();
            Clock.UptimeMilliseconds = 0;
            Slots = NewSlots();
            return Slots.BeginBoot(cause);
        }

        public OtaAgent Agent()
        {
            return new OtaAgent(Slots, Downloader, Clock, Log, Settings);
        }

        public static int Announce(OtaAgent agent, string manifestHex)
        {
            byte[] manifest = Hex.Decode(manifestHex);
            return agent.HandleAnnounce(manifest, 0, manifest.Length, -1);
        }

        /// <summary>
        /// An announce as the broker delivers it: <paramref name="retained"/> for the retained copy a subscription
        /// gets, false for one published since the device last listened (announced again).
        /// </summary>
        public static int Announce(OtaAgent agent, string manifestHex, bool retained)
        {
            byte[] manifest = Hex.Decode(manifestHex);
            return agent.HandleAnnounce(manifest, 0, manifest.Length, -1, retained);
        }

        /// <summary>Announces V2, downloads it completely and leaves it pending; the rig reboots into the trial.</summary>
        public void StageV2AndReboot()
        {
            OtaAgent agent = Agent();
            Announce(agent, OtaVectors.V2);
            agent.Step(1000000);
            Reboot(WakeCause.Reboot);
        }

        /// <summary>The running slot's version.</summary>
        public string RunningVersion()
        {
            SlotDescriptor d = new SlotDescriptor();
            return Slots.ReadDescriptor(Slots.State.RunningSlot, d) ? d.VersionText : "none";
        }

        /// <summary>The JSON of every queued event, joined by newlines.</summary>
        public static string Events(OtaAgent agent)
        {
            byte[] buffer = new byte[512];
            JsonWriter writer = new JsonWriter();
            string all = string.Empty;
            for (int i = 0; i < agent.PendingEventCount; i++)
            {
                writer.Reset(buffer, 0, buffer.Length);
                agent.WriteEvent(i, writer);
                all = all + Utf8.Decode(buffer, 0, writer.Length) + "\n";
            }

            return all;
        }
    }
}
