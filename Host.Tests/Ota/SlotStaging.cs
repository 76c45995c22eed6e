using System;
using Firmware.Boot;
using Firmware.Host.Boot;
using Firmware.Ports;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Ota
{
    /// <summary>Installs a bundle as the updater would, without a manifest or a download: for loader and twin tests.</summary>
    internal static class SlotStaging
    {
        /// <summary>Writes <paramref name="bundle"/> into the free slot and marks it pending, as the updater does after verifying it.</summary>
        public static void StagePending(ManagedUpdateSlots slots, byte[] bundle)
        {
            slots.BeginBoot(WakeCause.PowerOn);
            SlotDescriptor descriptor = HostLoader.Describe(bundle);
            slots.OpenStaging(descriptor, new byte[] { 1 }, 0, 1);
            while (slots.EraseNextSector())
            {
            }

            for (int i = 0; i * 4096 < bundle.Length; i++)
            {
                int n = Math.Min(4096, bundle.Length - (i * 4096));
                Assert.IsTrue(slots.WriteChunk(i, bundle.AsSpan(i * 4096, n).ToArray(), 0, n));
            }

            slots.MarkPending();
        }
    }
}
