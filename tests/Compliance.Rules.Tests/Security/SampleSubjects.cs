using Compliance.Subjects;

namespace Compliance.Rules.Tests.Security;

/// <summary>Sample subjects for the security tests.</summary>
internal static class SampleSubjects
{
    public static DeploymentSubject Deployment(bool soldAsApi = false) => new()
    {
        Id = "frontier-1",
        Product = "Frontier",
        Vendor = "OpenAI",
        Runtime = RuntimeMode.Stateful,
        HostCloud = "AWS",
        Distributor = "AWS",
        SoldAsApi = soldAsApi,
        Partners = ["Microsoft", "SoftBank", "NVIDIA"],
        CapacityMw = 1500,
        Timestamp = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero),
        Tags = new Dictionary<string, string> { ["team"] = "infra" },
        Calls =
        [
            Call() with { Tokens = 1000, Timestamp = new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero) },
            Call() with { Id = "call-2", Cloud = "AWS", Tokens = 2000, Tags = new Dictionary<string, string> { ["purpose"] = "eval" } },
        ],
    };

    public static CallSubject Call() => new()
    {
        Id = "call-1",
        Vendor = "OpenAI",
        Model = "gpt-5",
        Mode = RuntimeMode.Stateless,
        Cloud = "Azure",
        Timestamp = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero),
    };
}
