using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Reflection;
using System.Threading;
using Firmware.Boot;
using Firmware.Device;
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
    /// its wake in time is reset and the hang counted) and counts a crash of an image on trial. After a deep sleep
    /// the next boot creates the application afresh from the same loaded assemblies when the slot and its image are
    /// unchanged (the host's JIT would otherwise compile the firmware again at every wake; the firmware keeps no
    /// state in statics but caches); any other boot loads the bundle again. A sleep or reboot
    /// the firmware's wake watchdog forces from its own thread ends the boot as it would on a board: the hung
    /// application thread is stopped, and abandoned if it does not unwind. Without slots (a flash region too small
    /// for them) it runs the twin's own build, as the ESP32 loader runs the application deployed beside it.
    /// </summary>
    public sealed class HostLoader
    {
        /// <summary>The hardware model the twin's loader was "built" for: manifests for the twin name it.</summary>
        public const string HardwareModel = "host-twin";


        private readonly ManagedUpdateSlots _slots;
        private readonly ITwinClock _clock;
        private readonly ILog _log;
        private volatile bool _stopped;
        private BundleLoadContext _kept;
        private Type _keptEntry;
        private int _keptSlot;
        private byte[] _keptImage;
        private long _keptLoadMilliseconds;

        /// <param name="slots">The slots and boot control; null for a region without them (the twin's own build runs).</param>
        public HostLoader(ManagedUpdateSlots slots, ITwinClock clock, ILog log)
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

        /// <summary>Size of the bundle the last boot ran, bytes (0 without slots).</summary>
        public int BundleBytes { get; private set; }

        /// <summary>The measured load time of that bundle, ms, charged to every boot that runs it.</summary>
        public long LoadMilliseconds => _keptLoadMilliseconds;

        /// <summary>Slot the last boot ran.</summary>
        public int RunningSlot { get; private set; } = BootControlRecord.NoSlot;

        /// <summary>How long a stopped application thread may take to unwind (real time) before it is abandoned.</summary>
        public TimeSpan UnwindLimit { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>
        /// The factory bundle deployed with the loader (the twin's build), restored as the last resort when the
        /// confirmed image does not load and the other slot holds no fall-back; null for none.
        /// </summary>
        public byte[] FactoryImage { get; set; }

        /// <summary>Application threads the loader stopped that did not unwind in time and were left behind.</summary>
        public int AbandonedThreads { get; private set; }

        /// <summary>
        /// When set, bundles are loaded once per image into contexts shared with every loader that has the same cache (a
        /// fleet in one process), checked against the slot's SHA-256 first; null, the default, for a context per device.
        /// </summary>
        public BundleContextCache SharedBundles { get; set; }

        /// <summary>
        /// Runs the application on the caller's thread instead of a thread of its own per boot (a fleet, where a device's
        /// thread is its whole life): cheaper, but a hang is not reset (the trial deadline is checked only when the
        /// application returns), so it is for simulations that model no hangs.
        /// </summary>
        public bool RunsInline { get; set; }

        /// <summary>True when the board's power was cut during the boot (the simulation's); the loader then writes nothing.</summary>
        public Func<bool> PowerLost { get; set; }

        /// <summary>
        /// A defect the simulation gives a release on this board: asked with the version about to boot, it answers why
        /// that image crashes as it starts, or null. The loader sees a crash, as it would on a board.
        /// </summary>
        public Func<string, string> CrashOnBoot { get; set; }

        /// <summary>
        /// The factory bundle: the firmware assemblies the twin itself was built with (<see cref="FirmwareAssemblies"/>),
        /// entry <see cref="Application"/>, at the build's version (<see cref="RunningFirmware.BuildVersion"/>).
        /// </summary>
        public static byte[] FactoryBundle()
        {
            SemanticVersion version = SemanticVersion.Parse(RunningFirmware.BuildVersion);
            List<(string Name, byte[] Bytes)> files = new List<(string Name, byte[] Bytes)>();
            foreach (Assembly assembly in FirmwareAssemblies())
            {
                files.Add(AssemblyFile(assembly));
            }

            return BundleWriter.Build(version, 0, typeof(Application).FullName, EntryIndex(files, typeof(Application).Assembly.GetName().Name), files.ToArray());
        }

        /// <summary>
        /// The updatable assemblies of the twin's build in load order (every one after the assemblies it references):
        /// the firmware assemblies the entry assembly reaches (the setup ports included, as in a board's bundle), then the
        /// drivers. The frozen loader core and the framework are not in a bundle.
        /// </summary>
        public static IReadOnlyList<Assembly> FirmwareAssemblies()
        {
            List<Assembly> ordered = new List<Assembly>();
            AddWithReferences(typeof(Application).Assembly, ordered);
            AddWithReferences(typeof(Firmware.Drivers.SimulatedClimate.SimulatedClimateSensor).Assembly, ordered);
            return ordered;
        }

        /// <summary>Index of the named assembly in a bundle's list.</summary>
        public static int EntryIndex(IReadOnlyList<(string Name, byte[] Bytes)> files, string name)
        {
            for (int i = 0; i < files.Count; i++)
            {
                if (files[i].Name == name)
                {
                    return i;
                }
            }

            throw new ArgumentException($"the bundle holds no assembly {name}");
        }

        private static void AddWithReferences(Assembly assembly, List<Assembly> ordered)
        {
            if (ordered.Contains(assembly))
            {
                return;
            }

            foreach (AssemblyName reference in assembly.GetReferencedAssemblies())
            {
                if (reference.Name.StartsWith("Firmware.", StringComparison.Ordinal) && reference.Name != BundleLoadContext.SharedAssembly)
                {
                    AddWithReferences(Assembly.Load(reference), ordered);
                }
            }

            ordered.Add(assembly);
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
            if (platform.Power is HostPower hostPower)
            {
                // A new boot: the power port forgets the last boot's sleep or reboot request.
                hostPower.BeginBoot(cause);
            }

            if (_slots == null)
            {
                RunningVersion = RunningFirmware.BuildVersion;
                return Run(new Application(), platform, BootControlRecord.NoSlot);
            }

            BootControlRecord before = new BootControlRecord();
            bool recorded = _slots.ReadRecord(before);
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
            if (!recorded || before.OutcomeId != _slots.State.Record.OutcomeId)
            {
                SayRollback();
            }
            BundleBytes = descriptor.ImageSize;
            bool reuse = cause == WakeCause.Timer && _keptEntry != null && _keptSlot == slot && _keptImage.AsSpan().SequenceEqual(descriptor.ImageSha256);
            if (!reuse)
            {
                ReleaseBundle();
                try
                {
                    _keptEntry = SharedBundles != null ? LoadShared(slot, descriptor) : LoadOwn(slot, descriptor);
                }
                catch (Exception e) when (e is InvalidDataException || e is BadImageFormatException || e is TargetInvocationException || e is MissingMethodException || e is InvalidCastException || e is FileLoadException)
                {
                    return LoadFailed(slot, e.Message);
                }

                _keptSlot = slot;
                _keptImage = (byte[])descriptor.ImageSha256.Clone();
            }

            // A board loads its bundle at every boot: a boot that reuses the loaded assemblies spends the measured load
            // time in device time, and every boot is charged it.
            if (reuse && _keptLoadMilliseconds > 0)
            {
                _clock.Sleep((int)_keptLoadMilliseconds);
            }

            _slots.State.LoadMilliseconds = _keptLoadMilliseconds;
            IApplication application;
            try
            {
                application = (IApplication)Activator.CreateInstance(_keptEntry);
            }
            catch (TargetInvocationException e)
            {
                ReleaseBundle();
                return Crashed(slot, "the entry type's constructor failed: " + e.InnerException?.Message);
            }

            if (_log.IsEnabled(LogLevel.Info))
            {
                _log.Write(LogLevel.Info, "loader", $"booting slot {slot}: firmware {descriptor.VersionText}" + (_slots.State.Trial ? $" on trial ({_slots.State.Record.TrialAttemptsLeft} attempts left)" : ""));
            }

            platform.Slots = _slots;
            BootEnd end = Run(application, platform, slot);
            if (end == BootEnd.PowerCut)
            {
                ReleaseBundle();
                return end;
            }

            if (end != BootEnd.Returned || !(platform.Power is HostPower power) || power.RequestedSleepMilliseconds < 0)
            {
                // Anything but a deep sleep (a reboot, a crash, a reset, the end of the run) loads the bundle afresh.
                ReleaseBundle();
            }

            return end;
        }

        /// <summary>
        /// Says plainly, as the events topic will once the firmware reaches the broker, that this boot rolled back an image
        /// that used up its trial attempts (boot control's outcome changed at <see cref="ManagedUpdateSlots.BeginBoot"/>).
        /// </summary>
        private void SayRollback()
        {
            BootControlRecord record = _slots.State.Record;
            if (record.Outcome != BootOutcome.RolledBack)
            {
                return;
            }

            SlotDescriptor failed = new SlotDescriptor();
            string version = _slots.ReadDescriptor(record.OutcomeSlot, failed) ? "firmware " + failed.VersionText : "the image";
            _log.Write(LogLevel.Warning, "loader", $"rolled back to {RunningVersion} ({TrialFailure.Name(record.OutcomeReason)}): {version} in slot {record.OutcomeSlot} used up its trial attempts");
        }

        /// <summary>Unloads the bundle kept loaded across deep sleeps (a shared one stays loaded); the next boot loads the slot's bundle again.</summary>
        public void ReleaseBundle()
        {
            _kept?.Unload();
            _kept = null;
            _keptEntry = null;
            _keptImage = null;
        }

        /// <summary>Loads the slot's bundle into a context of this loader's own, measuring the load time.</summary>
        private Type LoadOwn(int slot, SlotDescriptor descriptor)
        {
            BundleLoadContext context = new BundleLoadContext($"slot{slot}-{descriptor.VersionText}");
            LastContext = new WeakReference(context);
            try
            {
                Stopwatch load = Stopwatch.StartNew();
                Type entry = Load(context, ReadImage(slot, descriptor));
                _keptLoadMilliseconds = load.ElapsedMilliseconds;
                _kept = context;
                return entry;
            }
            catch
            {
                context.Unload();
                throw;
            }
        }

        /// <summary>The slot's bundle from the shared contexts, after its bytes are checked against the slot's SHA-256.</summary>
        private Type LoadShared(int slot, SlotDescriptor descriptor)
        {
            byte[] image = ReadImage(slot, descriptor);
            byte[] hash = System.Security.Cryptography.SHA256.HashData(image);
            if (!hash.AsSpan().SequenceEqual(descriptor.ImageSha256))
            {
                throw new InvalidDataException($"slot {slot}: the image (firmware {descriptor.VersionText}, {image.Length} bytes) does not match its SHA-256");
            }

            Type entry = SharedBundles.EntryFor(hash, $"{descriptor.VersionText}-{Convert.ToHexString(hash, 0, 4)}", context => Load(context, image), out long loadMilliseconds);
            _keptLoadMilliseconds = loadMilliseconds;
            return entry;
        }

        private byte[] ReadImage(int slot, SlotDescriptor descriptor)
        {
            byte[] image = new byte[descriptor.ImageSize];
            _slots.ReadImage(slot, 0, image, 0, image.Length);
            return image;
        }

        /// <summary>Loads the bundle's assemblies into the context; returns the entry type, checked to be an application.</summary>
        private static Type Load(BundleLoadContext context, byte[] image)
        {
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
            if (type.GetConstructor(Type.EmptyTypes) == null)
            {
                throw new InvalidDataException($"{bundle.EntryTypeName} has no public parameterless constructor");
            }

            if (!typeof(IApplication).IsAssignableFrom(type))
            {
                throw new InvalidDataException($"{bundle.EntryTypeName} does not implement {typeof(IApplication).FullName}");
            }

            return type;
        }

        private BootEnd Run(IApplication application, Platform platform, int slot)
        {
            if (RunsInline)
            {
                return RunInline(application, platform, slot);
            }

            Exception failure = null;
            Thread thread = new Thread(() =>
            {
                try
                {
                    Start(application, platform);
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

            return Ended(failure, slot);
        }

        /// <summary>The application on this thread (see <see cref="RunsInline"/>).</summary>
        private BootEnd RunInline(IApplication application, Platform platform, int slot)
        {
            Exception failure = null;
            try
            {
                Start(application, platform);
            }
            catch (Exception e)
            {
                failure = e;
            }

            return Ended(failure, slot);
        }

        /// <summary>Runs the application, unless the simulation gave this release a defect that crashes it as it starts.</summary>
        private void Start(IApplication application, Platform platform)
        {
            string defect = CrashOnBoot?.Invoke(RunningVersion);
            if (defect != null)
            {
                throw new InvalidOperationException(defect);
            }

            application.Run(platform);
        }

        /// <summary>How a boot whose application has stopped ended: a power cut (nothing is written), a crash, or a return.</summary>
        private BootEnd Ended(Exception failure, int slot)
        {
            if (PowerLost?.Invoke() == true)
            {
                return BootEnd.PowerCut;
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

        /// <summary>
        /// The chosen image does not load: an image on trial counts a crash; a confirmed one falls back to the other
        /// slot's proven image, or to the factory image, and the device restarts into it; with neither it sleeps.
        /// </summary>
        private BootEnd LoadFailed(int slot, string why)
        {
            _log.Write(LogLevel.Error, "loader", $"firmware {RunningVersion} in slot {slot} does not load: {why}");
            int next = _slots.RecoverFromLoadFailure();
            if (next != BootControlRecord.NoSlot)
            {
                _log.Write(LogLevel.Warning, "loader", $"recovered: slot {next} holds a proven image that matches its SHA-256; restarting into it");
                return BootEnd.Crashed;
            }

            if (_slots.State.Trial || _slots.State.Record.ActiveSlot != slot)
            {
                // A failed attempt of the image on trial (or a rollback it caused): the next boot decides.
                return BootEnd.Crashed;
            }

            string noFallback = _slots.RecoveryError;
            if (FactoryImage != null)
            {
                if (_slots.RestoreFactory(Describe(FactoryImage), FactoryImage, 0, FactoryImage.Length))
                {
                    _log.Write(LogLevel.Warning, "loader", $"recovered: {noFallback}; the factory image is restored into slot {_slots.State.RunningSlot}; restarting into it");
                    return BootEnd.Crashed;
                }

                noFallback += "; " + _slots.RecoveryError;
            }

            _log.Write(LogLevel.Error, "loader", $"no image to run: {noFallback}; sleeping {ManagedUpdateSlots.UnbootableRetryMilliseconds / 60000} min before trying again");
            return BootEnd.Unbootable;
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
