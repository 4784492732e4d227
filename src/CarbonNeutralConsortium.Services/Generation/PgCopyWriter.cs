using System.Buffers.Binary;
using System.Text;

namespace CarbonNeutralConsortium.Services.Generation;

/// <summary>
/// Writes rows in PostgreSQL's binary COPY format straight into a byte buffer (no per-value objects), flushed to the
/// raw COPY stream of Npgsql (<c>BeginRawBinaryCopy</c>). Strings from the generator's pools arrive already encoded
/// (UTF-8 byte arrays); composed values (a title made of fragments, a JSON document, an array) are written in place
/// and their length filled in afterwards (<see cref="BeginValue"/> / <see cref="EndValue"/>).
/// </summary>
internal sealed class PgCopyWriter : IDisposable
{
    /// <summary>PostgreSQL's OID of text (the element type of text[] columns).</summary>
    private const int TextOid = 25;

    private const int FlushAt = 1 << 20;

    private static readonly byte[] Header = [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0, 0, 0, 0, 0, 0, 0, 0, 0];

    private readonly Stream _output;
    private byte[] _buffer = new byte[FlushAt * 2];
    private int _position;

    public PgCopyWriter(Stream output)
    {
        _output = output;
        Raw(Header);
    }

    public long Rows { get; private set; }

