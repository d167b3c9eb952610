using System.Buffers;
using System.IO;
using System.Text;

namespace CostInstrumentation.Reports;

/// <summary>
/// The export's output: UTF-8 bytes gathered in a 64 KiB block and written out when it fills — straight to the stream of a
/// UTF-8 <see cref="StreamWriter"/> (the CLI's standard output and files, the dashboard's response), else decoded into the
/// text writer. <see cref="Dispose"/> writes what is left.
/// </summary>
internal sealed class Utf8Output : IBufferWriter<byte>, IDisposable
{
    private const int BlockSize = 1 << 16;

    private readonly Stream? _stream;
    private readonly TextWriter _text;
    private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(BlockSize);
    private int _used;

    public Utf8Output(TextWriter output)
    {
        _text = output;
        if (output is StreamWriter { Encoding.CodePage: 65001 } writer)
        {
            // What the writer holds (and its preamble, if it has one) goes first.
            writer.Flush();
            _stream = writer.BaseStream;
        }
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        _used += bytes.Length;
    }

    public void Write(byte value)
    {
        GetSpan(1)[0] = value;
        _used++;
    }

    /// <summary>Writes a number or another UTF-8-formattable value as invariant text (exact: a decimal keeps every digit).</summary>
    public void Write<T>(T value)
        where T : IUtf8SpanFormattable
    {
        if (!value.TryFormat(GetSpan(64), out int written, default, System.Globalization.CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"A {typeof(T).Name} longer than 64 bytes.");
        }

        _used += written;
    }

    public void Advance(int count) => _used += count;

    public Memory<byte> GetMemory(int sizeHint = 0) => _buffer.AsMemory(Reserve(sizeHint));

    public Span<byte> GetSpan(int sizeHint = 0) => _buffer.AsSpan(Reserve(sizeHint));

    public void Dispose()
    {
        Flush(final: true);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    /// <summary>Makes room for <paramref name="size"/> bytes; returns where they go.</summary>
    private int Reserve(int size)
    {
        size = Math.Max(size, 1);
        if (_buffer.Length - _used < size)
        {
            Flush(final: false);
            if (_buffer.Length < size)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = ArrayPool<byte>.Shared.Rent(size);
            }
        }

        return _used;
    }

    private void Flush(bool final)
    {
        ReadOnlySpan<byte> bytes = _buffer.AsSpan(0, _used);
        _used = 0;
        if (_stream is not null)
        {
            _stream.Write(bytes);
            return;
        }

        // A character split across two blocks stays in the decoder until the next.
        char[] chars = ArrayPool<char>.Shared.Rent(bytes.Length + 1);
        int count = _decoder.GetChars(bytes, chars, final);
        _text.Write(chars, 0, count);
        ArrayPool<char>.Shared.Return(chars);
    }
}
