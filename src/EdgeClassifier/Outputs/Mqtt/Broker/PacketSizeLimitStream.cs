namespace EdgeClassifier.Outputs.Mqtt.Broker;

/// <summary>
/// Passes a client's bytes through while following the MQTT framing (fixed header, remaining length, body), and
/// fails the read that carries the length of a packet larger than the limit — before the broker allocates a buffer
/// for it, so a client cannot make the device reserve hundreds of megabytes.
/// </summary>
internal sealed class PacketSizeLimitStream(Stream inner, int maxPacketBytes) : Stream
{
    private enum Part { TypeByte, Length, Body }

    private Part _part = Part.TypeByte;
    private long _length;
    private int _lengthBytes;
    private long _bodyLeft;

    /// <summary>The size of the packet that was refused, or <c>null</c> while every packet fit.</summary>
    public long? RefusedPacketBytes { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int read = inner.Read(buffer);
        Follow(buffer[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Follow(buffer.Span[..read]);
        return read;
    }

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(buffer, cancellationToken);

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync() => inner.DisposeAsync();

    private void Follow(ReadOnlySpan<byte> bytes)
    {
        for (int i = 0; i < bytes.Length; i++)
        {
            switch (_part)
            {
                case Part.TypeByte:
                    (_part, _length, _lengthBytes) = (Part.Length, 0, 0);
                    break;
                case Part.Length:
                    _length |= (long)(bytes[i] & 0x7F) << (7 * _lengthBytes);
                    _lengthBytes++;
                    if ((bytes[i] & 0x80) != 0)
                    {
                        if (_lengthBytes == 4)
                        {
                            throw new IOException("malformed MQTT packet length");
                        }

                        break;
                    }

                    long packet = 1 + _lengthBytes + _length;
                    if (packet > maxPacketBytes)
                    {
                        RefusedPacketBytes = packet;
                        throw new PacketTooLargeException(packet, maxPacketBytes);
                    }

                    (_part, _bodyLeft) = _length == 0 ? (Part.TypeByte, 0) : (Part.Body, _length);
                    break;
                default:
                    int skip = (int)Math.Min(_bodyLeft, bytes.Length - i);
                    _bodyLeft -= skip;
                    i += skip - 1;
                    if (_bodyLeft == 0)
                    {
                        _part = Part.TypeByte;
                    }

                    break;
            }
        }
    }
}

/// <summary>A client announced a packet above <c>Mqtt:Embedded:MaxPacketBytes</c>.</summary>
internal sealed class PacketTooLargeException(long size, int limit)
    : IOException($"a packet of {size} bytes is above Mqtt:Embedded:MaxPacketBytes ({limit})");
