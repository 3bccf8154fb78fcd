using System.Diagnostics;
using Compliance.Subjects;
using Compliance.Subjects.ModelCalls;
using Compliance.Verdicts;

namespace Compliance.Extensions.AI;

/// <summary>Which spans <see cref="GenAiSpanAuditor"/> judges, and what it does with each verdict.</summary>
/// <remarks>Read once, when the auditor is created, and validated then.</remarks>
public sealed class GenAiSpanAuditorOptions
{
    /// <summary>The activity sources listened to: exact names, or a prefix ending in <c>*</c>.</summary>
    /// <value>The default is Microsoft.Extensions.AI's <c>Experimental.Microsoft.Extensions.AI</c> and
    /// <c>Microsoft.Extensions.AI*</c>, the OpenAI SDK's <c>OpenAI.*</c> and the Azure SDK's <c>Azure.AI.*</c>.</value>
    public IList<string> Sources { get; } = ["Experimental.Microsoft.Extensions.AI*", "Microsoft.Extensions.AI*", "OpenAI.*", "Azure.AI.*"];

    /// <summary>The tables that turn the provider, host and model into <c>vendor</c> and <c>cloud</c>.</summary>
    /// <value>The default is <see cref="ModelCallMapping.Default"/>.</value>
    public ModelCallMapping Mapping { get; set; } = ModelCallMapping.Default;

    /// <summary>Adds what only the application knows to a span's call, as <see cref="ComplianceChatOptions.Describe"/> does;
    /// when it throws, the span's call is <c>indeterminate</c>.</summary>
    /// <value>The default is <see langword="null"/>: the call as the span describes it.</value>
    public Func<CallSubject, Activity, CallSubject>? Describe { get; set; }

    /// <summary>Called with each judged span and its verdict, on the thread that ended the span.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public Action<Activity, Verdict>? OnVerdict { get; set; }
}
