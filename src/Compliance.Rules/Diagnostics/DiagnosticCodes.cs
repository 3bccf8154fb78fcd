namespace Compliance.Rules.Diagnostics;

/// <summary>The stable diagnostic codes. Public API: a code is never renumbered or reused.</summary>
public static class DiagnosticCodes
{
    /// <summary>The file is not well-formed YAML.</summary>
    public const string YamlSyntax = "CMP0001";

    /// <summary>The file uses an anchor or alias, which rule files may not.</summary>
    public const string YamlAlias = "CMP0002";

    /// <summary>The file nests deeper than the limit.</summary>
    public const string YamlTooDeep = "CMP0003";

    /// <summary>The file is larger than the limit.</summary>
    public const string FileTooLarge = "CMP0004";

    /// <summary>A scalar is longer than the limit.</summary>
    public const string ScalarTooLong = "CMP0005";

    /// <summary>A YAML tag outside the core schema, such as <c>!System.IO.FileInfo</c>.</summary>
    public const string YamlTag = "CMP0006";

    /// <summary>A file holds more than one YAML document, or none.</summary>
    public const string DocumentCount = "CMP0007";

    /// <summary>A map has the same key twice.</summary>
    public const string DuplicateKey = "CMP0008";

    /// <summary>The file is not valid text in its encoding (UTF-8 unless a byte-order mark says otherwise).</summary>
    public const string InvalidText = "CMP0009";

    /// <summary><c>apiVersion</c> is missing or not <c>compliance/v1</c>.</summary>
    public const string ApiVersion = "CMP0010";

    /// <summary>A document holds none, or more than one, of <c>contract</c>, <c>waivers</c>, <c>tests</c>.</summary>
    public const string DocumentKind = "CMP0011";

    /// <summary>A key that the document does not allow.</summary>
    public const string UnknownKey = "CMP0012";

    /// <summary>A required key is missing.</summary>
    public const string MissingKey = "CMP0013";

    /// <summary>A value has the wrong shape (a map where a list belongs, and so on).</summary>
    public const string WrongShape = "CMP0014";

    /// <summary>An id does not match <c>[a-z0-9][a-z0-9-]*</c>.</summary>
    public const string InvalidId = "CMP0015";

    /// <summary>A value is not one of the allowed words (an effect, a status, an outcome).</summary>
    public const string InvalidValue = "CMP0016";

    /// <summary>A date is not <c>YYYY-MM-DD</c>.</summary>
    public const string InvalidDate = "CMP0017";

    /// <summary>Exactly one of <c>require</c> and <c>forbid</c> is needed.</summary>
    public const string RequireOrForbid = "CMP0018";

    /// <summary><c>appliesTo</c> names no registered subject kind.</summary>
    public const string UnknownKind = "CMP0020";

    /// <summary>A path names no field of the subject kind.</summary>
    public const string UnknownPath = "CMP0021";

    /// <summary>An operator the rule language does not have.</summary>
    public const string UnknownOperator = "CMP0022";

    /// <summary>An operator that does not fit the field's type.</summary>
    public const string OperatorMismatch = "CMP0023";

    /// <summary>An operand of the wrong type for the field.</summary>
    public const string ValueMismatch = "CMP0024";

    /// <summary>A value that is not a member of the field's enum.</summary>
    public const string NotEnumMember = "CMP0025";

    /// <summary>A <c>matches</c> pattern that is not a valid regular expression.</summary>
    public const string InvalidRegex = "CMP0026";

    /// <summary>An <c>expression</c> that does not compile.</summary>
    public const string ExpressionSyntax = "CMP0027";

    /// <summary>An <c>expression</c> that reaches beyond the subject and the documented helpers.</summary>
    public const string ExpressionForbidden = "CMP0028";

    /// <summary>A contract id used twice.</summary>
    public const string DuplicateContract = "CMP0030";

    /// <summary>A clause id used twice in one contract.</summary>
    public const string DuplicateClause = "CMP0031";

    /// <summary>An exception id used twice in one clause.</summary>
    public const string DuplicateException = "CMP0032";

    /// <summary>A waiver id used twice.</summary>
    public const string DuplicateWaiver = "CMP0033";

    /// <summary><c>supersedes</c> names no clause.</summary>
    public const string DanglingSupersedes = "CMP0034";

    /// <summary>A waiver names no clause.</summary>
    public const string DanglingWaiver = "CMP0035";

    /// <summary>An effective window that ends before or when it starts.</summary>
    public const string EmptyWindow = "CMP0036";

    /// <summary>A message placeholder names no field.</summary>
    public const string UnknownPlaceholder = "CMP0037";

    /// <summary>A test names no clause, or a test name is used twice.</summary>
    public const string InvalidTest = "CMP0038";

    /// <summary>A waiver that has expired (warning).</summary>
    public const string ExpiredWaiver = "CMP0040";

    /// <summary>An <c>expression</c> that nests lambdas more deeply than the limit, so that one evaluation could do work
    /// proportional to a power of the subject's size.</summary>
    public const string ExpressionTooComplex = "CMP0041";

    /// <summary>A <c>matches</c> pattern longer than <see cref="RuleSetLoaderOptions.MaxPatternLength"/>.</summary>
    public const string PatternTooLong = "CMP0050";

