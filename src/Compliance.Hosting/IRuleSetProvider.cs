using Microsoft.Extensions.Primitives;

namespace Compliance.Hosting;

/// <summary>Serves the current rule set, loaded from <see cref="ComplianceOptions.RulesPath"/> and reloaded when its files change.</summary>
/// <remarks>Thread-safe. A reload that loads replaces the rule set atomically; one with errors keeps the last good rule set,
/// logs every diagnostic, and shows as <see cref="RuleSetHealth.Degraded"/>. Registered as a singleton by <c>AddCompliance</c>.</remarks>
public interface IRuleSetProvider
{
    /// <summary>The current snapshot: the rule set served, the health, and the last load's diagnostics.</summary>
    /// <remarks>Read it once per unit of work: a later read may return a newer snapshot.</remarks>
    RuleSetState State { get; }

    /// <summary>Loads the rules now, as a file change would, and returns the resulting snapshot.</summary>
    /// <remarks>Never throws for problems in the rule files: they come back in <see cref="RuleSetState.Diagnostics"/>.</remarks>
    /// <exception cref="ObjectDisposedException">The provider has been disposed.</exception>
    RuleSetState Reload();

    /// <summary>A token that fires the next time <see cref="State"/> changes: a new rule set, or a failed reload.</summary>
    /// <remarks>Each token fires once; use <c>ChangeToken.OnChange(provider.GetChangeToken, ...)</c> to follow every change.</remarks>
    IChangeToken GetChangeToken();
}
