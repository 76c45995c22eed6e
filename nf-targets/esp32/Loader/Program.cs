using System;
using System.IO;
using System.Reflection;
using System.Threading;
using Firmware.Boot;
using Firmware.Ports;
using nanoFramework.Hardware.Esp32;
using nanoFramework.Runtime.Native;

namespace Firmware.Esp32.Loader
{
    /// <summary>
    /// The frozen loader: the only program flashed once and never updated over the air. At every boot it lets boot
    /// control pick the slot (<see cref="ManagedUpdateSlots.BeginBoot"/>: a pending image boots on trial, an image out
    /// of attempts is rolled back), loads that slot's bundle assembly by assembly with Assembly.Load(byte[]), creates
    /// the entry <see cref="IApplication"/> and runs it with the slots in <see cref="Platform.Slots"/>, through which
    /// the application confirms itself. It counts a crash of an image on trial, and resets one that lets its trial
    /// deadline pass (a hang). On a device with no image yet it installs I:\firmware.bin as the factory image.
    /// </summary>
    public static class Program
    {
        /// <summary>The hardware model this loader is built for; manifests name the model they are for.</summary>
        public const string HardwareModel = "esp32-sensor";

        /// <summary>The factory bundle, deployed once with nanoff --filedeployment; installed into slot 0 and deleted.</summary>
        public const string FactoryBundlePath = "I:\\firmware.bin";

        /// <summary>Where the OTA regions' sector files live on the I: drive: boot control, slot A, slot B.</summary>
        public const string OtaDirectory = "I:\\ota";

        public const int SectorSize = 4096;

        /// <summary>Sectors per slot: 256 KiB, images up to 252 KiB (the storage layout's slot size).</summary>
        public const int SlotSectors = 64;

        public static void Main()
        {
            LoaderClock clock = new LoaderClock();
            if (!Directory.Exists(OtaDirectory))
            {
                Directory.CreateDirectory(OtaDirectory);
            }

            ManagedUpdateSlots slots = new ManagedUpdateSlots(
                new OtaSectorFiles(OtaDirectory + "\\boot", SectorSize, ManagedUpdateSlots.BootControlSectors),
                new OtaSectorFiles(OtaDirectory + "\\a", SectorSize, SlotSectors),
                new OtaSectorFiles(OtaDirectory + "\\b", SectorSize, SlotSectors),
                clock,
                RootKeys.All(),
                HardwareModel,
                RuntimeVersion());
            IApplication application;
            try
            {
                if (!slots.IsProvisioned)
                {
                    InstallFactoryBundle(slots);
                }

                int slot = slots.BeginBoot(CurrentWakeCause());
                long started = clock.UptimeMilliseconds;
                application = LoadBundle(slots, slot);
                slots.State.LoadMilliseconds = clock.UptimeMilliseconds - started;
                Console.WriteLine("loader: slot " + slot.ToString() + " loaded in " + slots.State.LoadMilliseconds.ToString() + " ms" + (slots.State.Trial ? ", on trial" : string.Empty));
            }
            catch (Exception e)
            {
                Console.WriteLine("loader: no image to run: " + e.Message);
                CountTrialFailure(slots, TrialFailure.Crash);
                Thread.Sleep(1000);
                Power.RebootDevice();
                return;
            }

            // The trial deadline: an image on trial that neither confirms nor ends its wake in time is reset.
            Timer watchdog = slots.State.Trial ? new Timer(CheckTrialDeadline, slots, 1000, 1000) : null;
            try
            {
                Platform platform = new Platform();
                platform.Slots = slots;
                application.Run(platform);
                Console.WriteLine("loader: the application returned; restarting");
            }
            catch (Exception e)
            {
                Console.WriteLine("loader: the application failed: " + e.Message);
                CountTrialFailure(slots, TrialFailure.Crash);
                Thread.Sleep(1000);
            }

            if (watchdog != null)
            {
                watchdog.Dispose();
            }

            Power.RebootDevice();
        }

