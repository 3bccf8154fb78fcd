using Compliance.Model;
using Compliance.Subjects;
using Compliance.Verdicts;

namespace Compliance.NUnit.Tests;

/// <summary>Verdicts made by hand, so that each test controls every field a failure message quotes.</summary>
internal static class Verdicts
{
    public const string AzureExclusivity = "msft-openai/azure-stateless-exclusivity";
    public const string EndpointConsistency = "msft-openai/azure-endpoint-consistency";

    public static ClauseResult Exclusivity(ClauseStatus status) => new()
    {
        Id = AzureExclusivity,
        Contract = "msft-openai",
        Section = "2.1",
        Title = "Stateless API calls route through Azure",
        Text = "Stateless calls to OpenAI models are served from Azure.",
        Status = status,
        Effect = Effect.Violation,
        Message = status == ClauseStatus.Violated ? "Stateless OpenAI call to gpt-5 runs on AWS, not Azure" : null,
        Exception = status == ClauseStatus.Exempt ? "first-party-research" : null,
        Source = "rules/msft-openai.yaml:52",
    };

    public static ClauseResult Endpoint(ClauseStatus status) => new()
    {
        Id = EndpointConsistency,
        Contract = "msft-openai",
        Section = "2.2",
        Title = "Calls booked to Azure use an Azure endpoint",
        Text = "A call booked to Azure is made to an Azure endpoint.",
        Status = status,
        Effect = Effect.Warning,
        Message = status == ClauseStatus.Violated ? "Call c-1 is booked to Azure but its endpoint is https://api.openai.com" : null,
        Source = "rules/msft-openai.yaml:70",
    };

    public static Verdict Of(Outcome outcome, params ClauseResult[] clauses) => new()
    {
        Subject = "c-1",
        Kind = "call",
        Source = "calls.jsonl:1",
        AsOf = new DateOnly(2026, 3, 1),
        Outcome = outcome,
        Clauses = clauses,
    };

    public static Verdict Invalid { get; } = new()
    {
        Subject = "calls.jsonl:2",
        Kind = "call",
        AsOf = new DateOnly(2026, 3, 1),
        Outcome = Outcome.Indeterminate,
        Clauses = [],
        Errors = [new SubjectError("vendor", "`vendor` is required"), new SubjectError("mode", "`mode` is required")],
    };
}
