namespace Compliance.Rules.Documents;

/// <summary>What a key of a rule document holds: the parser reads it, the validators check it and the JSON Schema
/// describes it by this.</summary>
internal enum KeyType
{
    /// <summary>The rule-language version, <see cref="DocumentParser.ApiVersion"/>.</summary>
    Version,

    /// <summary>An id of a contract, clause or exception (<see cref="DocumentValidators.IdPattern"/>).</summary>
    Id,

    /// <summary>A waiver id (<see cref="DocumentValidators.WaiverIdPattern"/>).</summary>
    WaiverId,

    /// <summary>A qualified clause id, <c>contract/clause</c>.</summary>
    QualifiedId,

    /// <summary>A single value read as text; blank counts as missing.</summary>
    Text,

    /// <summary>One text or a list of them.</summary>
    Texts,

    /// <summary>One clause id or a list of them (qualified, or in the same contract).</summary>
    ClauseIds,

    /// <summary>A date such as <c>2026-03-01</c>.</summary>
    Date,

    /// <summary>The name of a subject kind.</summary>
    Kind,

    /// <summary>One of the key's <see cref="DocumentKey.Words"/>.</summary>
    Word,

    /// <summary>A condition on the subject kind the clause names in <c>appliesTo</c>.</summary>
    Condition,

    /// <summary>A condition on any subject kind (a waiver's kind is its clause's).</summary>
    AnyKindCondition,

    /// <summary>A waiver's <c>when</c>: a condition on its clause's subject kind, or the empty map <c>{}</c> for every
    /// subject the clause applies to.</summary>
    WaiverCondition,

    /// <summary>A nested map, <see cref="DocumentKey.Map"/>.</summary>
    Map,

    /// <summary>A list of nested maps, <see cref="DocumentKey.Map"/>.</summary>
    List,

    /// <summary>A non-empty list of single values (a definition's <c>values</c>).</summary>
    Values,

    /// <summary>A test's subject: a map with <c>kind</c> and the kind's fields.</summary>
    Subject,

    /// <summary>An expected verdict outcome.</summary>
    Outcome,

    /// <summary>Expected clause statuses by qualified clause id.</summary>
    Statuses,
}

/// <summary>One key of a document map.</summary>
/// <param name="Name">The key as written.</param>
/// <param name="Type">What it holds.</param>
/// <param name="Required">Whether the map must have it (with a value that is not blank).</param>
/// <param name="Description">The JSON Schema's description (editors' hover text); <see langword="null"/> for none.</param>
/// <param name="Map">For <see cref="KeyType.Map"/> and <see cref="KeyType.List"/>, the map it holds.</param>
/// <param name="Words">For <see cref="KeyType.Word"/>, the allowed words.</param>
internal sealed record DocumentKey(string Name, KeyType Type, bool Required, string? Description,
    DocumentMap? Map = null, IReadOnlyList<string>? Words = null);

/// <summary>One map of a rule document: the keys it allows, in the order the schema and the "allowed keys" hint list them.</summary>
/// <param name="Name">The map's name: the schema's definition (<c>#/$defs/clause</c>) for a map of its own, and the owner named in messages.</param>
/// <param name="What">The map as messages name it: "unknown key `x` in a clause".</param>
/// <param name="Keys">The keys allowed.</param>
/// <param name="Description">The JSON Schema's description.</param>
/// <param name="Inline">Whether the schema writes the map where it is used (<c>effective</c>, <c>expect</c>) rather than as a definition.</param>
/// <param name="AtLeastOneKey">Whether the map must hold at least one key (<c>expect</c>).</param>
internal sealed record DocumentMap(string Name, string What, IReadOnlyList<DocumentKey> Keys, string Description,
    bool Inline = false, bool AtLeastOneKey = false)
{
    /// <summary>The names of the keys allowed, in order.</summary>
    public IReadOnlyList<string> Names { get; } = Keys.Select(k => k.Name).ToArray();

    /// <summary>The keys the map must have, in order.</summary>
    public IReadOnlyList<DocumentKey> Required { get; } = Keys.Where(k => k.Required).ToArray();

    /// <summary>The key named; throws for a key the grammar does not have (a mistake in the engine, not the file).</summary>
    public DocumentKey this[string name] => Keys.FirstOrDefault(k => k.Name == name)
        ?? throw new ArgumentOutOfRangeException(nameof(name), name, $"{Name} has no such key");
}

