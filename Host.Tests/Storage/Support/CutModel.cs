using Firmware.Ports;

namespace Firmware.Host.Tests.Storage.Support
{
    /// <summary>
    /// A flash model that can lose power at a chosen operation: raw NOR, or the ESP32 adapter over the
    /// littlefs-like file store. The sweeps run every workload on both.
    /// </summary>
    public abstract class CutModel
    {
        /// <summary>The flash the firmware objects use; replaced by <see cref="Reboot"/>.</summary>
        public abstract IFlash Flash { get; }

        /// <summary>Mutating operations so far; the cut index counts these.</summary>
        public abstract long Operations { get; }

        public abstract string Name { get; }

        /// <summary>Interrupts the operation with this index.</summary>
        public abstract void CutAt(long operation);

        /// <summary>Power comes back: new objects over the same stored bytes.</summary>
        public abstract void Reboot();

        public static CutModel Create(string name, int sectorSize, int sectors, int seed)
        {
            return name switch
            {
                "nor" => new NorCutModel(sectorSize, sectors, seed),
                "files" => new FileCutModel(sectorSize, sectors, seed),
                _ => throw new System.ArgumentException("unknown model " + name),
            };
        }
    }
}
