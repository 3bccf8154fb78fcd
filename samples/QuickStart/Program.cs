using Compliance;
using Compliance.Evaluation;
using Compliance.Rules;
using Compliance.Subjects;

// Load once: throws RuleSetLoadException carrying every diagnostic if a file is wrong
// (LoadFiles returns them instead of throwing). A relative path is read from the current directory.
RuleSet rules = new RuleSetLoader().Load("rules");

// Evaluate many times, from any thread: synchronous, no I/O, the date is an input.
var verdict = rules.Evaluate(
    new CallSubject { Vendor = "OpenAI", Model = "gpt-5", Mode = RuntimeMode.Stateless, Cloud = "AWS" },
    new EvaluationOptions { AsOf = new DateOnly(2026, 3, 1) });

Console.WriteLine(verdict.Outcome);                // Violation
Console.WriteLine(verdict.Clauses[0].Message);     // Stateless OpenAI call to gpt-5 runs on AWS, not Azure
