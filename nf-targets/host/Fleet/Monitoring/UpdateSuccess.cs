using System.Collections.Generic;

namespace Firmware.Host.Fleet.Monitoring
{
    /// <summary>
    /// The firmware update success rate, one definition for the monitor and the ground truth (docs/fleet.md): updates that
    /// succeeded (updated) over those that ended: updated, rolled back, or refused (the device refused the announced
    /// image or key update for good, which the rollout counts as a failed device too). Deferrals, ignored announces,
    /// hindered downloads and recoveries end no update.
    /// </summary>
    public static class UpdateSuccess
    {
        public const string Updated = "updated";

        public const string RolledBack = "rolled-back";

        public const string Refused = "rejected";

        /// <summary>True for an OTA outcome that ends an update.</summary>
        public static bool Ends(string outcome) => outcome == Updated || outcome == RolledBack || outcome == Refused;

        /// <summary>The rate over these OTA outcomes (each counted once), or null when none ended an update.</summary>
        public static double? Rate(IEnumerable<string> outcomes)
        {
            int ended = 0, updated = 0;
            foreach (string outcome in outcomes)
            {
                if (Ends(outcome))
                {
                    ended++;
                    updated += outcome == Updated ? 1 : 0;
                }
            }

            return ended == 0 ? null : (double)updated / ended;
        }
    }
}
