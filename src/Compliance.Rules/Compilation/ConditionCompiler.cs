using System.Text.RegularExpressions;
using Compliance.Conditions;
using Compliance.Rules.Diagnostics;
using Compliance.Rules.Expressions;
using Compliance.Rules.Yaml;
using Compliance.Subjects;

namespace Compliance.Rules.Compilation;

/// <summary>Compiles condition maps from rule files into <see cref="Condition"/> trees, checking every path,
/// operator and operand against the subject kind. Reports every problem; returns <see langword="null"/> if any.</summary>
internal sealed class ConditionCompiler
{
    private static IReadOnlyDictionary<string, Operator> Operators => OperatorNames.Operators;

    private static IReadOnlyDictionary<string, Quantifier> Quantifiers => OperatorNames.Quantifiers;

    private static readonly string[] Combinators = ["all", "any", "not", "is", "expression"];

    private List<Diagnostic> _diagnostics;
    private readonly Terms _terms;
    private string? _contract;
    private readonly ExpressionCompiler _expressions;
    private readonly TimeSpan _regexTimeout;
    private readonly int _maxPatternLength;

    public ConditionCompiler(List<Diagnostic> diagnostics, ExpressionCompiler expressions, TimeSpan regexTimeout, int maxPatternLength,
        Terms terms)
    {
        _diagnostics = diagnostics;
        _terms = terms;
        _expressions = expressions;
        _regexTimeout = regexTimeout;
        _maxPatternLength = maxPatternLength;
    }

    /// <summary>Compiles a condition written against a subject kind, in <paramref name="contract"/> (whose terms <c>$term</c>
    /// and <c>is: term</c> name without a contract).</summary>
    public Condition? Compile(DataNode node, SubjectKind kind, string contract)
    {
        _contract = contract;
        return CompileMap(node, kind.Model, kind.Name, topLevel: true);
    }

    private void Error(string code, SourceLocation at, string message, string? hint = null) =>
        _diagnostics.Add(Diagnostic.Error(code, at, message, hint));

    private Condition? CompileMap(DataNode node, SubjectTypeModel model, string kindName, bool topLevel)
    {
        if (node is not MapNode map || map.Entries.Count == 0)
        {
            Error(DiagnosticCodes.WrongShape, node.Location, LoadMessages.ConditionNotAMap(node.ShapeName),
                LoadMessages.ConditionNotAMapHint);
            return null;
        }

        return AllOf(map, entry => CompileEntry(entry.Key, entry.Value, model, kindName, topLevel));
    }

    /// <summary>Every entry of a map must hold: compiles each (so that every problem is reported), then gives the one
    /// condition, or an <c>all</c> of them; <see langword="null"/> when any entry failed.</summary>
    private static Condition? AllOf(MapNode map, Func<KeyValuePair<ScalarNode, DataNode>, Condition?> compile)
    {
        var parts = new List<Condition>(map.Entries.Count);
        var failed = false;
        foreach (var entry in map.Entries)
        {
            if (compile(entry) is { } part)
            {
                parts.Add(part);
            }
            else
            {
                failed = true;
            }
        }

        return failed ? null : parts.Count == 1 ? parts[0] : new AllCondition(parts, map.Location);
    }

    private Condition? CompileEntry(ScalarNode key, DataNode value, SubjectTypeModel model, string kindName, bool topLevel)
    {
        var name = key.Value!;
        switch (name)
        {
            case "all":
            case "any":
            {
                if (value is not ListNode list || list.Items.Count == 0)
                {
                    Error(DiagnosticCodes.WrongShape, value.Location, LoadMessages.CombinatorNotAList(name, value.ShapeName));
                    return null;
                }

                var items = list.Items.Select(i => CompileMap(i, model, kindName, topLevel)).ToArray();
                if (items.Any(i => i is null))
                {
                    return null;
                }

                return name == "all" ? new AllCondition(items!, key.Location) : new AnyCondition(items!, key.Location);
            }

            case "not":
            {
                if (value is ScalarNode { IsNull: false } word)
                {
                    Error(DiagnosticCodes.WrongShape, value.Location, LoadMessages.NotTakesACondition(word.Value!), LoadMessages.NotAValueHint(word.Value!));
                    return null;
                }

                var inner = CompileMap(value, model, kindName, topLevel);
                return inner is null ? null : new NotCondition(inner, key.Location);
            }

            case "expression":
                return CompileExpression(key, value, model, topLevel);

            case "is":
                return CompileTerm(key, value, model, kindName, topLevel);
        }

        if (Operators.ContainsKey(name) || Quantifiers.ContainsKey(name))
        {
            Error(DiagnosticCodes.WrongShape, key.Location, LoadMessages.OperatorNeedsPath(name),
                LoadMessages.OperatorNeedsPathHint(name));
            return null;
        }

        var path = PathResolver.Resolve(name, model, kindName, out var failure);
        if (path is null)
        {
            var hint = failure!.Hint ?? Suggestions.DidYouMean(name, Combinators);
            Error(DiagnosticCodes.UnknownPath, key.Location, failure.Message, hint);
            return null;
        }

        return CompileOperators(path, value, key.Location, kindName);
    }

