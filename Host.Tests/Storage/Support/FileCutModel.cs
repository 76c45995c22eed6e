using Firmware.Host.Hardware;
using Firmware.Ports;
using Firmware.Storage;

namespace Firmware.Host.Tests.Storage.Support
{
    /// <summary>The ESP32 adapter (one file per sector) over a file store whose files fall back to their last write at a cut.</summary>
    public sealed class FileCutModel : CutModel
    {
        private readonly int _sectorSize;
        private readonly int _sectors;
        private SimulatedFileStore _files;
        private SectorFileFlash _flash;

        public FileCutModel(int sectorSize, int sectors, int seed)
        {
            _sectorSize = sectorSize;
            _sectors = sectors;
            _files = new SimulatedFileStore(seed);
            _flash = new SectorFileFlash(_files, "flash/", sectorSize, sectors);
        }

        public SimulatedFileStore Files => _files;

        public override IFlash Flash => _flash;

        public override long Operations => _files.Operations;

        public override string Name => "files";

        public override void CutAt(long operation) => _files.CutPowerAtOperation(operation);

        public override void Reboot()
        {
            _files = _files.Reboot();
            _flash = new SectorFileFlash(_files, "flash/", _sectorSize, _sectors);
        }
    }
}