/// <summary>The grammar of rule, waiver and tests documents: which keys each document kind and nested map allows,
/// which it requires, and what each holds. <see cref="DocumentParser"/> takes the allowed keys from it,
/// <see cref="DocumentValidators"/> the required ones, and <see cref="Schema.RuleSchema"/> every property it writes.</summary>
/// <remarks>To add a key: add it here (its type, whether it is required, its description), read it in
/// <see cref="DocumentParser"/> into the document model, and compile it. A new required key also needs its missing-key
/// message in <see cref="Diagnostics.LoadMessages.MissingKey(string, string, string?)"/>.</remarks>
internal static class DocumentGrammar
{
    /// <summary>The root keys of which a file holds exactly one: its document kind.</summary>
    public static readonly IReadOnlyList<string> DocumentKinds = ["contract", "waivers", "tests"];

    /// <summary>The words of a clause's <c>effect</c>; the first is the default.</summary>
    public static readonly IReadOnlyList<string> Effects = ["violation", "review", "warning"];

    public static readonly DocumentMap Effective = new("effective", "`effective`",
    [
        new("from", KeyType.Date, false, "The first day in effect."),
        new("until", KeyType.Date, false, "The first day no longer in effect (exclusive)."),
        new("through", KeyType.Date, false, "The last day in effect (inclusive)."),
    ], "The dates the clause is in effect: from inclusive; until exclusive or through inclusive, never both.", Inline: true);

    /// <summary>A dated carve-out's own window: outside it the exception does not exist.</summary>
    public static readonly DocumentMap ExceptionEffective = new("exceptionEffective", "an exception's `effective`",
    [
        new("from", KeyType.Date, false, "The first day the carve-out exists."),
        new("until", KeyType.Date, false, "The first day it no longer exists (exclusive)."),
        new("through", KeyType.Date, false, "The last day it exists (inclusive)."),
    ], "The dates the carve-out exists, within the clause's: from inclusive; until exclusive or through inclusive, never both.", Inline: true);

    public static readonly DocumentMap Exception = new("exception", "an exception",
    [
        new("id", KeyType.Id, true, "Unique in its clause."),
        new("section", KeyType.Text, false, "The contract's section that writes the carve-out, if it has its own."),
        new("reason", KeyType.Text, false, "Why the carve-out exists."),
        new("when", KeyType.Condition, true, "Which subjects are exempt."),
        new("effective", KeyType.Map, false, ExceptionEffective.Description, Map: ExceptionEffective),
    ], "A carve-out from the clause.");

    /// <summary>A contract's defined term: exactly one of <c>values</c> or <c>condition</c> (checked by the validators).</summary>
    public static readonly DocumentMap Definition = new("definition", "a definition",
    [
        new("id", KeyType.Id, true, "Unique in its contract; used as $id (a list) or is: id (a condition)."),
        new("section", KeyType.Text, false, "The contract's section that defines the term."),
        new("title", KeyType.Text, false, "The term as the contract writes it, such as \"Permitted Partners\"."),
        new("text", KeyType.Text, false, "The contract's definition, in its words."),
        new("values", KeyType.Values, false, "The defined list; an entry $term splices another defined list in."),
        new("condition", KeyType.AnyKindCondition, false, "The defined condition, on the subject of the clause that uses it."),
    ], "A defined term of the contract: a list of values ($term) or a condition (is: term).");