    /// <summary><c>is: term</c>: the defined condition, compiled for the subject it is used on, in its own contract.</summary>
    private Condition? CompileTerm(ScalarNode key, DataNode value, SubjectTypeModel model, string kindName, bool topLevel)
    {
        if (value is not ScalarNode { IsNull: false } name)
        {
            Error(DiagnosticCodes.WrongShape, value.Location, LoadMessages.IsNotAName(value.ShapeName));
            return null;
        }

        var written = name.Value!;
        var entry = _terms.Find(written.TrimStart('$'), _contract, name.Location, written);
        if (entry is null)
        {
            return null;
        }

        if (entry.IsList)
        {
            Error(DiagnosticCodes.TermWrongSort, name.Location, LoadMessages.ListAsCondition(written), LoadMessages.ListAsConditionHint(written.TrimStart('$')));
            return null;
        }

        if (!_terms.Spend(entry.ConditionSize, name.Location))
        {
            return null;
        }

        var inner = _terms.Expanding(entry, name.Location, () =>
        {
            var saved = _contract;
            _contract = entry.Contract;
            try
            {
                return CompileMap(entry.Document.Condition!, model, kindName, topLevel);
            }
            finally
            {
                _contract = saved;
            }
        });
        if (inner is null)
        {
            return null;
        }

        entry.FirstCompiled ??= inner;
        return new TermCondition(entry.Term, inner, key.Location);
    }

    /// <summary><c>path: $term</c>, <c>in: $term</c>, <c>notIn: $term</c>: the defined list's values, each converted to the
    /// path's type at this use; a value that does not fit is reported here, naming the definition.</summary>
    private Condition? CompileTermList(FieldPath path, Operator op, ScalarNode reference, SourceLocation at)
    {
        var written = reference.Value!;
        var entry = _terms.Find(written[1..], _contract, reference.Location, written);
        if (entry is null)
        {
            return null;
        }

        if (!entry.IsList)
        {
            Error(DiagnosticCodes.TermWrongSort, reference.Location, LoadMessages.ConditionAsList(written), LoadMessages.ConditionAsListHint(written[1..]));
            return null;
        }

        var values = _terms.ValuesOf(entry, reference.Location);
        if (values is null || !_terms.Spend(values.Count, reference.Location))
        {
            return null;
        }

        var operands = new Operand?[values.Count];
        var saved = _diagnostics;
        var scratch = new List<Diagnostic>();
        _diagnostics = scratch;
        try
        {
            for (var i = 0; i < values.Count; i++)
            {
                operands[i] = ConvertOperand(path.Type, path, values[i]);
            }
        }
        finally
        {
            _diagnostics = saved;
        }

        foreach (var problem in scratch)
        {
            Error(problem.Code, reference.Location,
                LoadMessages.TermValueAtUse(problem.Message, entry.Term.Id, problem.File, problem.Line, problem.Column), problem.Hint);
        }

        return scratch.Count > 0 ? null : new ComparisonCondition(path, op, operands!, null, at, entry.Term);
    }

