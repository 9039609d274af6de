using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Bench;

/// <summary>
/// Records, on the emulator's side, when each GetPaymentStatus request arrives and for which transaction:
/// it listens to ASP.NET Core's hosting diagnostics of the in-process emulator (request start = arrival) and
/// tees the request body to read the TransactionId once the request is done. Nothing in the gateway is touched.
/// </summary>
internal sealed partial class PollRecorder : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private const string StartEvent = "Microsoft.AspNetCore.Hosting.HttpRequestIn.Start";
    private const string StopEvent = "Microsoft.AspNetCore.Hosting.HttpRequestIn.Stop";
    private readonly List<IDisposable> _subscriptions = [];
    private readonly IDisposable _all;
    private volatile bool _recording;

    public PollRecorder()
    {
        _all = DiagnosticListener.AllListeners.Subscribe(this);
    }

    /// <summary>Arrival times (Stopwatch timestamps) per transaction id.</summary>
    public ConcurrentDictionary<string, List<long>> Arrivals { get; } = new();

    public bool Recording
    {
        get => _recording;
        set => _recording = value;
    }

    public void OnNext(DiagnosticListener listener)
    {
        if (listener.Name == "Microsoft.AspNetCore")
        {
            lock (_subscriptions)
            {
                _subscriptions.Add(listener.Subscribe(this, (name, _, _) => _recording && name.StartsWith("Microsoft.AspNetCore.Hosting.HttpRequestIn", StringComparison.Ordinal)));
            }
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Value is not HttpContext context)
        {
            return;
        }
        if (value.Key == StartEvent)
        {
            var action = context.Request.Headers["SOAPAction"].ToString();
            if (action.Contains("GetPaymentStatus", StringComparison.Ordinal))
            {
                var tee = new TeeStream(context.Request.Body, Stopwatch.GetTimestamp());
                context.Request.Body = tee;
                context.Items[typeof(PollRecorder)] = tee;
            }
        }
        else if (value.Key == StopEvent && context.Items[typeof(PollRecorder)] is TeeStream tee)
        {
            var match = TransactionId().Match(tee.Captured);
            if (match.Success)
            {
                var list = Arrivals.GetOrAdd(match.Groups[1].Value, _ => []);
                lock (list)
                {
                    list.Add(tee.ArrivedAt);
                }
            }
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        _all.Dispose();
        lock (_subscriptions)
        {
            _subscriptions.ForEach(s => s.Dispose());
        }
    }

    [GeneratedRegex("TransactionId[^>]*>([^<]+)<")]
    private static partial Regex TransactionId();

    private sealed class TeeStream(Stream inner, long arrivedAt) : Stream
    {
        private readonly MemoryStream _copy = new();

        public long ArrivedAt { get; } = arrivedAt;

        public string Captured => Encoding.UTF8.GetString(_copy.GetBuffer(), 0, (int)_copy.Length);

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = inner.Read(buffer, offset, count);
            Keep(buffer.AsSpan(offset, n));
            return n;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = await inner.ReadAsync(buffer, cancellationToken);
            Keep(buffer.Span[..n]);
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private void Keep(ReadOnlySpan<byte> bytes)
        {
            if (_copy.Length < 16_384)
            {
                _copy.Write(bytes);
            }
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
