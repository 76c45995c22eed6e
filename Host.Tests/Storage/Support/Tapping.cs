using System;

namespace Firmware.Host.Tests.Storage.Support
{
    public static class Tapping
    {
        /// <summary>Runs an action on a value and returns it, to keep a set-up inside one expression.</summary>
        public static T Tap<T>(this T value, Action<T> action)
        {
            action(value);
            return value;
        }
    }
}
