// The library quick start: load the bundled rules, judge two subjects made in code, print each verdict.
// Run from the repository root: dotnet run --project samples/QuickStart
using Compliance.Evaluation;
using Compliance.Rules;
using Compliance.Subjects;
using Compliance.Verdicts;

var rulesPath = args.Length > 0 ? args[0] : "rules";

// Load once: every diagnostic comes back together; the rule set is immutable and thread-safe.
var result = new RuleSetLoader().LoadFiles([rulesPath]);
foreach (var diagnostic in result.Diagnostics)
{
    Console.Error.WriteLine(diagnostic);
}

if (result.RuleSet is not { } rules)
{
    return 2;
}

// Evaluate many: synchronous, no I/O; the date is an input.
var options = new EvaluationOptions { AsOf = new DateOnly(2026, 3, 1) };
object[] subjects =
[
    new CallSubject { Id = "call-on-aws", Vendor = "OpenAI", Model = "gpt-5", Mode = RuntimeMode.Stateless, Cloud = "AWS" },
    new DeploymentSubject
    {
        Id = "frontier-on-aws", Product = "Frontier", Vendor = "OpenAI", Runtime = RuntimeMode.Stateful,
        HostCloud = "AWS", Distributor = "AWS",
    },
];

foreach (var subject in subjects)
{
    var verdict = rules.Evaluate(subject, options);
    Console.WriteLine($"{verdict.Subject}: {VerdictNames.Name(verdict.Outcome)}");
    foreach (var clause in verdict.Clauses)
    {
        Console.WriteLine($"  {clause.Id} ({clause.Section}) {VerdictNames.Name(clause.Status)}{(clause.Message is null ? "" : ": " + clause.Message)}");
    }
}

return 0;
