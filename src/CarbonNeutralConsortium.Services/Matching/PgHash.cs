using System.Buffers;
using System.Numerics;
using System.Text;

namespace CarbonNeutralConsortium.Services.Matching;

/// <summary>
/// PostgreSQL's <c>hashtext</c> for a deterministic collation (<c>hash_bytes</c> of src/common/hashfn.c, Bob Jenkins'
/// lookup3 on the UTF-8 bytes), so that the request's words can be compared in memory with the term hashes the
/// profile triggers store (<see cref="PartnerMatchProfile.TermHashes"/>). A test compares it with the server's.
/// </summary>
public static class PgHash
{
    public static int HashText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var length = Encoding.UTF8.GetByteCount(text);
        var rented = length <= 256 ? null : ArrayPool<byte>.Shared.Rent(length);
        try
        {
            Span<byte> bytes = rented is null ? stackalloc byte[length] : rented.AsSpan(0, length);
            Encoding.UTF8.GetBytes(text, bytes);
            return unchecked((int)HashBytes(bytes));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    public static uint HashBytes(ReadOnlySpan<byte> k)
    {
        var len = (uint)k.Length;
        uint a, b, c;
        a = b = c = 0x9e3779b9 + len + 3923095;
        while (len >= 12)
        {
            a += Word(k);
            b += Word(k[4..]);
            c += Word(k[8..]);
            Mix(ref a, ref b, ref c);
            k = k[12..];
            len -= 12;
        }

        // The last 0–11 bytes, little-endian (the cases fall through in the C original).
        switch (len)
        {
            case 11: c += (uint)k[10] << 24; goto case 10;
            case 10: c += (uint)k[9] << 16; goto case 9;
            case 9: c += (uint)k[8] << 8; goto case 8;
            case 8: b += (uint)k[7] << 24; goto case 7;
            case 7: b += (uint)k[6] << 16; goto case 6;
            case 6: b += (uint)k[5] << 8; goto case 5;
            case 5: b += k[4]; goto case 4;
            case 4: a += (uint)k[3] << 24; goto case 3;
            case 3: a += (uint)k[2] << 16; goto case 2;
            case 2: a += (uint)k[1] << 8; goto case 1;
            case 1: a += k[0]; break;
        }

        Final(ref a, ref b, ref c);
        return c;
    }

    private static uint Word(ReadOnlySpan<byte> k) => k[0] + ((uint)k[1] << 8) + ((uint)k[2] << 16) + ((uint)k[3] << 24);

    private static void Mix(ref uint a, ref uint b, ref uint c)
    {
        a -= c; a ^= BitOperations.RotateLeft(c, 4); c += b;
        b -= a; b ^= BitOperations.RotateLeft(a, 6); a += c;
        c -= b; c ^= BitOperations.RotateLeft(b, 8); b += a;
        a -= c; a ^= BitOperations.RotateLeft(c, 16); c += b;
        b -= a; b ^= BitOperations.RotateLeft(a, 19); a += c;
        c -= b; c ^= BitOperations.RotateLeft(b, 4); b += a;
    }

    private static void Final(ref uint a, ref uint b, ref uint c)
    {
        c ^= b; c -= BitOperations.RotateLeft(b, 14);
        a ^= c; a -= BitOperations.RotateLeft(c, 11);
        b ^= a; b -= BitOperations.RotateLeft(a, 25);
        c ^= b; c -= BitOperations.RotateLeft(b, 16);
        a ^= c; a -= BitOperations.RotateLeft(c, 4);
        b ^= a; b -= BitOperations.RotateLeft(a, 14);
        c ^= b; c -= BitOperations.RotateLeft(b, 24);
    }
}
