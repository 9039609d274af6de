namespace Tests;

public class SmokeTests
{
    [Fact]
    public void Signature_IsBase64OfHmacSha256()
    {
        var signature = WebMoneyContract.PosApi.Sign("key", "a|b");

        Assert.Equal(44, signature.Length);
    }
}
