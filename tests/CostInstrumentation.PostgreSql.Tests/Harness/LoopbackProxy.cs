using System.Net;
using System.Net.Sockets;

namespace CostInstrumentation.PostgreSql.Tests.Harness;

/// <summary>
/// A TCP proxy on loopback between the hosts and PostgreSQL, owned by a test: it can refuse connections (the ledger is
/// unreachable), cut every open connection at once (wherever the batch is: being sent, committing, or its reply on
/// the way back), cut each connection after the client has sent a number of bytes (mid-batch), or cut the connection
/// whose server reply carries given bytes, dropping that reply (a commit whose reply is lost).
/// </summary>
public sealed class LoopbackProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _open = [];
    private readonly Task _accepting;

    public LoopbackProxy(int targetPort)
    {
        _target = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>While true, connections are closed as soon as they are accepted.</summary>
    public bool Refusing { get; set; }

    /// <summary>When set, each connection is cut once its client has sent this many bytes.</summary>
    public long? CutAfterClientBytes { get; set; }

    /// <summary>
    /// When set, the next server reply containing these bytes is dropped and its connection cut (once; then it is unset):
    /// <see cref="CommitReply"/> loses the reply of a COMMIT the server has made.
    /// </summary>
    public byte[]? CutReplyContaining { get; set; }

    /// <summary>PostgreSQL's CommandComplete tag of a COMMIT.</summary>
    public static byte[] CommitReply { get; } = "COMMIT\0"u8.ToArray();

    /// <summary>Connections cut so far (by <see cref="CutAll"/> or <see cref="CutAfterClientBytes"/>).</summary>
    public int Cuts => Volatile.Read(ref _cuts);

    private int _cuts;

    /// <summary>Closes every open connection.</summary>
    public void CutAll()
    {
        lock (_open)
        {
            foreach (TcpClient client in _open)
            {
                client.Dispose();
            }

            _cuts += _open.Count;
            _open.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        CutAll();
        await _accepting.ConfigureAwait(false);
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            if (Refusing)
            {
                client.Dispose();
                continue;
            }

            _ = PipeAsync(client);
        }
    }

    private async Task PipeAsync(TcpClient client)
    {
        using TcpClient server = new();
        try
        {
            await server.ConnectAsync(IPAddress.Loopback, _target).ConfigureAwait(false);
            lock (_open)
            {
                _open.Add(client);
                _open.Add(server);
            }

            Task up = CopyAsync(client.GetStream(), server.GetStream(), CutAfterClientBytes);
            Task down = CopyAsync(server.GetStream(), client.GetStream(), limit: null, replies: true);
            await Task.WhenAny(up, down).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is SocketException or IOException or ObjectDisposedException)
        {
        }
        finally
        {
            lock (_open)
            {
                _open.Remove(client);
                _open.Remove(server);
            }

            client.Dispose();
            server.Dispose();
        }
    }

    private async Task CopyAsync(NetworkStream from, NetworkStream to, long? limit, bool replies = false)
    {
        byte[] buffer = new byte[16 * 1024];
        long carried = 0;
        try
        {
            while (true)
            {
                int read = await from.ReadAsync(buffer, _stop.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }

                if (replies && CutReplyContaining is { } pattern && buffer.AsSpan(0, read).IndexOf(pattern) >= 0)
                {
                    CutReplyContaining = null;
                    Interlocked.Increment(ref _cuts);
                    return;
                }

                if (limit is { } max && carried + read > max)
                {
                    await to.WriteAsync(buffer.AsMemory(0, (int)(max - carried)), _stop.Token).ConfigureAwait(false);
                    Interlocked.Increment(ref _cuts);
                    return;
                }

                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token).ConfigureAwait(false);
                carried += read;
            }
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }
}
