using Firmware.Host.Hardware;
using Firmware.Ports;

namespace Firmware.Host.Tests.Storage.Support
{
    /// <summary>Raw NOR: every operation is committed when it returns; a cut one is partial.</summary>
    public sealed class NorCutModel : CutModel
    {
        private SimulatedNorFlash _flash;

        public NorCutModel(int sectorSize, int sectors, int seed)
        {
            _flash = new SimulatedNorFlash(sectorSize * sectors, sectorSize, seed);
        }

        public SimulatedNorFlash Nor => _flash;

        public override IFlash Flash => _flash;

        public override long Operations => _flash.Operations;

        public override string Name => "nor";

        public override void CutAt(long operation) => _flash.CutPowerAtOperation(operation);

        public override void Reboot() => _flash = _flash.Reboot();
    }
}
