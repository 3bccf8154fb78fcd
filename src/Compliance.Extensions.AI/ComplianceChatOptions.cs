using Compliance.Subjects;
using Compliance.Subjects.ModelCalls;
using Compliance.Verdicts;

namespace Compliance.Extensions.AI;

/// <summary>How <c>UseCompliance</c> judges each model call.</summary>
/// <remarks>Settable, as the options pattern requires; read and validated once, when the chat client is built, with every
/// problem reported together (an <see cref="Microsoft.Extensions.Options.OptionsValidationException"/>).</remarks>
public sealed class ComplianceChatOptions
{
    /// <summary>Whether verdicts are only recorded, or also enforced.</summary>
    /// <value>The default is <see cref="ComplianceMode.Audit"/>.</value>
    public ComplianceMode Mode { get; set; } = ComplianceMode.Audit;

    /// <summary>In <see cref="ComplianceMode.Enforce"/>, the least severe outcome that refuses a call: <c>violation</c>,
    /// <c>review</c> or <c>warning</c> (each refuses the outcomes more severe than itself too, except <c>indeterminate</c>,
    /// which <see cref="RefuseIndeterminate"/> alone decides).</summary>
    /// <value>The default is <see cref="Outcome.Violation"/>.</value>
    public Outcome RefuseAt { get; set; } = Outcome.Violation;

    /// <summary>In <see cref="ComplianceMode.Enforce"/>, whether a call that cannot be judged (<c>indeterminate</c>: the
    /// rule set is not loaded, the description is incomplete, the callback failed) is refused.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool RefuseIndeterminate { get; set; } = true;

    /// <summary>The tables that turn the provider, host and model into <c>vendor</c> and <c>cloud</c>.</summary>
    /// <value>The default is <see cref="ModelCallMapping.Default"/>.</value>
    public ModelCallMapping Mapping { get; set; } = ModelCallMapping.Default;

    /// <summary>Adds what only the application knows to the call described from the client's metadata and options: return
    /// <c>call with { Id = ..., Customer = ..., Product = ..., Tags = ..., Tokens = ... }</c>. Runs on the caller's thread
    /// before the request is sent; it must not block. When it throws, the call is <c>indeterminate</c>.</summary>
    /// <value>The default is <see langword="null"/>: the call as described.</value>
    public Func<CallSubject, ChatCallContext, CallSubject>? Describe { get; set; }

    /// <summary>The clock that stamps each call's <c>timestamp</c> (which also dates the evaluation).</summary>
    /// <value>The default is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