    /// <summary>Starts a row of <paramref name="fields"/> values. Full buffers are sent only here, between rows.</summary>
    public void Row(short fields)
    {
        if (_position >= FlushAt)
        {
            Flush();
        }

        Ensure(2);
        BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(_position), fields);
        _position += 2;
        Rows++;
    }

    public void Null() => Int32Raw(-1);

    public void Uuid(Uid id)
    {
        Ensure(20);
        var span = _buffer.AsSpan(_position);
        BinaryPrimitives.WriteInt32BigEndian(span, 16);
        BinaryPrimitives.WriteUInt64BigEndian(span[4..], id.Hi);
        BinaryPrimitives.WriteUInt64BigEndian(span[12..], id.Lo);
        _position += 20;
    }

    public void UuidOrNull(Uid? id)
    {
        if (id is { } value)
        {
            Uuid(value);
        }
        else
        {
            Null();
        }
    }

    public void Int32(int value)
    {
        Ensure(8);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_position), 4);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_position + 4), value);
        _position += 8;
    }

    /// <summary>An int, or NULL when negative.</summary>
    public void Int32OrNull(int value)
    {
        if (value < 0)
        {
            Null();
        }
        else
        {
            Int32(value);
        }
    }

    public void Int64(long value)
    {
        Ensure(12);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_position), 8);
        BinaryPrimitives.WriteInt64BigEndian(_buffer.AsSpan(_position + 4), value);
        _position += 12;
    }

    /// <summary>A bigint, or NULL when negative.</summary>
    public void Int64OrNull(long value)
    {
        if (value < 0)
        {
            Null();
        }
        else
        {
            Int64(value);
        }
    }

    public void Float64(double value)
    {
        Ensure(12);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_position), 8);
        BinaryPrimitives.WriteDoubleBigEndian(_buffer.AsSpan(_position + 4), value);
        _position += 12;
    }

    public void Bool(bool value)
    {
        Ensure(5);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_position), 1);
        _buffer[_position + 4] = value ? (byte)1 : (byte)0;
        _position += 5;
    }

    /// <summary>A timestamptz (microseconds since 2000-01-01 UTC).</summary>
    public void Timestamp(long instant) => Int64(instant);

    /// <summary>A timestamptz, or NULL when 0 (no generated instant is exactly midnight 2000-01-01).</summary>
    public void TimestampOrNull(long instant)
    {
        if (instant == 0)
        {
            Null();
        }
        else
        {
            Int64(instant);
        }
    }

    /// <summary>A date (days since 2000-01-01), or NULL when <see cref="int.MinValue"/>.</summary>
    public void DateOrNull(int day)
    {
        if (day == int.MinValue)
        {
            Null();
        }
        else
        {
            Int32(day);
        }
    }

    /// <summary>A text, varchar, char(n) value, already encoded in UTF-8.</summary>
    public void Text(ReadOnlySpan<byte> utf8)
    {
        Ensure(4 + utf8.Length);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_position), utf8.Length);
        utf8.CopyTo(_buffer.AsSpan(_position + 4));
        _position += 4 + utf8.Length;
    }

    public void TextOrNull(byte[]? utf8)
    {
        if (utf8 is null)
        {
            Null();
        }
        else
        {
            Text(utf8);
        }
    }

    /// <summary>A text value from a string (encoded in place).</summary>
    public void Text(string value)
    {
        var at = BeginValue();
        Append(value);
        EndValue(at);
    }

    public void TextOrNull(string? value)
    {
        if (value is null)
        {
            Null();
        }
        else
        {
            Text(value);
        }
    }

    /// <summary>Starts a value whose length is known only once it is written; returns where its length goes.</summary>
    public int BeginValue()
    {
        Ensure(4);
        var at = _position;
        _position += 4;
        return at;
    }

    public void EndValue(int at) => BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(at), _position - at - 4);

    /// <summary>Appends raw bytes inside a value.</summary>
    public void Append(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_position));
        _position += bytes.Length;
    }

    public void Append(byte value)
    {
        Ensure(1);
        _buffer[_position++] = value;
    }

    /// <summary>Appends a string, UTF-8 encoded, inside a value.</summary>
    public void Append(string value)
    {
        Ensure(Encoding.UTF8.GetMaxByteCount(value.Length));
        _position += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_position));
    }

    /// <summary>Appends a non-negative integer in decimal digits (ASCII) inside a value.</summary>
    public void AppendDigits(long value, int minimumDigits = 1)
    {
        Span<byte> digits = stackalloc byte[20];
        var n = 0;
        do
        {
            digits[n++] = (byte)('0' + (value % 10));
            value /= 10;
        }
        while (value > 0);

        while (n < minimumDigits)
        {
            digits[n++] = (byte)'0';
        }

        Ensure(n);
        for (var i = n - 1; i >= 0; i--)
        {
            _buffer[_position++] = digits[i];
        }
    }

    /// <summary>A one-dimensional text[] of already encoded elements (an empty array when there are none).</summary>
    public void TextArray(ReadOnlySpan<byte[]> elements)
    {
        var at = BeginArray(elements.Length);
        foreach (var element in elements)
        {
            Text(element);
        }

        EndValue(at);
    }

    /// <summary>
    /// Starts a one-dimensional text[] of <paramref name="count"/> elements; write each with <see cref="Text(ReadOnlySpan{byte})"/>
    /// (or a composed value), then call <see cref="EndValue"/>.
    /// </summary>
    public int BeginArray(int count)
    {
        var at = BeginValue();
        Ensure(20);
        var span = _buffer.AsSpan(_position);
        if (count == 0)
        {
            BinaryPrimitives.WriteInt32BigEndian(span, 0);
            BinaryPrimitives.WriteInt32BigEndian(span[4..], 0);
            BinaryPrimitives.WriteInt32BigEndian(span[8..], TextOid);
            _position += 12;
            return at;
        }

        BinaryPrimitives.WriteInt32BigEndian(span, 1);
        BinaryPrimitives.WriteInt32BigEndian(span[4..], 0);
        BinaryPrimitives.WriteInt32BigEndian(span[8..], TextOid);
        BinaryPrimitives.WriteInt32BigEndian(span[12..], count);
        BinaryPrimitives.WriteInt32BigEndian(span[16..], 1);
        _position += 20;
        return at;
    }

    /// <summary>Ends the data (the trailer) and sends what is left.</summary>
    public void Complete()
    {
        Ensure(2);
        BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(_position), -1);
        _position += 2;
        Flush();
    }

    public void Dispose()
    {
    }

    private void Int32Raw(int value)
    {
        Ensure(4);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_position), value);
        _position += 4;
    }

    private void Raw(ReadOnlySpan<byte> bytes) => Append(bytes);

    private void Flush()
    {
        _output.Write(_buffer, 0, _position);
        _position = 0;
    }

    private void Ensure(int bytes)
    {
        if (_position + bytes > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _position + bytes));
        }
    }
}
