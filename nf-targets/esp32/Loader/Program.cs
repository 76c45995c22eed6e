using System;
using System.IO;
using System.Reflection;
using System.Threading;
using Firmware.Boot;
using Firmware.Ports;
using Firmware.Storage;
using nanoFramework.Hardware.Esp32;
using nanoFramework.Runtime.Native;

namespace Firmware.Esp32.Loader
{
    /// <summary>
    /// The frozen loader: the only program flashed once and never updated over the air. It opens the flash region
    /// (<see cref="StorageProfile"/>) and splits it with the standard <see cref="FlashLayout"/>. At every boot it lets
    /// boot control pick the slot (<see cref="ManagedUpdateSlots.BeginBoot"/>: a pending image boots on trial, an image
    /// out of attempts is rolled back), loads that slot's bundle with the loader core's <see cref="BundleLoader"/>
    /// (assembly by assembly with Assembly.Load(byte[])), creates the entry <see cref="IApplication"/> and runs it with the flash in <see cref="Platform.Flash"/> and the
    /// slots in <see cref="Platform.Slots"/>, through which the application confirms itself. It counts a crash of an
    /// image on trial, and resets one that lets its trial deadline pass (a hang). On a device with no image yet it
    /// installs I:\firmware.bin as the factory image. A confirmed image that does not load (flash rot) falls back to
    /// the other slot's proven image if it still matches its SHA-256, else to I:\firmware.bin if it is present again;
    /// with neither the loader says so and deep-sleeps an hour between tries instead of rebooting in a loop. A region
    /// too small for slots (the stock 4 MB table) has no updates: the loader then runs the application deployed beside it.
    /// </summary>
    public static class Program
    {
        /// <summary>The hardware model this loader is built for; manifests name the model they are for.</summary>
        public const string HardwareModel = "esp32-sensor";

        /// <summary>The factory bundle, deployed once with nanoff --filedeployment; installed into slot 0 and deleted.</summary>
        public const string FactoryBundlePath = "I:\\firmware.bin";

        /// <summary>The application's entry assembly and type when it is deployed beside the loader (no slots).</summary>
        public const string ApplicationAssembly = "Firmware.Esp32";
        public const string ApplicationType = "Firmware.Esp32.Esp32Application";

        /// <summary>After a reset or power-on with no image to run, the loader stays awake this long before it sleeps, so a
        /// technician can deploy I:\firmware.bin (nanoff --filedeployment reaches only an awake device).</summary>
        public const int ServiceWindowMilliseconds = 60 * 1000;

