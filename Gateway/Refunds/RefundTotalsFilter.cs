using Gateway.Payments;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gateway.Refunds;

/// <summary>
/// Fills the payment object's <c>refundedAmount</c> / <c>refundableAmount</c> (SPEC §10) on every /payments answer
/// that carries payments, from the refunds table. A filter on the group rather than code in each handler: the
/// payments feature stays unaware of refunds, and a new handler returning a payment gets the members too.
/// </summary>
public sealed class RefundTotalsFilter(RefundService refunds) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        var inner = result is INestedHttpResult nested ? nested.Result : result;
        return inner switch
        {
            Ok<PaymentResponse> { Value: { } p } => TypedResults.Ok(await WithAsync(p, context.HttpContext.RequestAborted)),
            Created<PaymentResponse> { Value: { } p } created => TypedResults.Created(created.Location, await WithAsync(p, context.HttpContext.RequestAborted)),
            Ok<PaymentListResponse> { Value: { } list } => TypedResults.Ok(await WithAsync(list, context.HttpContext.RequestAborted)),
            _ => result,
        };
    }

    // Only a paid (or late-paid) payment can have refunds: the others need no query (most answers, e.g. the POS's
    // long-poll of a pending payment, are of those; bench B1).
    private static bool MayHaveRefunds(PaymentResponse p) => p.Status == PaymentStatus.Paid || p.LatePaid;

    private async Task<PaymentResponse> WithAsync(PaymentResponse p, CancellationToken ct) =>
        p.WithRefunds(MayHaveRefunds(p) ? (await refunds.TotalsForAsync([p.Id], ct)).GetValueOrDefault(p.Id) : default);

    private async Task<PaymentListResponse> WithAsync(PaymentListResponse list, CancellationToken ct)
    {
        var ids = list.Items.Where(MayHaveRefunds).Select(p => p.Id).ToList();
        var totals = ids.Count == 0 ? new Dictionary<string, RefundTotals>() : await refunds.TotalsForAsync(ids, ct);
        return list with { Items = list.Items.Select(p => p.WithRefunds(totals.GetValueOrDefault(p.Id))).ToList() };
    }
}
