using Compliance.Rules.Diagnostics;

namespace Compliance.Hosting;

/// <summary>How well the rule-set provider is serving rules.</summary>
public enum RuleSetHealth
{
    /// <summary>No rule set has loaded: every load so far had errors, and every verdict is <c>indeterminate</c>.</summary>
    Unhealthy,

    /// <summary>The last reload had errors; the last good rule set is still served.</summary>
    Degraded,

    /// <summary>The last load succeeded and its rule set is served.</summary>
    Healthy,
}

/// <summary>A snapshot of what the rule-set provider serves: the rule set, the health, and the outcome of the last load.</summary>
/// <remarks>Immutable. The provider swaps a whole new snapshot in at once, so a reader that takes <see cref="IRuleSetProvider.State"/>
/// once sees a rule set and diagnostics that belong together.</remarks>
public sealed record RuleSetState
{
    /// <summary>The rule set being served: the last one that loaded without errors; <see langword="null"/> when none has.</summary>
    public RuleSet? RuleSet { get; init; }

    /// <summary>Whether the rules are served as written: <see cref="RuleSetHealth.Healthy"/>, <see cref="RuleSetHealth.Degraded"/> or <see cref="RuleSetHealth.Unhealthy"/>.</summary>
    public required RuleSetHealth Health { get; init; }

    /// <summary>Every diagnostic of the last load attempt, sorted by location: its errors when it failed, its warnings when it succeeded.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; init; } = [];

    /// <summary>How many rule sets have been swapped in; 1 after the first successful load, 0 when none has loaded.</summary>
    public int Generation { get; init; }

    /// <summary>When the served rule set loaded; <see langword="null"/> when none has.</summary>
    public DateTimeOffset? LoadedAt { get; init; }

    /// <summary>When the last load was attempted, successful or not.</summary>
    public required DateTimeOffset LastAttemptAt { get; init; }
}