        /// <summary>
        /// Loads the slot's bundle: each assembly's bytes into an array of its own (Assembly.Load keeps it in the
        /// managed heap for good), in the bundle's order, then creates the entry type.
        /// </summary>
        private static IApplication LoadBundle(ManagedUpdateSlots slots, int slot)
        {
            SlotDescriptor descriptor = new SlotDescriptor();
            if (slot == BootControlRecord.NoSlot || !slots.ReadDescriptor(slot, descriptor))
            {
                throw new InvalidOperationException("no image is installed (deploy " + FactoryBundlePath + ")");
            }

            byte[] header = new byte[descriptor.ImageSize < BundleReader.MaxHeaderSize ? descriptor.ImageSize : BundleReader.MaxHeaderSize];
            slots.ReadImage(slot, 0, header, 0, header.Length);
            BundleReader bundle = new BundleReader();
            if (!bundle.Parse(header, header.Length, descriptor.ImageSize))
            {
                throw new InvalidOperationException("slot " + slot.ToString() + " holds no valid bundle: " + bundle.Error);
            }

            Assembly entry = null;
            for (int i = 0; i < bundle.AssemblyCount; i++)
            {
                byte[] pe = new byte[bundle.AssemblySize(i)];
                slots.ReadImage(slot, bundle.AssemblyOffset(i), pe, 0, pe.Length);
                Assembly assembly = Assembly.Load(pe);
                if (i == bundle.EntryAssembly)
                {
                    entry = assembly;
                }
            }

            Type type = entry.GetType(bundle.EntryTypeName);
            if (type == null)
            {
                throw new InvalidOperationException(bundle.AssemblyName(bundle.EntryAssembly) + " has no type " + bundle.EntryTypeName);
            }

            ConstructorInfo constructor = type.GetConstructor(new Type[0]);
            if (constructor == null)
            {
                throw new InvalidOperationException(bundle.EntryTypeName + " has no public parameterless constructor");
            }

            return (IApplication)constructor.Invoke(null);
        }

        /// <summary>A device fresh from the factory: installs the deployed bundle as the confirmed image of slot 0.</summary>
        private static void InstallFactoryBundle(ManagedUpdateSlots slots)
        {
            if (!File.Exists(FactoryBundlePath))
            {
                throw new InvalidOperationException("no image is installed and " + FactoryBundlePath + " is missing");
            }

            byte[] image = File.ReadAllBytes(FactoryBundlePath);
            BundleReader bundle = new BundleReader();
            if (!bundle.Parse(image, image.Length < BundleReader.MaxHeaderSize ? image.Length : BundleReader.MaxHeaderSize, image.Length))
            {
                throw new InvalidOperationException(FactoryBundlePath + " is not a bundle: " + bundle.Error);
            }

            SlotDescriptor descriptor = new SlotDescriptor();
            descriptor.VersionMajor = bundle.VersionMajor;
            descriptor.VersionMinor = bundle.VersionMinor;
            descriptor.VersionPatch = bundle.VersionPatch;
            descriptor.SecurityCounter = bundle.SecurityCounter;
            descriptor.ImageSize = image.Length;
            descriptor.ChunkSize = SectorSize;
            slots.Provision(descriptor, image, 0, image.Length);
            File.Delete(FactoryBundlePath);
            Console.WriteLine("loader: installed firmware " + descriptor.VersionText + " from " + FactoryBundlePath);
        }

        private static void CheckTrialDeadline(object state)
        {
            ManagedUpdateSlots slots = (ManagedUpdateSlots)state;
            if (slots.TrialDeadlinePassed)
            {
                Console.WriteLine("loader: the image on trial let its deadline pass; resetting");
                CountTrialFailure(slots, TrialFailure.Hang);
                Power.RebootDevice();
            }
        }

        private static void CountTrialFailure(ManagedUpdateSlots slots, int reason)
        {
            try
            {
                if (slots.State.Trial)
                {
                    slots.RecordTrialFailure(reason);
                }
            }
            catch (IOException e)
            {
                // The attempt is not counted; the device restarts anyway and the trial goes on.
                Console.WriteLine("loader: cannot record the failed attempt: " + e.Message);
            }
        }

        /// <summary>
        /// Why this boot happened. The ESP32 runtime reports sleep wake causes only; a watchdog or panic reset reads as
        /// a power-on (nanoFramework 1.x has no reset-reason API), so such resets are not counted as trial attempts.
        /// </summary>
        private static WakeCause CurrentWakeCause()
        {
            Sleep.WakeupCause cause = Sleep.GetWakeupCause();
            if (cause == Sleep.WakeupCause.Timer)
            {
                return WakeCause.Timer;
            }

            if (cause == Sleep.WakeupCause.Ext0 || cause == Sleep.WakeupCause.Ext1 || cause == Sleep.WakeupCause.Gpio)
            {
                return WakeCause.Pin;
            }

            return WakeCause.PowerOn;
        }

        private static int[] RuntimeVersion()
        {
            Version v = SystemInfo.Version;
            return new int[] { v.Major, v.Minor, v.Build, v.Revision };
        }
    }
}
