using Compliance.Evaluation;
using Compliance.Subjects;
using Compliance.Verdicts;

namespace Compliance.Hosting;

/// <summary>Evaluates with the provider's current rule set; while none has loaded, judges every subject <c>indeterminate</c>.</summary>
internal sealed class ComplianceEvaluator : IComplianceEvaluator
{
    private readonly IRuleSetProvider _provider;
    private readonly EvaluationOptions _defaults;
    private readonly RuleSet _empty;
    private readonly SubjectError _unavailable;

    public ComplianceEvaluator(IRuleSetProvider provider, SubjectKindRegistry kinds, string rulesPath, TimeProvider time)
    {
        _provider = provider;
        _defaults = ReferenceEquals(time, TimeProvider.System) ? EvaluationOptions.Default : new EvaluationOptions { TimeProvider = time };
        _empty = new RuleSet([], [], kinds);
        _unavailable = new SubjectError(null, $"no rule set is loaded: every load of `{rulesPath}` so far had errors");
    }

    public Verdict Evaluate(object subject, EvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(subject);
        return _provider.State.RuleSet is { } rules
            ? rules.Evaluate(subject, options ?? _defaults)
            : _empty.Evaluate(new SubjectInput { Subject = subject, Errors = [_unavailable] }, options ?? _defaults);
    }

    public Verdict Evaluate(SubjectInput input, EvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        return _provider.State.RuleSet is { } rules
            ? rules.Evaluate(input, options ?? _defaults)
            : _empty.Evaluate(Unavailable(input), options ?? _defaults);
    }

    public IEnumerable<Verdict> EvaluateMany(IEnumerable<SubjectInput> inputs, EvaluationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return _provider.State.RuleSet is { } rules
            ? rules.EvaluateMany(inputs, options ?? _defaults, cancellationToken)
            : _empty.EvaluateMany(inputs.Select(Unavailable), options ?? _defaults, cancellationToken);
    }

    private SubjectInput Unavailable(SubjectInput input) => input with { Errors = [.. input.Errors, _unavailable] };
}