    /// <summary>A <c>matches</c> pattern whose counted repetitions expand past the limit, or whose groups nest too deep.</summary>
    public const string PatternTooComplex = "CMP0051";

    /// <summary>A rules path that does not exist or cannot be read.</summary>
    public const string UnreadablePath = "CMP0060";

    /// <summary>A rules path holds no rule files.</summary>
    public const string NoRuleFiles = "CMP0061";

    /// <summary>A rules path, or a file in a rules folder, is not a regular file: a named pipe, a device or a socket.</summary>
    public const string NotRegularFile = "CMP0062";

    /// <summary>A <c>$term</c> or <c>is: term</c> names no definition.</summary>
    public const string UnknownTerm = "CMP0080";

    /// <summary>A defined term used as the wrong sort: a list where a condition stands, a condition where a list stands, or
    /// a list where one value stands.</summary>
    public const string TermWrongSort = "CMP0081";

    /// <summary>Definitions that use each other in a cycle.</summary>
    public const string TermCycle = "CMP0082";

    /// <summary>A definition without exactly one of <c>values</c> or <c>condition</c>, or whose <c>values</c> is not a
    /// non-empty list of single values.</summary>
    public const string InvalidDefinition = "CMP0083";

    /// <summary>A definition id used twice in one contract.</summary>
    public const string DuplicateDefinition = "CMP0084";

    /// <summary>A definition that no clause, exception, waiver or other definition uses (warning).</summary>
    public const string UnusedDefinition = "CMP0085";

    /// <summary>A window with both <c>until</c> and <c>through</c>, or a waiver with both <c>expires</c> and <c>through</c>.</summary>
    public const string UntilAndThrough = "CMP0086";

    /// <summary>An exception's own window starts before its clause's window or ends after it (warning).</summary>
    public const string ExceptionWindowOutsideClause = "CMP0087";

    /// <summary>Definitions used inside each other more levels deep than the limit (16).</summary>
    public const string TermTooDeep = "CMP0088";

    /// <summary>The definitions of a rule set expand, where they are used, to more conditions and values than the limit
    /// (1,000,000).</summary>
    public const string TermsTooLarge = "CMP0089";

    /// <summary>A <c>matches</c> pattern that reads as a wildcard (<c>eu-*</c>): a <c>*</c> after a dash, a dot or the
    /// start, where a glob means "anything" and a regular expression "the character before, any number of times" (warning).</summary>
    public const string WildcardPattern = "CMP0090";

    /// <summary>A waiver without <c>when</c>: it waives every subject of its clause; <c>when: {}</c> says so on purpose (warning).</summary>
    public const string WaiverWithoutWhen = "CMP0091";

    /// <summary>Two clauses contradict: on some date, a subject both apply to can meet neither, and no choice of the
    /// values they demand meets both (warning).</summary>
    public const string Contradiction = "CMP0100";

    /// <summary>A condition lies outside the fragment the analysis decides exactly (an <c>expression</c>, <c>matches</c>
    /// on text), or a question is too large; what depends on it is not analysed (warning).</summary>
    public const string NotAnalysed = "CMP0101";

    /// <summary>Two clauses exclude each other: on some date, every choice of the values they demand leaves a subject
    /// both apply to violating one of them, though none violates both (warning).</summary>
    public const string MutuallyExclusive = "CMP0102";

    /// <summary>The analysis spent its whole budget and stopped; the finding names the clauses, waivers and pairs left
    /// unanalysed (warning).</summary>
    public const string AnalysisBudgetSpent = "CMP0103";

    /// <summary>A clause's <c>when</c> can never hold: the clause never applies (warning).</summary>
    public const string WhenNeverHolds = "CMP0110";

    /// <summary>A clause's exceptions cover every subject that would violate it: the clause can never be violated (warning).</summary>
    public const string ExceptionAlwaysHolds = "CMP0111";

    /// <summary>A clause is superseded on every day of its effective window: it never applies (warning).</summary>
    public const string SupersededThroughout = "CMP0112";

    /// <summary>A clause's <c>require</c> holds (or its <c>forbid</c> fails) for every subject it applies to: it can
    /// never be violated (warning).</summary>
    public const string AlwaysSatisfied = "CMP0113";

    /// <summary>Every subject a clause applies to violates it: no subject can satisfy it (warning).</summary>
    public const string NeverSatisfiable = "CMP0114";

    /// <summary>An exception never applies: no subject that would violate its clause meets its <c>when</c> (warning).</summary>
    public const string ExceptionNeverHolds = "CMP0115";

    /// <summary>A waiver expires within the configured number of days (warning).</summary>
    public const string WaiverExpiringSoon = "CMP0120";

    /// <summary>A waiver's <c>when</c> can never match a subject its clause applies to (error).</summary>
    public const string WaiverNeverMatches = "CMP0121";

    /// <summary>A waiver covers no violation: every subject it matches satisfies its clause or is exempt (warning).</summary>
    public const string WaiverCoversNoViolation = "CMP0122";

    /// <summary>Some checks were skipped because a rule file could not be read as YAML or as a document: references to
    /// contracts no file read defines, and unused definitions (info).</summary>
    public const string ChecksSkipped = "CMP0095";
}
