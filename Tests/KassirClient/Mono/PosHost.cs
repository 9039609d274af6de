// A stand-in for the POS program «Кассир»: a .NET Framework 4.6.2 console program, compiled by
// MonoPosHostTests with Mono's mcs against /usr/lib/mono/4.6.2-api and run with mono in a folder that holds
// nothing but itself and KassirClient.dll. Not part of the Tests project (see Tests.csproj); plain C# 6.
//
// Usage: mono PosHost.exe <gatewayAddress[,fallbackAddress...]> <terminalId> <sync|async> <maxWaitSeconds> <amount> [refund]
// Prints "QR <paymentId> <onUiThread> <deadline, ISO 8601>" when the QR is handed over, then
// "RESULT <outcome>|<errorCode>|<paymentId>|<message>" and exits 0. Reads "cancel" on stdin as the cashier's
// «Отмена» button. With "refund", a paid receipt is then returned in full (Refund / RefundAsync, same thread), printed
// as "REFUND <outcome>|<errorCode>|<refundId>|<message>".
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using KassirClient;

internal static class PosHost
{
    private static int Main(string[] args)
    {
        Console.OutputEncoding = new System.Text.UTF8Encoding(false);
        var addresses = args[0].Split(',');
        var options = new LocalPayClientOptions
        {
            BaseAddress = new Uri(addresses[0]),
            TerminalId = args[1],
            MaxRetries = 2,
            RetryBaseDelay = TimeSpan.FromMilliseconds(50),
            RetryMaxDelay = TimeSpan.FromMilliseconds(250),
            MaxWaitTime = TimeSpan.FromSeconds(int.Parse(args[3])),
            LongPollSeconds = 5,
            RequestTimeout = TimeSpan.FromSeconds(5),
        };
        for (var i = 1; i < addresses.Length; i++)
        {
            options.FallbackAddresses.Add(new Uri(addresses[i]));
        }

        var sync = args[2] == "sync";
        var returnIt = args.Length > 5 && args[5] == "refund";
        RefundResult refund = null;
        var cashier = new CancellationTokenSource();
        var stdin = new Thread(() =>
        {
            string line;
            while ((line = Console.In.ReadLine()) != null)
            {
                if (line.Trim() == "cancel")
                {
                    cashier.Cancel();
                }
            }
        });
        stdin.IsBackground = true;
        stdin.Start();

        var ui = new UiContext();
        Thread uiThread = null;
        PaymentResult result = null;
        Exception failure = null;
        uiThread = new Thread(() =>
        {
            SynchronizationContext.SetSynchronizationContext(ui);
            var client = new LocalPayClient(options);
            var request = new PayRequest { Amount = decimal.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture), PaymentTypeCode = 5, ReceiptId = "MONO-" + args[1] };
            Action<QrIssued> onQr = qr =>
            {
                Console.WriteLine("QR " + qr.PaymentId + " " + (Thread.CurrentThread == uiThread) + " "
                    + qr.Deadline.ToUniversalTime().ToString("o", System.Globalization.CultureInfo.InvariantCulture));
                Console.Out.Flush();
            };
            if (sync)
            {
                // As a WinForms button handler calls it: blocking the UI thread, the QR printed on it.
                try
                {
                    result = client.Pay(request, onQr, cashier.Token);
                    if (returnIt && result.IsPaid) refund = client.Refund(result.PaymentId, null, "Возврат товара");
                }
                catch (Exception ex) { failure = ex; }
                ui.Complete();
            }
            else
            {
                ui.Post(async _ =>
                {
                    try
                    {
                        result = await client.PayAsync(request, onQr, cashier.Token);
                        if (returnIt && result.IsPaid) refund = await client.RefundAsync(result.PaymentId, null, "Возврат товара");
                    }
                    catch (Exception ex) { failure = ex; }
                    ui.Complete();
                }, null);
            }

            ui.RunLoop();
            client.Dispose();
        });
        uiThread.Start();
        uiThread.Join();

        if (failure != null)
        {
            Console.WriteLine("THREW " + failure);
            return 2;
        }

        Console.WriteLine("RESULT " + result.Outcome + "|" + result.ErrorCode + "|" + result.PaymentId + "|" + result.Message.Replace("\n", " "));
        if (refund != null)
        {
            Console.WriteLine("REFUND " + refund.Outcome + "|" + refund.ErrorCode + "|" + refund.RefundId + "|" + refund.Message.Replace("\n", " "));
        }
        Console.Out.Flush();
        return 0;
    }
}

/// <summary>A WinForms-like UI thread: one thread runs every posted callback, in order.</summary>
internal sealed class UiContext : SynchronizationContext
{
    private readonly BlockingCollection<KeyValuePair<SendOrPostCallback, object>> queue =
        new BlockingCollection<KeyValuePair<SendOrPostCallback, object>>();

    public override void Post(SendOrPostCallback d, object state)
    {
        queue.Add(new KeyValuePair<SendOrPostCallback, object>(d, state));
    }

    public override void Send(SendOrPostCallback d, object state)
    {
        var done = new ManualResetEventSlim();
        Post(s => { d(s); done.Set(); }, state);
        done.Wait();
    }

    public override SynchronizationContext CreateCopy()
    {
        return this;
    }

    public void Complete()
    {
        queue.CompleteAdding();
    }

    public void RunLoop()
    {
        foreach (var item in queue.GetConsumingEnumerable())
        {
            item.Key(item.Value);
        }
    }
}
