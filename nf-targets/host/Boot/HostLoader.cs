using System;
using System.Diagnostics;
using System.IO;
using System.Reflection;
using System.Threading;
using Firmware.Boot;
using Firmware.Host.Hardware;
using Firmware.Host.Ota;
using Firmware.Ports;
using Firmware.Storage;

namespace Firmware.Host.Boot
{
    /// <summary>
    /// The host twin's loader, doing what the frozen ESP32 loader does: at every boot it lets boot control pick
    /// the slot (<see cref="ManagedUpdateSlots.BeginBoot"/>), loads that slot's bundle into a fresh collectible
    /// <see cref="BundleLoadContext"/> (the load time goes to <see cref="BootState.LoadMilliseconds"/>, which the
    /// firmware charges to its energy ledger), creates the entry <see cref="IApplication"/> and runs it on a thread
    /// of its own, then unloads it. It enforces the trial deadline (an image on trial that neither confirms nor ends
    /// its wake in time is reset and the hang counted) and counts a crash of an image on trial. A sleep or reboot
    /// the firmware's wake watchdog forces from its own thread ends the boot as it would on a board: the hung
    /// application thread is stopped, and abandoned if it does not unwind. Without slots (a flash region too small
    /// for them) it runs the twin's own build, as the ESP32 loader runs the application deployed beside it.
    /// </summary>
    public sealed class HostLoader
    {
        /// <summary>The hardware model the twin's loader was "built" for: manifests for the twin name it.</summary>
        public const string HardwareModel = "host-twin";

        /// <summary>How long a hung application may take to unwind after the reset before the twin gives up.</summary>
        private static readonly TimeSpan UnwindLimit = TimeSpan.FromSeconds(10);

        private readonly ManagedUpdateSlots _slots;
        private readonly VirtualClock _clock;
        private readonly ILog _log;
        private volatile bool _stopped;

        /// <param name="slots">The slots and boot control; null for a region without them (the twin's own build runs).</param>
        public HostLoader(ManagedUpdateSlots slots, VirtualClock clock, ILog log)
        {
            _slots = slots;
            _clock = clock;
            _log = log;
        }

        /// <summary>The slots and boot control over the storage layout's partitions for them.</summary>
        public static ManagedUpdateSlots SlotsOf(FlashLayout layout, IClock clock, byte[][] rootKeys, string hardwareModel)
        {
            if (layout.SlotA == null)
            {
                throw new ArgumentException("the flash region has no room for OTA slots", nameof(layout));
            }

            return new ManagedUpdateSlots(layout.BootControl, layout.SlotA, layout.SlotB, clock, rootKeys, hardwareModel, RuntimeVersion);
        }

        /// <summary>The runtime version the twin reports to manifests (that of the nanoCLR it stands in for).</summary>
        public static int[] RuntimeVersion => new[] { 1, 17, 0, 0 };

        /// <summary>Version of the image the last boot ran.</summary>
        public string RunningVersion { get; private set; }

        /// <summary>The load context of the last boot, weakly held: it is collected once unloaded and unreferenced.</summary>
        public WeakReference LastContext { get; private set; }

        /// <summary>Slot the last boot ran.</summary>
        public int RunningSlot { get; private set; } = BootControlRecord.NoSlot;

        /// <summary>Application threads the loader stopped that did not unwind in time and were left behind.</summary>
        public int AbandonedThreads { get; private set; }

        /// <summary>
        /// The factory bundle: the firmware assemblies the twin itself was built with (Firmware, Drivers), entry
        /// Firmware.Application, at the version the firmware declares.
        /// </summary>
        public static byte[] FactoryBundle()
        {
            SemanticVersion version = SemanticVersion.Parse(Application.FirmwareVersion);
            return BundleWriter.Build(version, 0, typeof(Application).FullName, 0, new[]
            {
                AssemblyFile(typeof(Application).Assembly),
                AssemblyFile(typeof(Firmware.Drivers.SimulatedClimate.SimulatedClimateSensor).Assembly),
            });
        }

        /// <summary>An assembly of the twin's own build, as a bundle entry: its name and its file's bytes.</summary>
        public static (string Name, byte[] Bytes) AssemblyFile(Assembly assembly)
        {
            return (assembly.GetName().Name, File.ReadAllBytes(assembly.Location));
        }

        /// <summary>Installs a bundle as the factory image (a device fresh from the factory; no manifest).</summary>
        public void Provision(byte[] bundle)
        {
            SlotDescriptor descriptor = Describe(bundle);
            _slots.Provision(descriptor, bundle, 0, bundle.Length);
        }

        /// <summary>A slot descriptor for a bundle: its own version and counter, its size and SHA-256, 4 KiB chunks.</summary>
        public static SlotDescriptor Describe(byte[] bundle)
        {
            BundleReader header = BundleWriter.Read(bundle);
            SlotDescriptor descriptor = new SlotDescriptor
            {
                VersionMajor = header.VersionMajor,
                VersionMinor = header.VersionMinor,
                VersionPatch = header.VersionPatch,
                SecurityCounter = header.SecurityCounter,
                ImageSize = bundle.Length,
                ChunkSize = 4096,
            };
            System.Security.Cryptography.SHA256.HashData(bundle).CopyTo(descriptor.ImageSha256, 0);
            return descriptor;
        }

