using System;
using System.IO;
using System.Linq;
using System.Threading;
using Firmware.Boot;
using Firmware.Host.Boot;
using Firmware.Host.Hardware;
using Firmware.Host.Ota;
using Firmware.Ota;
using Firmware.Ports;
using Firmware.Storage;

namespace Firmware.Tools.Bench.Ota
{
    /// <summary>
    /// How much of an image an interrupted OTA download fetches twice. The portable updater downloads a 64 KiB image in
    /// 4 KiB chunks into simulated NOR flash split by the storage layout; the download is cut once, either by the link dropping after every possible
    /// number of bytes (in 997-byte steps) or by a power cut at every flash operation, then resumed in the next boot
    /// from the progress kept in flash. Reported: bytes fetched beyond the image's size, worst and mean.
    /// </summary>
    public static class OtaResumeBenchmark
    {
        private const int ImageSize = 64 * 1024;
        private const int ChunkSize = 4096;
        private const int SlotSectors = 1 + (ImageSize / 4096);
        private const int Sectors = FlashLayout.BootControlSectors + (2 * SlotSectors) + FlashLayout.StateSectors + FlashLayout.MinimumLogSectors;
        private const string Url = "http://cdn.example/fw.bin";
        private const string Model = "bench";

        public static int Run(string[] args)
        {
            (byte[] privateKey, byte[] publicKey) = OtaKeys.FromSeed(1);
            byte[] image = new byte[ImageSize];
            new Random(1).NextBytes(image);
            byte[] manifest = ManifestWriter.Firmware(new FirmwareRelease
            {
                HardwareModel = Model,
                Version = new SemanticVersion(2, 0, 0),
                SecurityCounter = 1,
                RuntimeVersion = new[] { 1, 0, 0, 0 },
                ChunkSize = ChunkSize,
                ImageUrl = Url,
                SigningPublicKey = publicKey,
            }.ForImage(image)).Sign(privateKey);

            long[] dropped = Enumerable.Range(0, ImageSize / 997).Select(i => Download(manifest, image, publicKey, linkDropsAfter: i * 997, powerCutAt: -1)).ToArray();
            long operations = FlashOperationsOfADownload(manifest, image, publicKey);
            long[] cut = Enumerable.Range(1, (int)operations).Select(k => Download(manifest, image, publicKey, linkDropsAfter: -1, powerCutAt: k)).ToArray();

            Console.WriteLine($"{ImageSize}-byte image in {ChunkSize}-byte chunks, one interruption per run, resumed at the next boot:");
            Console.WriteLine("| Interruption | Runs | Bytes fetched twice, worst | mean |");
            Console.WriteLine("|---|---:|---:|---:|");
            Console.WriteLine($"| link dropped after n bytes (n = 0, 997, 1994, ...), then the device sleeps | {dropped.Length} | {dropped.Max()} | {dropped.Average():N0} |");
            Console.WriteLine($"| power cut at each of the {operations} flash operations of the download | {cut.Length} | {cut.Max()} | {cut.Average():N0} |");
            Console.WriteLine($"goal: at most one chunk ({ChunkSize} bytes) fetched twice: {(Math.Max(dropped.Max(), cut.Max()) <= ChunkSize ? "met" : "NOT met")}");
            return 0;
        }

        /// <summary>Downloads with one interruption and returns the bytes fetched beyond the image's size.</summary>
        private static long Download(byte[] manifest, byte[] image, byte[] rootKey, long linkDropsAfter, long powerCutAt)
        {
            SimulatedNorFlash flash = Provisioned(rootKey, (int)powerCutAt, out VirtualClock clock);
            DroppingDownloader downloader = new DroppingDownloader(image) { DropAfter = linkDropsAfter };
            if (powerCutAt > 0)
            {
                flash.CutPowerAtOperation(flash.Operations + powerCutAt - 1);
            }

            for (int boot = 0; boot < 3; boot++)
            {
                try
                {
                    ManagedUpdateSlots slots = Slots(flash, clock, rootKey);
                    slots.BeginBoot(boot == 0 ? WakeCause.Timer : WakeCause.PowerOn);
                    if (slots.State.Trial)
                    {
                        // The cut came after the pending mark was complete: the loader switched to the new image.
                        return downloader.Served - image.Length;
                    }

                    OtaAgent agent = new OtaAgent(slots, downloader, clock, new ConsoleLog(clock, TextWriter.Null, LogLevel.Error), new OtaSettings());
                    agent.HandleAnnounce(manifest, 0, manifest.Length, -1);
                    if (agent.Step(int.MaxValue) == OtaStep.RebootRequired)
                    {
                        return downloader.Served - image.Length;
                    }
                }
                catch (IOException) when (flash.IsPoweredOff)
                {
                    flash = flash.Reboot();
                }

                downloader.DropAfter = -1;
            }

            throw new InvalidOperationException("the download did not complete after an interruption");
        }

        private static long FlashOperationsOfADownload(byte[] manifest, byte[] image, byte[] rootKey)
        {
            SimulatedNorFlash flash = Provisioned(rootKey, 1, out VirtualClock clock);
            long before = flash.Operations;
            ManagedUpdateSlots slots = Slots(flash, clock, rootKey);
            slots.BeginBoot(WakeCause.Timer);
            OtaAgent agent = new OtaAgent(slots, new DroppingDownloader(image), clock, new ConsoleLog(clock, TextWriter.Null, LogLevel.Error), new OtaSettings());
            agent.HandleAnnounce(manifest, 0, manifest.Length, -1);
            agent.Step(int.MaxValue);
            return flash.Operations - before;
        }

        /// <summary>A flash with a factory image installed; <paramref name="seed"/> draws a power cut's partial effects.</summary>
        private static SimulatedNorFlash Provisioned(byte[] rootKey, int seed, out VirtualClock clock)
        {
            SimulatedNorFlash flash = new SimulatedNorFlash(Sectors * 4096, 4096, seed);
            clock = new VirtualClock(1e9, CancellationToken.None);
            byte[] factory = new byte[1000];
            SlotDescriptor d = new SlotDescriptor { VersionMajor = 1, SecurityCounter = 1, ImageSize = factory.Length, ChunkSize = ChunkSize };
            Slots(flash, clock, rootKey).Provision(d, factory, 0, factory.Length);
            return flash;
        }

        private static ManagedUpdateSlots Slots(SimulatedNorFlash flash, VirtualClock clock, byte[] rootKey) =>
            HostLoader.SlotsOf(FlashLayout.Create(flash, SlotSectors), clock, new[] { rootKey }, Model);

        private sealed class DroppingDownloader : IDownloader
        {
            private readonly byte[] _image;

            public DroppingDownloader(byte[] image)
            {
                _image = image;
                DropAfter = -1;
            }

            /// <summary>Bytes served before the link drops for the rest of this boot (-1: never).</summary>
            public long DropAfter { get; set; }

            public long Served { get; private set; }

            public string LastError { get; private set; }

            public int ReadRange(string url, int position, byte[] buffer, int offset, int count, int timeoutMilliseconds)
            {
                int n = Math.Min(count, _image.Length - position);
                if (DropAfter >= 0)
                {
                    if (Served >= DropAfter)
                    {
                        LastError = "link down";
                        return -1;
                    }

                    n = (int)Math.Min(n, DropAfter - Served);
                }

                Buffer.BlockCopy(_image, position, buffer, offset, n);
                Served += n;
                return n;
            }
        }
    }
}