    public static readonly DocumentMap Clause = new("clause", "a clause",
    [
        new("id", KeyType.Id, true, "Unique in its contract."),
        new("section", KeyType.Text, false, "The contract's section number, such as \"2.1\"."),
        new("title", KeyType.Text, true, "A short title."),
        new("text", KeyType.Text, true, "The contract's words."),
        new("appliesTo", KeyType.Kind, true, "The kind of subject the clause judges."),
        new("effective", KeyType.Map, false, Effective.Description, Map: Effective),
        new("when", KeyType.Condition, false, "Which subjects the clause applies to; absent for every subject of the kind."),
        new("require", KeyType.Condition, false, "The condition a subject must meet."),
        new("forbid", KeyType.Condition, false, "The condition a subject must not meet."),
        new("effect", KeyType.Word, false, "What a violation means: violation (the default), review or warning.", Words: Effects),
        new("message", KeyType.Text, false, "Shown when violated; {path} placeholders take the subject's values."),
        new("remediation", KeyType.Text, false, "How to fix a violation."),
        new("exceptions", KeyType.List, false, "Carve-outs: a subject that would violate the clause is exempt when one holds.", Map: Exception),
        new("supersedes", KeyType.ClauseIds, false, "Clauses (contract/clause, or clause in this contract) this one replaces while in effect."),
    ], "A contract clause: its words, the subjects it judges and what it requires or forbids.");

    public static readonly DocumentMap Contract = new("contract", "`contract`",
    [
        new("id", KeyType.Id, true, "Unique in the rule set; clauses are named contract/clause."),
        new("title", KeyType.Text, true, "The contract's title."),
        new("parties", KeyType.Texts, false, "The parties to the contract."),
    ], "The contract: its id, title and parties.");

    public static readonly DocumentMap Waiver = new("waiver", "a waiver",
    [
        new("id", KeyType.WaiverId, true, "Unique in the rule set, such as W-2026-014."),
        new("clause", KeyType.QualifiedId, true, "The qualified id of the waived clause: contract/clause."),
        new("when", KeyType.WaiverCondition, false, "Which subjects the waiver covers; `{}` for every subject the clause applies to (absent means the same, with a warning)."),
        new("reason", KeyType.Text, true, "Why it was granted."),
        new("approvedBy", KeyType.Text, false, "Who approved it."),
        new("expires", KeyType.Date, false, "The first day on which the waiver no longer applies (give this or through)."),
        new("through", KeyType.Date, false, "The last day on which the waiver applies (give this or expires)."),
    ], "An approved, dated permission to violate one clause for some subjects.");

    public static readonly DocumentMap Expect = new("expect", "`expect`",
    [
        new("outcome", KeyType.Outcome, false, null),
        new("clauses", KeyType.Statuses, false, "Expected statuses by qualified clause id."),
    ], "The expected outcome, clause statuses, or both.", Inline: true, AtLeastOneKey: true);

    public static readonly DocumentMap Test = new("test", "a test",
    [
        new("name", KeyType.Text, true, "What the test shows, as a sentence."),
        new("asOf", KeyType.Date, false, "The date to judge as of; else the subject's timestamp."),
        new("subject", KeyType.Subject, true, null),
        new("expect", KeyType.Map, true, Expect.Description, Map: Expect),
    ], "A subject and the verdict it must get.");

    public static readonly DocumentMap Root = new("root", "a rule file",
    [
        new("apiVersion", KeyType.Version, true, "The rule-language version."),
        new("contract", KeyType.Map, false, null, Map: Contract),
        new("clauses", KeyType.List, false, "The contract's clauses.", Map: Clause),
        new("definitions", KeyType.List, false, "The contract's defined terms.", Map: Definition),
        new("waivers", KeyType.List, false, "Approved, dated permissions to violate one clause for some subjects.", Map: Waiver),
        new("tests", KeyType.List, false, "Subjects and the verdicts they must get.", Map: Test),
    ], "One document per file: apiVersion and exactly one of contract (with clauses), waivers or tests.");

    /// <summary>Every map, the root first.</summary>
    public static readonly IReadOnlyList<DocumentMap> Maps = [Root, Contract, Clause, Effective, Exception, ExceptionEffective, Definition, Waiver, Test, Expect];
}
