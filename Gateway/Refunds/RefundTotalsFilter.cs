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
            Ok<PaymentResponse> { Value: { } p } => TypedResults.Ok(With(p)),
            Created<PaymentResponse> { Value: { } p } created => TypedResults.Created(created.Location, With(p)),
            Ok<PaymentListResponse> { Value: { } list } => TypedResults.Ok(With(list)),
            _ => result,
        };
    }

    // Only a paid (or late-paid) payment can have refunds: the others need no query (most answers, e.g. the POS's
    // long-poll of a pending payment, are of those; bench B1).
    private static bool MayHaveRefunds(PaymentResponse p) => p.Status == PaymentStatus.Paid || p.LatePaid;

    private PaymentResponse With(PaymentResponse p) =>
        p.WithRefunds(MayHaveRefunds(p) ? refunds.TotalsFor([p.Id]).GetValueOrDefault(p.Id) : default);

    private PaymentListResponse With(PaymentListResponse list)
    {
        var ids = list.Items.Where(MayHaveRefunds).Select(p => p.Id).ToList();
        var totals = ids.Count == 0 ? new Dictionary<string, RefundTotals>() : refunds.TotalsFor(ids);
        return list with { Items = list.Items.Select(p => p.WithRefunds(totals.GetValueOrDefault(p.Id))).ToList() };
    }
}
