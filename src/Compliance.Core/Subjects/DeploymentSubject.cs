namespace Compliance.Subjects;

/// <summary>A deployed platform or runtime: the <c>deployment</c> subject kind.</summary>
public sealed record DeploymentSubject
{
    /// <summary>The subject's identifier; when absent the command line uses <c>file:line</c>.</summary>
    public string? Id { get; init; }

    /// <summary>The product deployed, such as <c>Frontier</c>. Required.</summary>
    public string? Product { get; init; }

    /// <summary>The vendor of the product. Required.</summary>
    public string? Vendor { get; init; }

    /// <summary>Whether the runtime is stateless or stateful. Required.</summary>
    public RuntimeMode? Runtime { get; init; }

    /// <summary>The cloud that hosts the deployment. Required.</summary>
    public string? HostCloud { get; init; }

    /// <summary>Who distributes the deployment to customers.</summary>
    public string? Distributor { get; init; }

    /// <summary>Whether the deployment is sold as an API.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool SoldAsApi { get; init; }

    /// <summary>The partners involved.</summary>
    /// <value>The default is an empty list.</value>
    public IReadOnlyList<string> Partners { get; init; } = [];

    /// <summary>The cloud region.</summary>
    public string? Region { get; init; }

    /// <summary>The compute capacity used, in megawatts.</summary>
    public double? CapacityMw { get; init; }

    /// <summary>When the deployment was observed; supplies the evaluation date when no <c>asOf</c> is given.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>The model calls the deployment makes.</summary>
    /// <value>The default is an empty list.</value>
    public IReadOnlyList<CallSubject> Calls { get; init; } = [];

    /// <summary>Free-form labels.</summary>
    /// <value>The default is an empty map.</value>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = EmptyTags.Instance;
}