    /// <summary>A term named where one value stands (<c>equals: $term</c>): reported as the wrong sort, or as unknown.</summary>
    private void ReferenceAsValue(ScalarNode reference, FieldPath path)
    {
        var written = reference.Value!;
        var entry = _terms.Find(written[1..], _contract, reference.Location, written);
        if (entry is null)
        {
            return;
        }

        if (entry.IsList)
        {
            Error(DiagnosticCodes.TermWrongSort, reference.Location, LoadMessages.ListAsValue(written), LoadMessages.ListAsValueHint(Describe(path), written));
        }
        else
        {
            Error(DiagnosticCodes.TermWrongSort, reference.Location, LoadMessages.ConditionAsValue(written), LoadMessages.ConditionAsListHint(written[1..]));
        }
    }

    private Condition? CompileExpression(ScalarNode key, DataNode value, SubjectTypeModel model, bool topLevel)
    {
        if (!topLevel)
        {
            Error(DiagnosticCodes.WrongShape, key.Location, LoadMessages.ExpressionNotAtTop);
            return null;
        }

        if (value is not ScalarNode { IsNull: false } text)
        {
            Error(DiagnosticCodes.WrongShape, value.Location, LoadMessages.ExpressionNotText(value.ShapeName));
            return null;
        }

        var result = _expressions.Compile(text.Value!, model.ClrType);
        if (result.SyntaxError is { } syntax)
        {
            var at = text.Location;
            if (result.Position is { } position && !text.Quoted && !text.Value!.Contains('\n'))
            {
                at = at with { Column = at.Column + position };
            }
            else if (result.Position is { } p && text.Quoted && !text.Value!.Contains('\n'))
            {
                at = at with { Column = at.Column + 1 + p };
            }

            Error(DiagnosticCodes.ExpressionSyntax, at, LoadMessages.ExpressionSyntax(syntax),
                LoadMessages.ExpressionSyntaxHint);
            return null;
        }

        if (result.Forbidden is { } forbidden)
        {
            Error(DiagnosticCodes.ExpressionForbidden, text.Location,
                LoadMessages.ExpressionForbidden(forbidden),
                LoadMessages.ExpressionForbiddenHint);
            return null;
        }

        if (result.TooComplex is { } tooComplex)
        {
            Error(DiagnosticCodes.ExpressionTooComplex, text.Location, tooComplex,
                LoadMessages.ExpressionTooComplexHint);
            return null;
        }

        return new ExpressionCondition(text.Value!, result.Predicate!, key.Location);
    }

    /// <summary>Compiles the value of a path entry: a scalar (equals), a list (in) or a map of operators.</summary>
    private Condition? CompileOperators(FieldPath path, DataNode value, SourceLocation at, string kindName)
    {
        switch (value)
        {
            case ScalarNode { IsNull: true }:
                Error(DiagnosticCodes.ValueMismatch, value.Location, LoadMessages.ComparedWithNothing(Describe(path)),
                    LoadMessages.ComparedWithNothingHint);
                return null;
            case ScalarNode scalar when Terms.IsReference(scalar.Value):
                return CompileOperator(path, Operator.In, scalar, at, kindName);
            case ScalarNode scalar:
                return CompileOperator(path, Operator.Equals, scalar, at, kindName);
            case ListNode list:
                return CompileOperator(path, Operator.In, list, at, kindName);
        }

        var map = (MapNode)value;
        if (map.Entries.Count == 0)
        {
            Error(DiagnosticCodes.WrongShape, value.Location, LoadMessages.EmptyOperators(Describe(path)));
            return null;
        }

        return AllOf(map, entry =>
        {
            var (opKey, operand) = entry;
            var opName = opKey.Value!;
            if (Operators.TryGetValue(opName, out var op))
            {
                return CompileOperator(path, op, operand, opKey.Location, kindName);
            }

            if (Quantifiers.TryGetValue(opName, out var quantifier))
            {
                return CompileQuantifier(path, quantifier, operand, opKey.Location, kindName);
            }

            Error(DiagnosticCodes.UnknownOperator, opKey.Location, LoadMessages.UnknownOperator(opName), UnknownOperatorHint(path, opName, operand));
            return null;
        });
    }

