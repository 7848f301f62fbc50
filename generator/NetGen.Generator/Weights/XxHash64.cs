namespace NetGen.Generator.Weights;

/// <summary>
/// XxHash64 with seed 0 (Yann Collet's algorithm, as <c>System.IO.Hashing.XxHash64</c>, which the compiler cannot be
/// assumed to load): the checksum of NetGen's files. Tested against System.IO.Hashing.
/// </summary>
internal static class XxHash64
{
    private const ulong Prime1 = 0x9E3779B185EBCA87;
    private const ulong Prime2 = 0xC2B2AE3D27D4EB4F;
    private const ulong Prime3 = 0x165667B19E3779F9;
    private const ulong Prime4 = 0x85EBCA77C2B2AE63;
    private const ulong Prime5 = 0x27D4EB2F165667C5;

    public static ulong Hash(byte[] data)
    {
        var length = data.Length;
        var at = 0;
        ulong hash;
        if (length >= 32)
        {
            ulong v1 = unchecked(Prime1 + Prime2), v2 = Prime2, v3 = 0, v4 = unchecked(0 - Prime1);
            for (; at <= length - 32; at += 32)
            {
                v1 = Round(v1, Read64(data, at));
                v2 = Round(v2, Read64(data, at + 8));
                v3 = Round(v3, Read64(data, at + 16));
                v4 = Round(v4, Read64(data, at + 24));
            }

            hash = unchecked(Rotate(v1, 1) + Rotate(v2, 7) + Rotate(v3, 12) + Rotate(v4, 18));
            hash = Merge(hash, v1);
            hash = Merge(hash, v2);
            hash = Merge(hash, v3);
            hash = Merge(hash, v4);
        }
        else
        {
            hash = Prime5;
        }

        unchecked
        {
            hash += (ulong)length;
            for (; at <= length - 8; at += 8)
            {
                hash ^= Round(0, Read64(data, at));
                hash = (Rotate(hash, 27) * Prime1) + Prime4;
            }

            if (at <= length - 4)
            {
                hash ^= Read32(data, at) * Prime1;
                hash = (Rotate(hash, 23) * Prime2) + Prime3;
                at += 4;
            }

            for (; at < length; at++)
            {
                hash ^= data[at] * Prime5;
                hash = Rotate(hash, 11) * Prime1;
            }

            hash ^= hash >> 33;
            hash *= Prime2;
            hash ^= hash >> 29;
            hash *= Prime3;
            hash ^= hash >> 32;
        }

        return hash;
    }

    private static ulong Round(ulong accumulator, ulong lane) => unchecked(Rotate(accumulator + (lane * Prime2), 31) * Prime1);

    private static ulong Merge(ulong hash, ulong lane) => unchecked(((hash ^ Round(0, lane)) * Prime1) + Prime4);

    private static ulong Rotate(ulong value, int bits) => (value << bits) | (value >> (64 - bits));

    private static ulong Read64(byte[] data, int at) => Read32(data, at) | ((ulong)Read32(data, at + 4) << 32);

    private static ulong Read32(byte[] data, int at) =>
        data[at] | ((ulong)data[at + 1] << 8) | ((ulong)data[at + 2] << 16) | ((ulong)data[at + 3] << 24);
}
