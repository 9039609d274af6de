using WebMoneyContract;

namespace Tests.WebMoneyContract;

/// <summary>The contract's own rule: a request's signature (SPEC §5), which the gateway and the emulator both use.</summary>
public sealed class PosApiTests
{
    [Fact]
    public void Sign_IsBase64OfHmacSha256()
    {
        var signature = PosApi.Sign("key", "a|b");

        Assert.Equal(Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData("key"u8, "a|b"u8)), signature);
        Assert.Equal(44, signature.Length);
    }
}
