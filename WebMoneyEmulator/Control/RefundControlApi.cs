using Microsoft.AspNetCore.Http.HttpResults;
using WebMoneyEmulator.Refunds;
using WebMoneyEmulator.Transactions;

namespace WebMoneyEmulator.Control;

/// <summary><c>GET /emulator/refunds</c> and <c>POST /emulator/refunds/{refundTransactionId}/complete|reject</c>.</summary>
internal static class RefundControlApi
{
    public static void MapRefundControl(this RouteGroupBuilder group, EmulatorHost host)
    {
        group.MapGet("/emulator/refunds", () => TypedResults.Ok(host.GetRefunds()))
            .WithSummary("Every refund, oldest first.");
        group.MapPost("/emulator/refunds/{refundTransactionId}/complete",
                (string refundTransactionId) => Act(host.CompleteRefund(refundTransactionId, out var r), r, refundTransactionId))
            .WithSummary("The payment system completes a pending refund (with the option refundsPending).");
        group.MapPost("/emulator/refunds/{refundTransactionId}/reject",
                (string refundTransactionId) => Act(host.RejectRefund(refundTransactionId, out var r), r, refundTransactionId))
            .WithSummary("The payment system rejects a pending refund.");
    }

    private static Results<Ok<EmulatorRefund>, ProblemHttpResult> Act(ControlResult result, EmulatorRefund? refund, string id) => result switch
    {
        ControlResult.Done => TypedResults.Ok(refund!),
        ControlResult.NotFound => Problem(StatusCodes.Status404NotFound, "refund_not_found", $"Возврат {id} не найден."),
        _ => Problem(StatusCodes.Status409Conflict, "refund_final", $"Возврат {id} уже в конечном статусе {refund!.Status}."),
    };

    private static ProblemHttpResult Problem(int status, string code, string detail) =>
        TypedResults.Problem(detail, statusCode: status, extensions: new Dictionary<string, object?> { ["code"] = code });
}