        public static void Main()
        {
            IFlash flash = OpenFlash();
            FlashLayout layout = FlashLayout.Standard(flash);
            if (layout.SlotA == null)
            {
                RunDeployedApplication(flash);
                return;
            }

            LoaderClock clock = new LoaderClock();
            ManagedUpdateSlots slots = new ManagedUpdateSlots(layout.BootControl, layout.SlotA, layout.SlotB, clock, RootKeys.All(), HardwareModel, RuntimeVersion());
            IApplication application;
            WakeCause cause = CurrentWakeCause();
            int slot = BootControlRecord.NoSlot;
            try
            {
                if (!slots.IsProvisioned)
                {
                    InstallFactoryBundle(slots);
                }

                BootControlRecord before = new BootControlRecord();
                bool recorded = slots.ReadRecord(before);
                slot = slots.BeginBoot(cause);
                if (!recorded || before.OutcomeId != slots.State.Record.OutcomeId)
                {
                    SayRollback(slots);
                }

                long started = clock.UptimeMilliseconds;
                application = LoadBundle(slots, slot, cause);
                slots.State.LoadMilliseconds = clock.UptimeMilliseconds - started;
                Console.WriteLine("loader: slot " + slot.ToString() + " loaded in " + slots.State.LoadMilliseconds.ToString() + " ms" + (slots.State.Trial ? ", on trial" : string.Empty));
            }
            catch (Exception e)
            {
                Console.WriteLine("loader: slot " + slot.ToString() + " does not load: " + e.Message);
                Recover(slots, slot, cause);
                return;
            }

            // The trial deadline: an image on trial that neither confirms nor ends its wake in time is reset.
            Timer watchdog = slots.State.Trial ? new Timer(CheckTrialDeadline, slots, 1000, 1000) : null;
            try
            {
                Platform platform = new Platform();
                platform.Flash = flash;
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
        /// The flash region every user shares (boot control, OTA slots, state store, reading log): one 4 KiB
        /// file per sector on I:, sized by <see cref="StorageProfile"/>. One instance for the loader and the
        /// application, because the adapter holds a sector's pending writes in RAM.
        /// </summary>
        private static IFlash OpenFlash()
        {
            LittlefsFileStore files = new LittlefsFileStore(StorageProfile.Folder);
            return new SectorFileFlash(files, StorageProfile.Folder + "\\", StorageProfile.SectorSize, StorageProfile.Sectors);
        }

        /// <summary>
        /// A region without slots: runs the application deployed beside the loader (see the README: it must
        /// then be deployed with the loader), without over-the-air updates, and restarts if it ever returns.
        /// </summary>
        private static void RunDeployedApplication(IFlash flash)
        {
            Console.WriteLine("loader: the flash region has no OTA slots; starting " + ApplicationType + " without updates");
            try
            {
                IApplication application = LoadDeployedApplication();
                Platform platform = new Platform();
                platform.Flash = flash;
                application.Run(platform);
                Console.WriteLine("loader: the application returned; restarting");
            }
            catch (Exception e)
            {
                // A crash of the application is a fault boot; the application counts it on its next start.
                Console.WriteLine("loader: the application failed: " + e.Message);
                Thread.Sleep(1000);
            }

            Power.RebootDevice();
        }

        /// <summary>Loads the application assembly deployed beside the loader and creates its entry object.</summary>
        private static IApplication LoadDeployedApplication()
        {
            Assembly assembly = Assembly.Load(ApplicationAssembly);
            Type type = assembly.GetType(ApplicationType);
            if (type == null)
            {
                throw new InvalidOperationException(ApplicationAssembly + " has no type " + ApplicationType);
            }

            return BundleLoader.Create(type);
        }

        /// <summary>
        /// Loads the slot's bundle with the loader core's <see cref="BundleLoader"/> and creates the entry type. The
        /// image's SHA-256 is checked at every boot but a timer wake of a confirmed image (a power-on, a reset, a pin
        /// wake, a trial): hashing the whole bundle costs seconds of CPU on an ESP32 (docs/ota.md), and on a timer
        /// wake the runtime's CRC check of each assembly still refuses a corrupted one.
        /// </summary>
        private static IApplication LoadBundle(ManagedUpdateSlots slots, int slot, WakeCause cause)
        {
            if (slot == BootControlRecord.NoSlot)
            {
                throw new InvalidOperationException("no image is installed (deploy " + FactoryBundlePath + ")");
            }

            bool verify = cause != WakeCause.Timer || slots.State.Trial;
            return BundleLoader.Create(new BundleLoader(slots).Load(slot, verify));
        }

        /// <summary>
        /// The image chosen does not load. On trial: a failed attempt, then a restart (a rollback follows when the
        /// attempts are used up). Confirmed: a restart into the other slot's proven image, or into I:\firmware.bin
        /// restored; with neither, a deep sleep of <see cref="ManagedUpdateSlots.UnbootableRetryMilliseconds"/>.
        /// Assemblies of the failed bundle may already be loaded, so the next image always starts in a fresh runtime.
        /// </summary>
        private static void Recover(ManagedUpdateSlots slots, int slot, WakeCause cause)
        {
            string why;
            try
            {
                if (slot == BootControlRecord.NoSlot)
                {
                    why = "no image is installed";
                }
                else if (slots.RecoverFromLoadFailure() != BootControlRecord.NoSlot)
                {
                    Console.WriteLine("loader: recovered: slot " + slots.State.RunningSlot.ToString() + " holds a proven image that matches its SHA-256; restarting into it");
                    Restart();
                    return;
                }
                else if (slots.State.Trial || slots.State.Record.ActiveSlot != slot)
                {
                    Console.WriteLine("loader: a failed attempt of the image on trial; restarting");
                    Restart();
                    return;
                }
                else
                {
                    why = slots.RecoveryError;
                    if (File.Exists(FactoryBundlePath))
                    {
                        SlotDescriptor descriptor = new SlotDescriptor();
                        byte[] image = ReadFactoryBundle(descriptor);
                        if (slots.RestoreFactory(descriptor, image, 0, image.Length))
                        {
                            File.Delete(FactoryBundlePath);
                            Console.WriteLine("loader: recovered: " + why + "; " + FactoryBundlePath + " restored into slot " + slots.State.RunningSlot.ToString() + "; restarting into it");
                            Restart();
                            return;
                        }

                        why = why + "; " + slots.RecoveryError;
                    }
                }
            }
            catch (Exception e)
            {
                why = e.Message;
            }

            Console.WriteLine("loader: no image to run: " + why + "; sleeping " + (ManagedUpdateSlots.UnbootableRetryMilliseconds / 60000).ToString() + " min before trying again (deploy " + FactoryBundlePath + " to restore one)");
            if (cause != WakeCause.Timer)
            {
                Thread.Sleep(ServiceWindowMilliseconds);
            }

            Sleep.EnableWakeupByTimer(TimeSpan.FromMilliseconds(ManagedUpdateSlots.UnbootableRetryMilliseconds));
            Sleep.StartDeepSleep();
        }

        /// <summary>
        /// Says plainly, as the events topic will once the application reaches the broker, that this boot rolled back an
        /// image that used up its trial attempts.
        /// </summary>
        private static void SayRollback(ManagedUpdateSlots slots)
        {
            BootControlRecord record = slots.State.Record;
            if (record.Outcome != BootOutcome.RolledBack)
            {
                return;
            }

            SlotDescriptor running = new SlotDescriptor();
            SlotDescriptor failed = new SlotDescriptor();
            string back = slots.ReadDescriptor(record.ActiveSlot, running) ? running.VersionText : "slot " + record.ActiveSlot.ToString();
            string image = slots.ReadDescriptor(record.OutcomeSlot, failed) ? "firmware " + failed.VersionText : "the image";
            Console.WriteLine("loader: rolled back to " + back + " (" + TrialFailure.Name(record.OutcomeReason) + "): " + image + " in slot "
                + record.OutcomeSlot.ToString() + " used up its trial attempts");
        }

        private static void Restart()
        {
            Thread.Sleep(1000);
            Power.RebootDevice();
        }

        /// <summary>A device fresh from the factory: installs the deployed bundle as the confirmed image of slot 0.</summary>
        private static void InstallFactoryBundle(ManagedUpdateSlots slots)
        {
            if (!File.Exists(FactoryBundlePath))
            {
                throw new InvalidOperationException("no image is installed and " + FactoryBundlePath + " is missing");
            }

            SlotDescriptor descriptor = new SlotDescriptor();
            byte[] image = ReadFactoryBundle(descriptor);
            slots.Provision(descriptor, image, 0, image.Length);
            File.Delete(FactoryBundlePath);
            Console.WriteLine("loader: installed firmware " + descriptor.VersionText + " from " + FactoryBundlePath);
        }

        /// <summary>Reads I:\firmware.bin and describes it (<see cref="BundleLoader.Describe"/>).</summary>
        private static byte[] ReadFactoryBundle(SlotDescriptor descriptor)
        {
            byte[] image = File.ReadAllBytes(FactoryBundlePath);
            try
            {
                BundleLoader.Describe(image, StorageProfile.SectorSize, descriptor);
            }
            catch (InvalidOperationException e)
            {
                throw new InvalidOperationException(FactoryBundlePath + " is " + e.Message);
            }

            return image;
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
