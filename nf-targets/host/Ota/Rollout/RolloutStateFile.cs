using System;
using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Firmware.Host.Ota.Rollout
{
    /// <summary>
    /// A rollout's state file: JSON, written whole after every change to a temporary file beside it and renamed over it,
    /// so a crash or Ctrl+C leaves either the old state or the new one. A file that is not a rollout state, or one of
    /// another format, is refused with what is wrong and never overwritten.
    /// </summary>
    public static class RolloutStateFile
    {
        public const string Kind = "ota-rollout";

        public const int Format = 1;

        private static readonly JsonSerializerOptions Json = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            WriteIndented = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };

        public static void Save(RolloutState state, string path)
        {
            string full = Path.GetFullPath(path);
            string temporary = full + ".tmp";
            File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(state, Json));
            File.Move(temporary, full, overwrite: true);
        }

        public static RolloutState Load(string path)
        {
            if (!File.Exists(path))
            {
                throw new RolloutStateException($"no state file '{path}' (ota rollout start writes one)");
            }

            RolloutState state;
            try
            {
                state = JsonSerializer.Deserialize<RolloutState>(File.ReadAllBytes(path), Json);
            }
            catch (JsonException e)
            {
                throw new RolloutStateException($"the state file '{path}' is not a rollout's state: {e.Message}");
            }

            if (state == null || state.Kind != Kind)
            {
                throw new RolloutStateException($"the state file '{path}' is not a rollout's state (its kind is '{state?.Kind}', not '{Kind}')");
            }

            if (state.Format != Format)
            {
                throw new RolloutStateException($"the state file '{path}' has format {state.Format}; this tool reads format {Format}");
            }

            string problem = state.Release?.Manifest == null || state.Release.Version == null ? "it names no release" : state.Plan?.Check();
            if (problem == null && state.ClientId == null)
            {
                problem = "it names no client id";
            }

            if (problem == null)
            {
                foreach (DeviceRollout device in state.Devices.Values)
                {
                    if (device.Id == null || device.Wave < 0 || device.Wave >= state.WaveStarts.Count
                        || !(device.State == DeviceState.Pending || device.State == DeviceState.Session || DeviceState.Decided(device.State)))
                    {
                        problem = $"device '{device.Id}' has wave {device.Wave} and state '{device.State}'";
                        break;
                    }
                }
            }

            if (problem != null)
            {
                throw new RolloutStateException($"the state file '{path}' is damaged: {problem}");
            }

            try
            {
                RolloutRelease.Of(state.Release.Manifest, "the state file's release");
            }
            catch (InvalidDataException e)
            {
                throw new RolloutStateException($"the state file '{path}' is damaged: {e.Message}");
            }

            return state;
        }
    }
}
