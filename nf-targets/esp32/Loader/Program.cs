using System;
using System.Reflection;
using System.Threading;
using Firmware.Boot;
using Firmware.Ports;
using Firmware.Storage;
using nanoFramework.Runtime.Native;

namespace Firmware.Esp32.Loader
{
    /// <summary>
    /// The frozen loader: the only code that is flashed once and never updated over the air. It finds the
    /// application (the type implementing <see cref="IApplication"/> in the application bundle), starts it,
    /// and restarts the device if it ever returns. It binds to the application by name only, so any later
    /// application version can be started by this loader.
    /// </summary>
    public static class Program
    {
        /// <summary>The application bundle's entry assembly and type.</summary>
        public const string ApplicationAssembly = "Firmware.Esp32";
        public const string ApplicationType = "Firmware.Esp32.Esp32Application";

        public static void Main()
        {
            Console.WriteLine("loader: starting " + ApplicationType);
            try
            {
                IApplication application = LoadApplication();
                Platform platform = new Platform();
                platform.Flash = OpenFlash();
                application.Run(platform);
                Console.WriteLine("loader: the application returned; restarting");
            }
            catch (Exception e)
            {
                // A crash of the application is a fault boot; the application counts it on its next start.
                Console.WriteLine("loader: the application failed: " + e.Message);
                Thread.Sleep(1000);
            }

            Power.RebootDevice();
        }

        /// <summary>
        /// The flash region every user shares (boot control, OTA slots, state store, reading log): one 4 KiB
        /// file per sector on I:, sized by <see cref="StorageProfile"/>.
        /// </summary>
        private static IFlash OpenFlash()
        {
            LittlefsFileStore files = new LittlefsFileStore(StorageProfile.Folder);
            return new SectorFileFlash(files, StorageProfile.Folder + "\\", StorageProfile.SectorSize, StorageProfile.Sectors);
        }

        /// <summary>
        /// Loads the application assembly deployed beside the loader and creates its entry object. (The
        /// signed A/B slots of the OTA design replace the name with the active slot's bytes, through
        /// Assembly.Load(byte[]).)
        /// </summary>
        private static IApplication LoadApplication()
        {
            Assembly assembly = Assembly.Load(ApplicationAssembly);
            Type type = assembly.GetType(ApplicationType);
            if (type == null)
            {
                throw new InvalidOperationException(ApplicationAssembly + " has no type " + ApplicationType);
            }

            ConstructorInfo constructor = type.GetConstructor(new Type[0]);
            return (IApplication)constructor.Invoke(null);
        }
    }
}
