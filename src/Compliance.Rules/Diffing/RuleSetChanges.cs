namespace Compliance.Rules.Diffing;

/// <summary>What differs between two rule sets' texts: the clauses and the defined terms added, removed and changed,
/// each by qualified id (<c>contract/id</c>).</summary>
/// <remarks>Immutable. Made by <see cref="RuleSetDiff.Compare"/>.</remarks>
public sealed record RuleSetChanges
{
    /// <summary>The clauses added, removed and changed.</summary>
    public required ChangeList Clauses { get; init; }

    /// <summary>The defined terms (a contract's <c>definitions:</c>) added, removed and changed.</summary>
    /// <value>Empty while the rule language has no defined terms.</value>
    public ChangeList Definitions { get; init; } = ChangeList.Empty;

    /// <summary>Whether the two rule sets have the same clauses and definitions, key for key.</summary>
    public bool IsEmpty => Clauses.IsEmpty && Definitions.IsEmpty;
}

/// <summary>Items (clauses or defined terms) added, removed and changed, by qualified id.</summary>
/// <remarks>Immutable. A renamed item is one removed and one added: the comparison goes by id.</remarks>
public sealed record ChangeList
{
    /// <summary>No additions, removals or changes.</summary>
    public static ChangeList Empty { get; } = new();

    /// <summary>The qualified ids only the new rule set has, in its order.</summary>
    /// <value>The default is an empty list.</value>
    public IReadOnlyList<string> Added { get; init; } = [];

    /// <summary>The qualified ids only the base rule set has, in its order.</summary>
    /// <value>The default is an empty list.</value>
    public IReadOnlyList<string> Removed { get; init; } = [];

    /// <summary>The items both have whose keys differ, in the new rule set's order.</summary>
    /// <value>The default is an empty list.</value>
    public IReadOnlyList<ChangedItem> Changed { get; init; } = [];

    /// <summary>Whether nothing was added, removed or changed.</summary>
    public bool IsEmpty => Added.Count == 0 && Removed.Count == 0 && Changed.Count == 0;
}

/// <summary>An item both rule sets have, with the keys whose values differ.</summary>
/// <param name="Id">The qualified id.</param>
/// <param name="Keys">The rule file keys that differ (<c>when</c>, <c>require</c>, <c>effect</c>, ...), in the order a
/// clause is written; for a clause also <c>waivers</c> when the waivers of the clause differ.</param>
public sealed record ChangedItem(string Id, IReadOnlyList<string> Keys);
