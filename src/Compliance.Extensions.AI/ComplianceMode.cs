namespace Compliance.Extensions.AI;

/// <summary>What the gate does with a model call's verdict.</summary>
public enum ComplianceMode
{
    /// <summary>The call goes ahead; the verdict is logged, counted and set on the current activity.</summary>
    Audit,

    /// <summary>As <see cref="Audit"/>, and a call whose outcome is at or above <see cref="ComplianceChatOptions.RefuseAt"/>
    /// (or <c>indeterminate</c>, unless <see cref="ComplianceChatOptions.RefuseIndeterminate"/> is off) is refused before any
    /// request is sent, with a <see cref="ComplianceRefusedException"/>.</summary>
    Enforce,
}
