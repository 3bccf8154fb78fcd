using Compliance.Rules.Yaml;
using Compliance.Subjects;

namespace Compliance.Hosting;

/// <summary>Where the rules live and how they are loaded and reloaded, for <c>services.AddCompliance(...)</c>.</summary>
/// <remarks>Settable, as the options pattern requires; read once, when the rule-set provider is created, and validated
/// then (and at host start, through <c>ValidateOnStart</c>), with every problem reported together.</remarks>
public sealed class ComplianceOptions
{
    /// <summary>The rule file, or the folder whose <c>*.yaml</c>/<c>*.yml</c> files (recursively) make the rule set. Required.</summary>
    /// <value>The default is <see langword="null"/>, which fails validation. A relative path is resolved against the host's
    /// content root when there is a host, else against the current directory.</value>
    public string? RulesPath { get; set; }

    /// <summary>The subject kinds that rules may name and that the evaluator accepts.</summary>
    /// <value>The default is <see cref="SubjectKindRegistry.Default"/>: <c>call</c> and <c>deployment</c>.</value>
    public SubjectKindRegistry Kinds { get; set; } = SubjectKindRegistry.Default;

    /// <summary>Whether to reload the rule set when a file under <see cref="RulesPath"/> changes.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool ReloadOnChange { get; set; } = true;

    /// <summary>How long the files must stay unchanged after a change is seen before the rule set reloads, so that an editor's
    /// several writes, or a folder copied file by file, cause one reload.</summary>
    /// <value>The default is 500 milliseconds. Zero reloads at the first change.</value>
    public TimeSpan ReloadDebounce { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How often to compare the files' sizes and write times with those of the last load, as a fallback for file
    /// systems whose change notifications are unreliable (network shares, some container mounts).</summary>
    /// <value>The default is 30 seconds. <see langword="null"/> turns polling off. Ignored when <see cref="ReloadOnChange"/> is false.</value>
    public TimeSpan? PollingInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one <c>matches</c> may run before the clause's status becomes <c>error</c>.</summary>
    /// <value>The default is 50 milliseconds.</value>
    public TimeSpan RegexTimeout { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The longest <c>matches</c> pattern, in characters; a longer one is an error (<c>CMP0050</c>) at the pattern,
    /// and the rule set does not load. Between 1 and 10,000.</summary>
    /// <value>The default is 1,000, as for the loader.</value>
    public int MaxPatternLength { get; set; } = 1_000;

    /// <summary>Limits on rule files' size, nesting depth and scalar length.</summary>
    /// <value>The default is <see cref="YamlLimits.Default"/>.</value>
    public YamlLimits Limits { get; set; } = YamlLimits.Default;
}
