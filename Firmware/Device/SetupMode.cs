using Firmware.Ports;
using Firmware.Power;
using Firmware.Setup;
using Firmware.SetupPorts;
using Firmware.Storage;

namespace Firmware.Device
{
    /// <summary>
    /// Decides at boot whether the device opens its setup access point, and runs the setup session when it does. It opens
    /// when setup was asked for (<see cref="SetupRequest.Requested"/>: the setup button, a factory reset, a first
    /// connection that failed), or when the device has no Wi-Fi credentials at all (neither in its configuration nor
    /// stored by the target) and setup was not offered in vain since the last power-on. The target's radio must offer
    /// the setup side (<see cref="ISetupRadio"/>, asked for from <c>Platform.Network</c>); a board without it runs on.
    ///
    /// A boot that opens the access point ends with a restart: into the stored settings after success (its first wake
    /// reports in at once), or back to the device's normal wakes when time ran out. The access point's time is charged to
    /// the energy ledger as radio reception.
    /// </summary>
    public static class SetupMode
    {
        /// <summary>Runs setup if this boot calls for it; true when the boot ends here (the device restarts).</summary>
        public static bool Run(WakeContext wake)
        {
            Platform platform = wake.Platform;
            SetupRequest request = wake.Setup;
            ISetupRadio radio = platform.Network as ISetupRadio;
            if (request.Offered && wake.WakeReasonText == WakeReason.PowerOn)
            {
                request.Offered = false;
                Save(wake);
            }

            bool noCredentials = wake.Config.WifiSsid == null && (radio == null || !radio.HasStoredNetwork);
            if (!request.Requested && !(noCredentials && !request.Offered))
            {
                return false;
            }

            if (radio == null)
            {
                if (request.Requested)
                {
                    wake.Log.Write(LogLevel.Warning, "setup", "setup was asked for, but this board has no setup access point");
                    request.Requested = false;
                    Save(wake);
                }

                return false;
            }

            string hardwareId = platform.HardwareId != null && platform.HardwareId.Length > 0 ? platform.HardwareId : wake.Config.DeviceId;
            SetupIdentity identity = new SetupIdentity(AccessPointNames.For(platform.Relay != null ? "thermostat" : "sensor", hardwareId), hardwareId, wake.FirmwareVersion);
            AccessPointStart start = radio.StartAccessPoint(identity.AccessPointName);
            if (start == AccessPointStart.RestartNeeded)
            {
                wake.Log.Write(LogLevel.Info, "setup", "the access point '" + identity.AccessPointName + "' comes up at the next boot: restarting");
                request.Requested = true;
                return Restart(wake, true);
            }

            SetupOutcome outcome = SetupOutcome.Failed;
            if (start == AccessPointStart.Started)
            {
                wake.Ledger.Begin(PowerPhase.RadioReceive, wake.Clock.UptimeMilliseconds);
                SetupSession session = new SetupSession(radio, new DeviceSetupSettings(wake), identity, wake.Clock, wake.Log, platform.Battery, platform.Power);
                outcome = session.Run();
            }
            else
            {
                wake.Log.Write(LogLevel.Error, "setup", "the access point cannot be started: " + radio.LastError);
            }

            radio.StopAccessPoint();
            if (outcome != SetupOutcome.Stored)
            {
                // Not opened again by itself until the next power-on (the button still opens it).
                request.Requested = false;
                request.Offered = true;
            }

            return Restart(wake, outcome != SetupOutcome.Stopped);
        }

        /// <summary>Saves the flags and the wake state (the ledger with the access point's time), then restarts when asked.</summary>
        private static bool Restart(WakeContext wake, bool reboot)
        {
            wake.Setup.Save(wake.Storage.State);
            wake.ChargeWake();
            wake.State.LastSleepMilliseconds = -1;
            wake.State.RebootRequested = reboot;
            wake.SaveState();
            if (reboot)
            {
                wake.Platform.Power.Reboot();
            }

            return true;
        }

        private static void Save(WakeContext wake)
        {
            wake.Setup.Save(wake.Storage.State);
            wake.Storage.State.Sync();
        }
    }
}
