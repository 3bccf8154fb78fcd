using Compliance.Conditions;
using Compliance.Subjects;

namespace Compliance.Rules.Diagnostics;

/// <summary>The texts of load diagnostics (reading the rules path, YAML, documents, conditions, and compiling contracts,
/// waivers and tests), kept in one place so that tests can assert them exactly. The analysis keeps its own in
/// <see cref="Analysis.AnalysisMessages"/>, and the pattern limits theirs in <see cref="Compilation.PatternMessages"/>.</summary>
/// <remarks>Style: lowercase start, no final period, user text in backticks, one line; hints apart.</remarks>
internal static class LoadMessages
{
    // The rules path (Files/).

    public const string NoRuleFiles = "the rules folder holds no `.yaml` or `.yml` files";

    public static string PathDoesNotExist(string fullPath) => $"the rules path does not exist: no file or folder at `{fullPath}`";

    public const string RelativePathHint = "a relative path is read from the current directory";

    public const string SaveAsUtf8Hint = "save the file as UTF-8";

    // YAML (Yaml/YamlDocumentReader).

    public static string FileTooLarge(long maxBytes) => $"the file is larger than the limit of {maxBytes} bytes";

    public const string EmptyFile = "the file is empty";

    public const string OneDocument = "a file holds exactly one YAML document";

    public const string OneDocumentHint = "split the documents into separate files";

    public const string MalformedYaml = "malformed YAML after this point";

    public const string MalformedYamlFallback = "malformed YAML";

    public static string AliasNotAllowed(string files) => $"aliases are not allowed in {files}";

    public static string AnchorNotAllowed(string files, string anchor) => $"anchors are not allowed in {files} (`&{anchor}`)";

    public const string WriteOutHint = "write the value out in full";

    public const string TabHint = "replace the tab with spaces";

    public const string Tab = "a tab is used for indentation; YAML indents with spaces only";

    public static string NeedsQuotes(string value, char first, string meaning) => $"{Code(value)} begins with {Code(first.ToString())}, which YAML reads as {meaning}";