        /// <summary>One boot: pick the slot, load its bundle, run the application until it returns, crashes or hangs.</summary>
        public BootEnd Boot(Platform platform, WakeCause cause)
        {
            if (_slots == null)
            {
                RunningVersion = Application.FirmwareVersion;
                return Run(new Application(), platform, BootControlRecord.NoSlot);
            }

            int slot = _slots.BeginBoot(cause);
            RunningSlot = slot;
            if (slot == BootControlRecord.NoSlot)
            {
                _log.Write(LogLevel.Error, "loader", "no image installed");
                return BootEnd.NoImage;
            }

            SlotDescriptor descriptor = new SlotDescriptor();
            _slots.ReadDescriptor(slot, descriptor);
            RunningVersion = descriptor.VersionText;
            BundleLoadContext context = new BundleLoadContext($"slot{slot}-{descriptor.VersionText}");
            LastContext = new WeakReference(context);
            try
            {
                IApplication application;
                try
                {
                    application = Load(context, slot, descriptor);
                }
                catch (Exception e) when (e is InvalidDataException || e is BadImageFormatException || e is TargetInvocationException || e is MissingMethodException || e is InvalidCastException || e is FileLoadException)
                {
                    return Crashed(slot, "the image does not load: " + e.Message);
                }

                if (_log.IsEnabled(LogLevel.Info))
                {
                    _log.Write(LogLevel.Info, "loader", $"booting slot {slot}: firmware {descriptor.VersionText}" + (_slots.State.Trial ? $" on trial ({_slots.State.Record.TrialAttemptsLeft} attempts left)" : ""));
                }

                platform.Slots = _slots;
                return Run(application, platform, slot);
            }
            finally
            {
                context.Unload();
            }
        }

        private IApplication Load(BundleLoadContext context, int slot, SlotDescriptor descriptor)
        {
            Stopwatch load = Stopwatch.StartNew();
            byte[] image = new byte[descriptor.ImageSize];
            _slots.ReadImage(slot, 0, image, 0, image.Length);
            BundleReader bundle = BundleWriter.Read(image);
            Assembly entry = null;
            for (int i = 0; i < bundle.AssemblyCount; i++)
            {
                byte[] bytes = new byte[bundle.AssemblySize(i)];
                Buffer.BlockCopy(image, bundle.AssemblyOffset(i), bytes, 0, bytes.Length);
                Assembly assembly = context.LoadBundled(bundle.AssemblyName(i), bytes);
                if (i == bundle.EntryAssembly)
                {
                    entry = assembly;
                }
            }

            Type type = entry.GetType(bundle.EntryTypeName) ?? throw new InvalidDataException($"{bundle.AssemblyName(bundle.EntryAssembly)} has no type {bundle.EntryTypeName}");
            object instance = type.GetConstructor(Type.EmptyTypes)?.Invoke(null) ?? throw new InvalidDataException($"{bundle.EntryTypeName} has no public parameterless constructor");
            IApplication application = instance as IApplication ?? throw new InvalidDataException($"{bundle.EntryTypeName} does not implement {typeof(IApplication).FullName}");
            _slots.State.LoadMilliseconds = load.ElapsedMilliseconds;
            return application;
        }

        private BootEnd Run(IApplication application, Platform platform, int slot)
        {
            Exception failure = null;
            Thread thread = new Thread(() =>
            {
                try
                {
                    application.Run(platform);
                }
                catch (ThreadInterruptedException) when (_stopped)
                {
                    // The reset the loader made under a hung application.
                }
                catch (Exception e)
                {
                    failure = e;
                }
            })
            {
                IsBackground = true,
                Name = "application",
            };
            _stopped = false;
            thread.Start();
            HostPower power = platform.Power as HostPower;
            while (!thread.Join(10))
            {
                if (_slots != null && _slots.TrialDeadlinePassed)
                {
                    _slots.RecordTrialFailure(TrialFailure.Hang);
                    _log.Write(LogLevel.Warning, "loader", $"firmware {RunningVersion} on trial let its deadline pass: a hang; resetting");
                    Stop(thread);
                    return BootEnd.Hung;
                }

                if (power != null && power.RequestedBy != null && power.RequestedBy != thread && thread.IsAlive)
                {
                    // The wake watchdog forced the sleep or reboot from its own thread: on a board that ends everything.
                    _log.Write(LogLevel.Warning, "loader", $"firmware {RunningVersion}: the wake watchdog forced {(power.RebootRequested ? "a reboot" : "the sleep")} under a hung application; stopping it");
                    Stop(thread);
                    return BootEnd.Reset;
                }
            }

            return failure == null ? BootEnd.Returned : Crashed(slot, failure.GetType().Name + ": " + failure.Message);
        }

        /// <summary>Stops a hung application thread: its clock calls throw from now on; abandoned if it does not unwind.</summary>
        private void Stop(Thread thread)
        {
            _stopped = true;
            _clock.Halt(thread);
            thread.Interrupt();
            if (!thread.Join(UnwindLimit))
            {
                AbandonedThreads++;
                _log.Write(LogLevel.Error, "loader", $"firmware {RunningVersion} hangs without touching the clock; its thread is abandoned and the next boot starts beside it");
            }
        }

        private BootEnd Crashed(int slot, string why)
        {
            _log.Write(LogLevel.Error, "loader", $"firmware {RunningVersion} in slot {slot} crashed: {why}");
            if (_slots != null && _slots.State.Trial)
            {
                _slots.RecordTrialFailure(TrialFailure.Crash);
            }

            return BootEnd.Crashed;
        }
    }
}