    /// <summary>What was probably meant by a key that is no operator: a key of a map (<c>tags: {team: ml}</c> is
    /// <c>tags.team: ml</c>), <c>notEquals</c> for <c>not</c>, or the nearest operator.</summary>
    private static string? UnknownOperatorHint(FieldPath path, string name, DataNode operand)
    {
        var value = operand is ScalarNode { IsNull: false } scalar ? scalar.Value : null;
        if (path.Type == FieldType.StringMap && !path.IsSelf)
        {
            return LoadMessages.KeyOfMapHint(path.Text, name, value);
        }

        if (name == "not")
        {
            return operand is ListNode ? LoadMessages.NotInHint : LoadMessages.NotEqualsHint(value);
        }

        return Suggestions.DidYouMean(name, Operators.Keys.Concat(Quantifiers.Keys));
    }

    private static string Describe(FieldPath path) => path.IsSelf ? LoadMessages.EachElement : path.Text;

    private static string TypeName(FieldType type) => LoadMessages.TypeName(type);

    private static bool Fits(Operator op, FieldPath path) => Fits(op, path.Type, path.ElementType);

    /// <summary>Whether an operator applies to a value of the type (the JSON schema of rule files uses this too).</summary>
    internal static bool Fits(Operator op, FieldType type, FieldType? elementType) => op switch
    {
        Operator.Exists => true,
        Operator.Equals or Operator.NotEquals or Operator.In or Operator.NotIn =>
            type is not (FieldType.List or FieldType.StringMap or FieldType.Object),
        Operator.GreaterThan or Operator.GreaterThanOrEqual or Operator.LessThan or Operator.LessThanOrEqual =>
            type is FieldType.Integer or FieldType.Number or FieldType.Timestamp,
        Operator.Matches => type is FieldType.String or FieldType.Enum,
        Operator.Contains => type == FieldType.String || (type == FieldType.List && elementType != FieldType.Object),
        Operator.StartsWith or Operator.EndsWith => type == FieldType.String,
        _ => false,
    };

    private Condition? CompileOperator(FieldPath path, Operator op, DataNode operand, SourceLocation at, string kindName)
    {
        var opName = OperatorNames.Name(op);
        if (!Fits(op, path))
        {
            var hint = path.Type == FieldType.List && op is Operator.StartsWith or Operator.EndsWith
                ? LoadMessages.OnTheElementsHint(path.Text, opName)
                : path.Type == FieldType.List
                ? LoadMessages.OnAListHint
                : path.Type == FieldType.StringMap ? LoadMessages.OnAMapHint(path.Text) : null;
            Error(DiagnosticCodes.OperatorMismatch, at,
                LoadMessages.OperatorMismatch(opName, Describe(path), TypeName(path.Type)), hint);
            return null;
        }

        switch (op)
        {
            case Operator.Exists:
            {
                if (operand is not ScalarNode { IsNull: false } flag || !ScalarSyntax.TryBoolean(flag.Value, flag.Quoted, out var exists))
                {
                    Error(DiagnosticCodes.ValueMismatch, operand.Location, LoadMessages.ExistsTakesBoolean);
                    return null;
                }

                return new ComparisonCondition(path, op, [new Operand(exists, flag.Value!.ToLowerInvariant())], null, at);
            }

            case Operator.In:
            case Operator.NotIn:
            {
                if (operand is ScalarNode { IsNull: false } reference && Terms.IsReference(reference.Value))
                {
                    return CompileTermList(path, op, reference, at);
                }

                if (operand is not ListNode list || list.Items.Count == 0)
                {
                    Error(DiagnosticCodes.ValueMismatch, operand.Location, LoadMessages.TakesValueList(opName, operand.ShapeName));
                    return null;
                }

                var operands = list.Items.Select(i => ConvertOperand(path.Type, path, i)).ToArray();
                return operands.Any(o => o is null) ? null : new ComparisonCondition(path, op, operands!, null, at);
            }

            case Operator.Matches:
            {
                if (operand is not ScalarNode { IsNull: false } pattern)
                {
                    Error(DiagnosticCodes.ValueMismatch, operand.Location, LoadMessages.MatchesTakesPattern(operand.ShapeName));
                    return null;
                }

                // A pattern is never a defined term: `$` is the regex end anchor, so the pattern is read as written.
                var literal = pattern.Value!;
                var regex = CompileRegex(pattern, literal);
                if (regex is not null && WildcardPattern.ReadsAsWildcard(literal) && WildcardPattern.Repeated(literal) is { } repeated)
                {
                    _diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.WildcardPattern, pattern.Location,
                        LoadMessages.WildcardPattern(literal, repeated), LoadMessages.WildcardHint(WildcardPattern.Meant(literal))));
                }

                return regex is null ? null : new ComparisonCondition(path, op, [new Operand(literal, literal)], regex, at);
            }

