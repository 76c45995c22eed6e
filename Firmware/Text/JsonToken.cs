namespace Firmware.Text
{
    /// <summary>What <see cref="JsonReader.Read"/> stopped on.</summary>
    public enum JsonToken
    {
        None = 0,
        StartObject = 1,
        EndObject = 2,
        StartArray = 3,
        EndArray = 4,
        PropertyName = 5,
        String = 6,
        Number = 7,
        True = 8,
        False = 9,
        Null = 10,

        /// <summary>The single top-level value was read completely and only white space followed.</summary>
        EndOfInput = 11,

        /// <summary>The input is not valid JSON; <see cref="JsonReader.Error"/> says where and why.</summary>
        Invalid = 12,
    }
}
