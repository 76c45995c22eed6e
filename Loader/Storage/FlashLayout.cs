using Firmware.Ports;

namespace Firmware.Storage
{
    /// <summary>
    /// How the flash region is shared: each user gets its own sectors, so a bug or a cut in one can never
    /// reach another's data. In order from sector 0:
    /// <code>
    ///   boot control (2) | OTA slot A | OTA slot B | state store (2) | reading log (the rest, at least 3)
    /// </code>
    /// The loader reads boot control and the slots through this same layout, so it is frozen: the same
    /// region always yields the same partitions. Everything before the log has a fixed size, so a
    /// region of another size only changes the log.
    /// </summary>
    public sealed class FlashLayout
    {
        /// <summary>Two copies of the boot-control record, one per sector.</summary>
        public const int BootControlSectors = 2;

        /// <summary>The state store rotates between two sectors.</summary>
        public const int StateSectors = 2;

        /// <summary>The reading log keeps one sector free ahead of its head and one to retire: three at least.</summary>
        public const int MinimumLogSectors = 3;

        /// <summary>
        /// Bytes of one OTA slot in the standard layout of a board: room for a bundle of our .pe assemblies, with
        /// room to grow over a device's life, because the loader that fixes the layout is never updated (the ESP32
        /// bundle is about 270 KB; docs/ota.md). A target whose bundles are larger (the host twin's desktop
        /// assemblies) gives its own size to <see cref="Standard(IFlash, int)"/> and to <see cref="Platform.SlotBytes"/>.
        /// </summary>
        public const int StandardSlotBytes = 384 * 1024;

        /// <summary>The standard layout gives the slots their room only if the log keeps at least this many sectors.</summary>
        public const int MinimumLogSectorsBesideSlots = 16;

        /// <summary>Smallest sector the formats accept.</summary>
        public const int MinimumSectorSize = 128;

        private FlashLayout(IFlash region, int slotSectors)
        {
            int sectors = region.Size / region.SectorSize;
            int at = 0;
            BootControl = new FlashPartition(region, at, BootControlSectors);
            at += BootControlSectors;
            if (slotSectors > 0)
            {
                SlotA = new FlashPartition(region, at, slotSectors);
                at += slotSectors;
                SlotB = new FlashPartition(region, at, slotSectors);
                at += slotSectors;
            }

            State = new FlashPartition(region, at, StateSectors);
            at += StateSectors;
            Log = new FlashPartition(region, at, sectors - at);
            SlotSectors = slotSectors;
        }

        public FlashPartition BootControl { get; private set; }

        /// <summary>OTA slot A, or null when the region has no room for slots.</summary>
        public FlashPartition SlotA { get; private set; }

        /// <summary>OTA slot B, or null when the region has no room for slots.</summary>
        public FlashPartition SlotB { get; private set; }

        public FlashPartition State { get; private set; }

        public FlashPartition Log { get; private set; }

        /// <summary>Sectors per OTA slot; 0 when there are no slots.</summary>
        public int SlotSectors { get; private set; }

        /// <summary>
        /// The standard layout: two slots of <see cref="StandardSlotBytes"/> when the log keeps at least
        /// <see cref="MinimumLogSectorsBesideSlots"/> sectors beside them, otherwise no slots.
        /// </summary>
        public static FlashLayout Standard(IFlash region)
        {
            return Standard(region, StandardSlotBytes);
        }

        /// <summary>
        /// The standard layout with slots of <paramref name="slotBytes"/> (a whole number of sectors) when the log
        /// keeps at least <see cref="MinimumLogSectorsBesideSlots"/> sectors beside them, otherwise no slots.
        /// </summary>
        public static FlashLayout Standard(IFlash region, int slotBytes)
        {
            CheckRegion(region);
            if (slotBytes <= 0 || slotBytes % region.SectorSize != 0)
            {
                throw new System.ArgumentException("a slot must be a whole, positive number of " + region.SectorSize.ToString()
                    + "-byte sectors, not " + slotBytes.ToString() + " bytes", "slotBytes");
            }

            int sectors = region.Size / region.SectorSize;
            int slot = slotBytes / region.SectorSize;
            int withSlots = BootControlSectors + (2 * slot) + StateSectors + MinimumLogSectorsBesideSlots;
            return Create(region, sectors >= withSlots ? slot : 0);
        }

        /// <summary>A layout with <paramref name="slotSectors"/> sectors per OTA slot (0: none).</summary>
        public static FlashLayout Create(IFlash region, int slotSectors)
        {
            CheckRegion(region);
            if (slotSectors < 0)
            {
                throw new System.ArgumentOutOfRangeException("slotSectors", "must not be negative");
            }

            int sectors = region.Size / region.SectorSize;
            int needed = BootControlSectors + (2 * slotSectors) + StateSectors + MinimumLogSectors;
            if (sectors < needed)
            {
                throw new System.ArgumentException("the flash region has " + sectors.ToString() + " sectors; this layout needs at least "
                    + needed.ToString() + " (boot control 2, slots 2 x " + slotSectors.ToString() + ", state 2, log 3)");
            }

            return new FlashLayout(region, slotSectors);
        }

        /// <summary>Throws <see cref="System.ArgumentException"/> unless the region has a usable geometry.</summary>
        public static void CheckRegion(IFlash region)
        {
            if (region == null)
            {
                throw new System.ArgumentNullException("region");
            }

            int sector = region.SectorSize;
            if (sector < MinimumSectorSize || (sector & (sector - 1)) != 0)
            {
                throw new System.ArgumentException("the sector size must be a power of two of at least "
                    + MinimumSectorSize.ToString() + " bytes, not " + sector.ToString());
            }

            if (region.Size <= 0 || region.Size % sector != 0)
            {
                throw new System.ArgumentException("the region size " + region.Size.ToString() + " is not a whole number of "
                    + sector.ToString() + "-byte sectors");
            }
        }
    }
}