            case Operator.StartsWith:
            case Operator.EndsWith:
            {
                // A text, or a list of texts any of which may match.
                if (operand is ListNode { Items.Count: 0 })
                {
                    Error(DiagnosticCodes.ValueMismatch, operand.Location, LoadMessages.TextsNotEmptyList(opName));
                    return null;
                }

                var items = operand is ListNode texts ? texts.Items : [operand];
                var operands = items.Select(i => ConvertOperand(FieldType.String, path, i)).ToArray();
                return operands.Any(o => o is null) ? null : new ComparisonCondition(path, op, operands!, null, at);
            }

            case Operator.Contains:
            {
                var elementType = path.Type == FieldType.List ? path.ElementType!.Value : FieldType.String;
                var converted = ConvertOperand(elementType, path, operand);
                return converted is null ? null : new ComparisonCondition(path, op, [converted], null, at);
            }

            default:
            {
                var converted = ConvertOperand(path.Type, path, operand);
                return converted is null ? null : new ComparisonCondition(path, op, [converted], null, at);
            }
        }
    }

    private Condition? CompileQuantifier(FieldPath path, Quantifier quantifier, DataNode operand, SourceLocation at, string kindName)
    {
        var name = OperatorNames.Name(quantifier);
        if (path.Type != FieldType.List)
        {
            Error(DiagnosticCodes.OperatorMismatch, at, LoadMessages.OperatorMismatch(name, Describe(path), TypeName(path.Type)),
                LoadMessages.QuantifierOnListsHint);
            return null;
        }

        Condition? inner;
        if (path.ElementType == FieldType.Object)
        {
            inner = CompileMap(operand, path.ElementModel!, $"{kindName}.{path.Text}", topLevel: false);
        }
        else
        {
            inner = CompileOperators(PathResolver.Self(path), operand, operand.Location, kindName);
        }

        return inner is null ? null : new QuantifierCondition(path, quantifier, inner, at);
    }

    private Regex? CompileRegex(ScalarNode pattern, string text)
    {
        var regex = CompileRegexOnly(pattern, text);
        if (regex is not null)
        {
            WarmUp(regex);
        }

        return regex;
    }

    /// <summary>Runs the pattern once on empty text, so that the engine's first-use cost (code generation and, for the
    /// non-backtracking engine, about 30 ms of JIT compilation in a fresh process) is paid while loading rather than
    /// counted against the timeout of the first subject, where on a busy machine it made a sound pattern time out.</summary>
    private static void WarmUp(Regex regex)
    {
        try
        {
            regex.IsMatch(string.Empty);
        }
        catch (RegexMatchTimeoutException)
        {
            // Nothing to learn from empty text; evaluation applies the timeout as usual.
        }
    }

    /// <summary>Compiles a pattern within the limits that bound the engines' construction cost (see
    /// <see cref="PatternCost"/>): its length, the expansion of its counted repetitions, and the distinct characters and
    /// classes it names. The backtracking parser checks the syntax first, at a cost linear in the pattern; the
    /// non-backtracking engine is built only for a pattern within the limits, and one it cannot take (backreferences,
    /// lookarounds) runs on the backtracking engine, which the timeout bounds.</summary>
    private Regex? CompileRegexOnly(ScalarNode pattern, string text)
    {
        if (text.Length > _maxPatternLength)
        {
            Error(DiagnosticCodes.PatternTooLong, pattern.Location, PatternMessages.TooLong(text.Length, _maxPatternLength), PatternMessages.TooLongHint);
            return null;
        }

        Regex backtracking;
        try
        {
            backtracking = new Regex(text, RegexOptions.CultureInvariant, _regexTimeout);
        }
        catch (ArgumentException ex)
        {
            Error(DiagnosticCodes.InvalidRegex, pattern.Location, LoadMessages.InvalidRegex(text, Lower(ex.Message)),
                WildcardPattern.ReadsAsWildcard(text) ? LoadMessages.InvalidWildcardHint(WildcardPattern.Meant(text)) : null);
            return null;
        }

        var cost = PatternCost.Of(text);
        if (cost.Depth > PatternCost.MaxDepth)
        {
            Error(DiagnosticCodes.PatternTooComplex, pattern.Location, PatternMessages.TooDeep(PatternCost.MaxDepth), PatternMessages.TooDeepHint);
            return null;
        }

        if (cost.Expansion > PatternMessages.MaxExpansion)
        {
            Error(DiagnosticCodes.PatternTooComplex, pattern.Location, PatternMessages.Expands(cost.Expansion), PatternMessages.ExpandsHint);
            return null;
        }

        if (cost.Sets > PatternMessages.MaxSets)
        {
            // The non-backtracking engine's construction grows faster than the square of the distinct sets; the
            // backtracking engine builds any pattern in milliseconds, and the timeout bounds each match.
            return backtracking;
        }

        try
        {
            return new Regex(text, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, _regexTimeout);
        }
        catch (NotSupportedException)
        {
            // Backreferences, lookarounds and the like need the backtracking engine; the timeout still bounds it.
            return backtracking;
        }
    }

    private static string Lower(string message)
    {
        var cut = message.IndexOf(" - ", StringComparison.Ordinal);
        if (message.StartsWith("Invalid pattern", StringComparison.Ordinal) && cut > 0)
        {
            message = message[(cut + 3)..];
        }

        return ExceptionText.AsClause(message);
    }

    /// <summary>Converts a rule value to the type of the path it is compared with.</summary>
    private Operand? ConvertOperand(FieldType type, FieldPath path, DataNode node)
    {
        if (node is not ScalarNode { IsNull: false } scalar)
        {
            Error(DiagnosticCodes.ValueMismatch, node.Location,
                LoadMessages.ComparedWithShape(Describe(path), node.ShapeName, TypeName(type)));
            return null;
        }

        if (Terms.IsReference(scalar.Value))
        {
            ReferenceAsValue(scalar, path);
            return null;
        }

        var text = Terms.Literal(scalar.Value!);
        switch (type)
        {
            case FieldType.String:
                return new Operand(text, text);
            case FieldType.Enum:
            {
                var index = ScalarSyntax.MemberIndex(path.EnumMembers, text);
                if (index < 0 || path.EnumClrType is null)
                {
                    Error(DiagnosticCodes.NotEnumMember, scalar.Location,
                        LoadMessages.NotEnumMember(text, Describe(path), path.EnumMembers),
                        Suggestions.DidYouMean(text, path.EnumMembers));
                    return null;
                }

                var match = path.EnumMembers[index];
                return new Operand(Enum.Parse(path.EnumClrType, match, ignoreCase: true), match);
            }

            case FieldType.Integer:
            case FieldType.Number:
                if (ScalarSyntax.TryOperandNumber(text, scalar.Quoted, whole: type == FieldType.Integer, out var number))
                {
                    return new Operand(number, text);
                }

                Error(DiagnosticCodes.ValueMismatch, scalar.Location, LoadMessages.NeedsType(Describe(path), TypeName(type), text));
                return null;
            case FieldType.Boolean:
                if (ScalarSyntax.TryBoolean(text, scalar.Quoted, out var flag))
                {
                    return new Operand(flag, text.ToLowerInvariant());
                }

                Error(DiagnosticCodes.ValueMismatch, scalar.Location, LoadMessages.NeedsBoolean(Describe(path), text));
                return null;
            case FieldType.Timestamp:
                if (ScalarSyntax.TryOperandDate(text, out var date))
                {
                    return new Operand(date, text);
                }

                if (ScalarSyntax.TryOperandTimestamp(text, out var instant))
                {
                    return new Operand(instant, text);
                }

                Error(DiagnosticCodes.InvalidDate, scalar.Location,
                    LoadMessages.NeedsTimestamp(Describe(path), text));
                return null;
            default:
                Error(DiagnosticCodes.OperatorMismatch, scalar.Location, LoadMessages.NotComparable(Describe(path)));
                return null;
        }
    }
}