    public static string Quoted(string value) => $"write it in quotes: {Code($"'{value.Replace("'", "''", StringComparison.Ordinal)}'")}";

    /// <summary>User text in backticks; text that holds a backtick in double ones, spaced (<c>`` `legal` ``</c>), as Markdown writes it.</summary>
    private static string Code(string text) => text.Contains('`', StringComparison.Ordinal) ? $"`` {text} ``" : $"`{text}`";

    public static string ColonInValue(string key) => $"the value of `{key}` contains `: `, which YAML reads as the start of a map";

    public static string Thousands(string number) =>
        $"`{number}` is written with thousands separators, which YAML reads as a number followed by a new key; write `{number.Replace(",", string.Empty, StringComparison.Ordinal)}`";

    public static string DuplicateKey(string key, SourceLocation first) =>
        $"the key `{key}` appears twice in this map; it is first used at line {first.Line}, column {first.Column}";

    public static string TagNotAllowed(string tag) => $"the YAML tag `{tag}` is not allowed";

    public static string TagNotAllowedHint(string files) => $"remove the tag; {files} use plain values";

    public static string TooDeep(int maxDepth) => $"the document nests deeper than the limit of {maxDepth} levels";

    public static string ScalarTooLong(int maxLength) => $"a value is longer than the limit of {maxLength} characters";

    public const string KeyNotScalar = "a map key must be a single value";


    // Document shape (Documents/DocumentParser, MapReader).

    public static string UnknownKey(string key, string what) => $"unknown key `{key}` in {what}";

    public static string AllowedKeysHint(IEnumerable<string> allowed) => $"allowed keys are {Quoted(allowed)}";

    public static string NotAMap(string what, string shape) => $"{what} must be a map, not {shape}";

    public static string NotAValue(string key, string shape) => $"`{key}` must be a single value, not {shape}";

    public static string NotAList(string key, string shape) => $"`{key}` must be a list, not {shape}";

    public static string EntryNotAValue(string key, string shape) => $"each entry of `{key}` must be a single value, not {shape}";

    public const string ApiVersionMissing = "`apiVersion` is missing";

    public static string ApiVersionMissingHint(string version) => $"add `apiVersion: {version}`";

    public static string ApiVersionWrong(string written, string version) => $"`apiVersion` is `{written}`; this engine reads `{version}`";

    public const string NoDocumentKind = "a rule file must hold one of `contract`, `waivers` or `tests`";

    public static string SeveralDocumentKinds(IEnumerable<string> kinds) =>
        $"a rule file holds exactly one of `contract`, `waivers` or `tests`, not {string.Join(" and ", kinds.Select(k => $"`{k}`"))}";

    public const string SeveralDocumentKindsHint = "split them into separate files";

    public const string StrayClauses = "`clauses` belongs in a `contract` document";

    public static string EmptyList(string key) => $"`{key}` is empty";

    public const string ContractNeedsClauses = "a contract document needs `clauses`";

    public static string ExpectedStatusNotAValue(string clause) => $"the expected status of `{clause}` must be a single value";

    public static string ExpectedClausesNotAMap(string shape) => $"`clauses` must map clause ids to statuses, not {shape}";

    // Required keys, ids and words (Documents/DocumentValidators).

    public const string ContractNeedsId = "the contract needs an `id`";

    public const string ContractNeedsTitle = "the contract needs a `title`";

    public const string ClauseNeedsId = "the clause needs an `id`";

    public static string ClauseNeedsTitle(string? clause) => $"clause `{clause}` needs a `title`";

    public static string ClauseNeedsText(string? clause) => $"clause `{clause}` needs `text`: the contract's words";

    public static string ClauseNeedsAppliesTo(string? clause) => $"clause `{clause}` needs `appliesTo`: the kind of subject it judges";

    public static string ClauseNeedsRequireOrForbid(string? clause) => $"clause `{clause}` needs one of `require` or `forbid`";

    public static string ClauseHasRequireAndForbid(string? clause) => $"clause `{clause}` has both `require` and `forbid`; a clause has exactly one";

    public static string InvalidEffect(string? effect) => $"`effect` is `{effect}`; it must be one of `violation`, `review`, `warning`";

    public const string ExceptionNeedsId = "the exception needs an `id`";

    public static string ExceptionNeedsWhen(string? exception) => $"exception `{exception}` needs `when`: the subjects it exempts";

    public const string WaiverNeedsId = "the waiver needs an `id`";

    public static string WaiverNeedsClause(string? waiver) => $"waiver `{waiver}` needs `clause`: the qualified id of the clause it waives";

    public static string WaiverNeedsReason(string? waiver) => $"waiver `{waiver}` needs a `reason`";

    public const string TestNeedsName = "the test needs a `name`";

    public static string TestNeedsSubject(string? test) => $"test `{test}` needs a `subject`";

    public static string TestNeedsExpect(string? test) => $"test `{test}` needs `expect` with an `outcome` or `clauses`";

    /// <summary>A required key of a document map (<see cref="Documents.DocumentGrammar"/>) that is missing or blank;
    /// <paramref name="owner"/> is the id or name of the map's owner, when it has one.</summary>
    public static string MissingKey(string map, string key, string? owner) => (map, key) switch
    {
        ("contract", "id") => ContractNeedsId,
        ("contract", "title") => ContractNeedsTitle,
        ("clause", "id") => ClauseNeedsId,
        ("clause", "title") => ClauseNeedsTitle(owner),
        ("clause", "text") => ClauseNeedsText(owner),
        ("clause", "appliesTo") => ClauseNeedsAppliesTo(owner),
        ("exception", "id") => ExceptionNeedsId,
        ("exception", "when") => ExceptionNeedsWhen(owner),
        ("definition", "id") => DefinitionNeedsId,
        ("waiver", "id") => WaiverNeedsId,
        ("waiver", "clause") => WaiverNeedsClause(owner),
        ("waiver", "reason") => WaiverNeedsReason(owner),
        ("test", "name") => TestNeedsName,
        ("test", "subject") => TestNeedsSubject(owner),
        ("test", "expect") => TestNeedsExpect(owner),
        _ => owner is null ? $"the {map} needs `{key}`" : $"{map} `{owner}` needs `{key}`",
    };

    public static string ValidIdHint(string valid) => $"such as `{valid}`";

    /// <summary>An id (of a contract, clause or exception: <paramref name="what"/>) not in the id format.</summary>
    public static string InvalidId(string what, string? id) =>
        $"the {what} id `{id}` must be lowercase letters, digits and dashes, starting with a letter or digit";

    public static string InvalidWaiverId(string? id) => $"the waiver id `{id}` must be letters, digits, dots, dashes and underscores";

    // Conditions (Compilation/ConditionCompiler).

    public static string ConditionNotAMap(string shape) => $"a condition must be a map of paths and combinators, not {shape}";

    public const string ConditionNotAMapHint = "write `path: value`, or `all:`, `any:`, `not:`";

    public static string CombinatorNotAList(string name, string shape) => $"`{name}` takes a non-empty list of conditions, not {shape}";

    public static string OperatorNeedsPath(string name) => $"the operator `{name}` needs a path";

    public static string OperatorNeedsPathHint(string name) => $"write `path: {{{name}: ...}}`";

    public const string ExpressionNotAtTop = "`expression` is allowed only at the top of a condition, not inside `some`, `every` or `none`";

    public static string ExpressionNotText(string shape) => $"`expression` takes text, not {shape}";

    public static string ExpressionSyntax(string syntax) => $"the expression does not compile: {syntax}";

    public const string ExpressionSyntaxHint = "expressions use C# syntax with the subject as `subject`, such as `subject.Cloud == \"Azure\"`";

    public static string ExpressionForbidden(string forbidden) => $"the expression uses {forbidden}, which expressions may not reach";

    public const string ExpressionForbiddenHint = "expressions may read the subject's fields and use the helpers listed in docs/rule-language.md";

    public const string ExpressionTooComplexHint =
        "each level multiplies the work by the length of a list or text: write the condition with fewer levels";

    public static string ComparedWithNothing(string path) => $"`{path}` is compared with nothing";

    public const string ComparedWithNothingHint = "to test that a value is missing, write `exists: false`";

    public static string EmptyOperators(string path) => $"`{path}` has an empty map of operators";

    public static string KeyOfMapHint(string map, string key, string? value) =>
        $"to compare a key of `{map}`, write `{map}.{key}: {value ?? "..."}`";

    public const string NotInHint = "to say the value is none of a list, write `notIn: [...]`";

    public static string NotEqualsHint(string? value) =>
        value is null ? "to say the value is not another, write `notEquals: ...`" : $"to say the value is not `{value}`, write `notEquals: {value}`";

    public static string NotTakesACondition(string value) => $"`not` takes a condition, not the value `{value}`";

    public static string NotAValueHint(string value) =>
        $"to say a value is not `{value}`, write `path: {{notEquals: {value}}}`, such as `cloud: {{notEquals: {value}}}`";

    public static string OnTheElementsHint(string path, string op) => $"on a list, apply it to the elements: `{path}: {{some: {{{op}: ...}}}}`";

    public static string TextsNotEmptyList(string op) => $"`{op}` takes a text or a non-empty list of texts, not an empty list";

    public static string UnknownOperator(string name) => $"unknown operator `{name}`";

    public static string OperatorMismatch(string op, string path, string typeName) => $"`{op}` does not apply to `{path}`, which is {typeName}";

    public const string OnAListHint = "on a list, use `contains`, `some`, `every`, `none` or `exists`";

    public static string OnAMapHint(string path) => $"name a key, such as `{path}.team`";

    public const string QuantifierOnListsHint = "`some`, `every` and `none` apply to lists";

    public const string ExistsTakesBoolean = "`exists` takes `true` or `false`";

    public static string TakesValueList(string op, string shape) => $"`{op}` takes a non-empty list of values, not {shape}";

    public static string MatchesTakesPattern(string shape) => $"`matches` takes a pattern, not {shape}";

    public static string InvalidRegex(string pattern, string reason) => $"`{pattern}` is not a valid regular expression: {reason}";

    public static string ComparedWithShape(string path, string shape, string typeName) => $"`{path}` is compared with {shape}; it needs {typeName}";

    public static string NotEnumMember(string text, string path, IEnumerable<string> members) =>
        $"`{text}` is not a value of `{path}`; the values are {Quoted(members)}";

    public static string NeedsType(string path, string typeName, string text) => $"`{path}` needs {typeName}, not `{text}`";

    public static string NeedsBoolean(string path, string text) => $"`{path}` needs `true` or `false`, not `{text}`";

    public static string NeedsTimestamp(string path, string text) =>
        $"`{path}` needs a date such as `2026-03-01` or a timestamp such as `2026-03-01T12:00:00Z`, not `{text}`";

    public static string NotComparable(string path) => $"`{path}` cannot be compared with a value";

    /// <summary>How a path that stands for each element of a list of values is named in messages.</summary>
    public const string EachElement = "each element";

    /// <summary>A field type as messages name it: "which is a list", "it needs a whole number".</summary>
    public static string TypeName(FieldType type) => type switch
    {
        FieldType.String => "text",
        FieldType.Enum => "a choice",
        FieldType.Integer => "a whole number",
        FieldType.Number => "a number",
        FieldType.Boolean => "true or false",
        FieldType.Timestamp => "a timestamp",
        FieldType.StringMap => "a map",
        FieldType.List => "a list",
        _ => "an object",
    };

    // Contracts, clauses and message templates (RuleSetLoader's compilers).

    public static string DuplicateContract(string id, SourceLocation first) => $"the contract id `{id}` is already used at {first}";

    public static string DuplicateClause(string id, string contract, SourceLocation first) =>
        $"the clause id `{id}` is already used in contract `{contract}` at {first}";

    public static string DanglingSupersedes(string target) => $"`supersedes` names `{target}`, which is not a clause";

    public static string UnknownKind(string kind, IEnumerable<string> kinds) => $"`appliesTo` is `{kind}`, which is not a subject kind; the kinds are {Quoted(kinds)}";

    public static string DuplicateException(string id, string clause) => $"the exception id `{id}` is already used in clause `{clause}`";

    /// <summary>A date key (<c>from</c>, <c>until</c>, <c>expires</c>, <c>asOf</c>) that is not a date; <paramref name="example"/> is shown.</summary>
    public static string InvalidDate(string key, string example, string? written) => $"`{key}` must be a date such as `{example}`, not `{written}`";

    public static string EmptyWindow(DateOnly start, DateOnly end, string what = "the effective window") =>
        $"{what} ends on {Operand.Format(end)}, {(end == start ? "the day" : "before")} it starts ({Operand.Format(start)}); `until` is exclusive";

    public static string EmptyThroughWindow(DateOnly start, DateOnly last, string what) =>
        $"{what} ends on {Operand.Format(last)}, before it starts ({Operand.Format(start)}); `through` is the last day in force";

    public static string UntilAndThrough(string what) =>
        $"{what} has both `until` and `through`; give one: `until` is the first day no longer in force, `through` the last day in force";

    public const string ThroughTooLate = "`through` must be a date before 9999-12-31";

    public static string ExceptionStartsEarly(string exception, DateOnly start, string clause, DateOnly clauseStart) =>
        $"exception `{exception}` starts on {Operand.Format(start)}, before clause `{clause}` is in force ({Operand.Format(clauseStart)})";

    public const string ExceptionStartsEarlyHint = "an exception exists only while its clause is in force: start it on or after the clause's `from`";

    public static string ExceptionEndsLate(string exception, DateOnly last, string clause, DateOnly clauseLast) =>
        $"exception `{exception}` lasts through {Operand.Format(last)}, after clause `{clause}` ends (its last day is {Operand.Format(clauseLast)})";

    public const string ExceptionEndsLateHint = "an exception exists only while its clause is in force: end it on or before the clause's end";

    public static string UnknownPlaceholder(string name, string reason) => $"the message placeholder `{{{name}}}` names no field: {reason}";

    // Waivers.

    public static string DuplicateWaiver(string id, SourceLocation first) => $"the waiver id `{id}` is already used at {first}";

    public static string ExpiredWaiver(string id, DateOnly date) => $"waiver `{id}` expired on {Operand.Format(date)}";

    public const string ExpiredWaiverHint = "remove it, or renew it with a new `expires` date";

    public static string EndedWaiver(string id, DateOnly lastDay) => $"waiver `{id}` has ended: its last day was {Operand.Format(lastDay)}";

    public const string EndedWaiverHint = "remove it, or renew it with a new `through` date";

    public static string WaiverExpiresAndThrough(string? id) =>
        $"waiver `{id}` has both `expires` and `through`; give one: `expires` is the first day it no longer counts, `through` the last day it counts";

    public static string WaiverNeedsEnd(string? id) =>
        $"waiver `{id}` needs `expires` (the first day it no longer counts) or `through` (the last day it counts): every waiver ends";

    // Defined terms (Compilation/Terms, ConditionCompiler).

    public static string StrayKey(string key) => $"`{key}` belongs in a `contract` document";

    public const string DefinitionNeedsId = "the definition needs an `id`";

    public static string DefinitionNeedsOne(string? id) => $"definition `{id}` needs one of `values` (a list) or `condition`";

    public static string DefinitionHasBoth(string? id) => $"definition `{id}` has both `values` and `condition`; a definition has exactly one";

    public static string DefinitionValuesNotAList(string? id) => $"the `values` of definition `{id}` must be a non-empty list of single values";

    public static string DuplicateDefinition(string id, string contract, SourceLocation first) =>
        $"the definition id `{id}` is already used in contract `{contract}` at {first}";

    public static string UnknownTerm(string written, string? contract) =>
        contract is null ? $"`{written}` names no definition" : $"`{written}` names no definition of contract `{contract}`";

    public const string UnknownTermHint = "define it under `definitions:` in the contract";

    public const string UnknownTermOrLiteralHint = "define it under `definitions:` in the contract, or write a literal value that begins with `$` as `$$`";

    public static string TermCycle(string id, IEnumerable<string> cycle) =>
        $"the definition `{id}` uses itself: {string.Join(" → ", cycle.Select(c => $"`{c}`"))}";

    public const string TermCycleHint = "a definition may use other definitions, but not itself";

    public static string TermTooDeep(string id, int depth, int limit) =>
        $"the definition `{id}` is used {depth} levels deep; definitions may use each other at most {limit} levels deep";

    public const string TermTooDeepHint = "use fewer definitions inside each other";

    public static string TermsTooLarge(int limit) =>
        $"the rule set's definitions expand to more than {limit.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} conditions and values where they are used";

    public const string TermsTooLargeHint = "use a large definition in fewer places, or split it";

    public static string ConditionAmongValues(string written, string list) =>
        $"`{written}` is a defined condition, not a list: it cannot stand among the values of `{list}`";

    public static string UnusedDefinition(string name) =>
        $"the definition `{name}` is not used by any clause, exception, waiver or other definition";

    public static string UnusedListHint(string name) => $"use it as `${name}` where a list of values stands, or remove it";

    public static string UnusedConditionHint(string name) => $"use it as `is: {name}` in a condition, or remove it";

    public static string IsNotAName(string shape) => $"`is` takes the name of a defined condition, not {shape}";

    public static string ListAsCondition(string written) => $"`{written}` is a defined list of values, not a condition";

    public static string ListAsConditionHint(string name) => $"compare a path with it, such as `path: ${name}`";

    public static string ConditionAsList(string written) => $"`{written}` is a defined condition, not a list of values";

    public static string ConditionAsListHint(string name) => $"use it as a condition: `is: {name}`";

    public static string ListAsValue(string written) => $"`{written}` is a defined list of values, where one value stands";

    public static string ListAsValueHint(string path, string written) =>
        $"to test that `{path}` is one of them, write `{path}: {{in: {written}}}`; write a literal value that begins with `$` as `${written}`";

    public static string ConditionAsValue(string written) => $"`{written}` is a defined condition, not a value";

    public static string TermValueAtUse(string message, string term, string file, int line, int column) =>
        $"{message} (a value of the definition `{term}` at {file}:{line}:{column})";

    public static string DanglingWaiver(string id, string clause) => $"waiver `{id}` names clause `{clause}`, which does not exist";

    public const string QualifyClauseHint = "name the clause as `contract/clause`";

    // Tests.

    public static string DuplicateTest(string name, SourceLocation first) => $"the test name `{name}` is already used at {first}";

    public static string NotAnOutcome(string? written, IEnumerable<string> outcomes) => $"`{written}` is not an outcome; the outcomes are {Quoted(outcomes)}";

    public static string NotAStatus(string? written, IEnumerable<string> statuses) => $"`{written}` is not a status; the statuses are {Quoted(statuses)}";

    public static string TestNamesNoClause(string test, string? clause) => $"test `{test}` expects a status for `{clause}`, which is not a clause";

    public static string UnknownSubjectField(string? field, string kind) => $"unknown subject field `{field}` for kind `{kind}`";

    public static string ChecksSkipped(IReadOnlyList<string> files, IReadOnlyList<(string Id, string At)> references, int unused, int maxListed)
    {
        var parts = new List<string>();
        if (references.Count > 0)
        {
            var ids = references.GroupBy(r => r.Id, StringComparer.Ordinal).ToArray();
            var listed = string.Join(", ", ids.Take(maxListed).Select(g =>
                $"`{g.Key}` at {g.First().At}{(g.Count() > 1 ? $" and {Counted(g.Count() - 1, "other place")}" : string.Empty)}"));
            var more = ids.Length > maxListed ? $", and {Counted(ids.Length - maxListed, "other id")}" : string.Empty;
            parts.Add($"{Counted(references.Count, "reference")} to contracts that no file read defines {(references.Count == 1 ? "was" : "were")} not checked ({listed}{more})");
        }

        if (unused > 0)
        {
            parts.Add($"{Counted(unused, "definition")} {(unused == 1 ? "was" : "were")} not checked for being unused");
        }

        return $"{Quoted(files)} could not be read, so {string.Join(", and ", parts)}";
    }

    public const string ChecksSkippedHint = "fix the file that could not be read first; the skipped checks run once it reads";

    public static string QualifiedClauseHint(IReadOnlyList<string> qualified) =>
        $"name the clause with its contract: {string.Join(" or ", qualified.Select(q => $"`{q}`"))}";

    private static string Counted(int count, string noun) => $"{count} {noun}{(count == 1 ? string.Empty : "s")}";

    // Warnings for rules that probably say something other than what was meant (CMP0090, CMP0091).

    public static string WaiverWithoutWhen(string id, string clause) =>
        $"waiver `{id}` has no `when`: it waives clause `{clause}` for every subject the clause applies to";

    public static string WildcardPattern(string pattern, char repeated) =>
        $"`{pattern}` reads as a wildcard, but `matches` takes a regular expression, in which `*` repeats the character before it (here `{repeated}`, any number of times)";

    public static string WildcardHint(string meant) => $"to match what the wildcard says, write {meant}";

    public static string InvalidWildcardHint(string meant) =>
        $"`matches` takes a regular expression, in which `*` repeats the character before it; to match what the wildcard says, write {meant}";

    public const string WaiverWithoutWhenHint = "name the subjects it covers in `when`, or write `when: {}` to waive every subject on purpose";

    private static string Quoted(IEnumerable<string> words) => string.Join(", ", words.Select(w => $"`{w}`"));
}
