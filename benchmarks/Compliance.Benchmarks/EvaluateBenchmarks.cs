using BenchmarkDotNet.Attributes;
using Compliance.Evaluation;
using Compliance.Verdicts;
using RulesEngine.Models;

namespace Compliance.Benchmarks;

/// <summary>Judging one subject: the engine on the generated twenty- and two-hundred-clause sets, the same twenty clauses
/// as a RulesEngine workflow and as a hand-written if-chain (the baseline). Times and allocations are per subject.</summary>
[MemoryDiagnoser]
public class EvaluateBenchmarks
{
    private const int Subjects = 64;

    private object[] _subjects = [];
    private SubjectInput[] _inputs = [];
    private RuleSet _twenty = null!;
    private RuleSet _twoHundred = null!;
    private RulesEngine.RulesEngine _rulesEngine = null!;
    private IfChainVerdicts _handVerdicts = null!;
    private RuleParameter[][] _parameters = [];

    [GlobalSetup]
    public void Setup()
    {
        _subjects = Generate.Subjects(Subjects);
        _inputs = _subjects.Select(s => SubjectInput.From(s)).ToArray();
        _twenty = Workload.Load(Generate.Twenty);
        _twoHundred = Workload.Load(Generate.Padded(200));
        _rulesEngine = Workload.RulesEngineFor(Generate.Twenty);
        _parameters = _subjects.Select(Workload.Parameters).ToArray();
        _handVerdicts = new IfChainVerdicts(_twenty);

        // Before timing anything: every engine says the same about every subject.
        var applied = 0;
        for (var i = 0; i < _subjects.Length; i++)
        {
            var verdict = _twenty.Evaluate(_inputs[i], Workload.Options);
            Workload.Agree(_subjects[i], verdict, IfChain.Judge(_subjects[i], Generate.AsOf));
            Workload.Agree("the engine and the hand-written full verdicts", _subjects[i], verdict, _handVerdicts.Judge(_subjects[i], Generate.AsOf));
            Workload.Agree(_subjects[i], verdict, _rulesEngine.ExecuteAllRulesAsync(Workload.Workflow, _parameters[i]).GetAwaiter().GetResult());
            Workload.Agree("the 20- and 200-clause sets", _subjects[i], verdict, _twoHundred.Evaluate(_inputs[i], Workload.Options));
            var traced = _twoHundred.Evaluate(_inputs[i], Workload.Options with { Trace = true });
            Workload.Agree("indexed selection and the full scan", _subjects[i], verdict,
                traced with { Clauses = traced.Clauses.Where(c => c.Status is not (ClauseStatus.NotApplicable or ClauseStatus.Superseded)).ToArray() });
            applied += verdict.Clauses.Count;
        }

        if (applied == 0)
        {
            throw new InvalidOperationException("no clause applies to the subjects: the benchmark would measure nothing");
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Subjects, Description = "if-chain, 20 clauses")]
    public int IfChain20()
    {
        var applied = 0;
        foreach (var subject in _subjects)
        {
            applied += IfChain.Judge(subject, Generate.AsOf).Clauses.Length;
        }

        return applied;
    }

    [Benchmark(OperationsPerInvoke = Subjects, Description = "if-chain building the full verdict, 20 clauses")]
    public int IfChainVerdicts20()
    {
        var applied = 0;
        foreach (var subject in _subjects)
        {
            applied += _handVerdicts.Judge(subject, Generate.AsOf).Clauses.Count;
        }

        return applied;
    }

    [Benchmark(OperationsPerInvoke = Subjects, Description = "Compliance, 20 clauses")]
    public int Compliance20()
    {
        var applied = 0;
        foreach (var input in _inputs)
        {
            applied += _twenty.Evaluate(input, Workload.Options).Clauses.Count;
        }

        return applied;
    }

    [Benchmark(OperationsPerInvoke = Subjects, Description = "Compliance, 200 clauses (same subjects)")]
    public int Compliance200()
    {
        var applied = 0;
        foreach (var input in _inputs)
        {
            applied += _twoHundred.Evaluate(input, Workload.Options).Clauses.Count;
        }

        return applied;
    }

    [Benchmark(OperationsPerInvoke = Subjects, Description = "RulesEngine ExecuteAllRulesAsync, 20 rules")]
    public async Task<int> RulesEngine20()
    {
        var flagged = 0;
        for (var i = 0; i < _subjects.Length; i++)
        {
            foreach (var result in await _rulesEngine.ExecuteAllRulesAsync(Workload.Workflow, _parameters[i]))
            {
                flagged += result.IsSuccess ? 1 : 0;
            }
        }

        return flagged;
    }
}
