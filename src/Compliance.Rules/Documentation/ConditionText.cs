using Compliance.Conditions;
using Compliance.Model;
using Compliance.Subjects;

namespace Compliance.Rules.Documentation;

/// <summary>Renders clauses and conditions as English sentences for people who read contracts, not code:
/// "Applies to stateless calls whose `vendor` is OpenAI." and "Requires `cloud` to be Azure.".</summary>
/// <remarks>Paths, patterns and expressions are marked as code so that nothing the rule file says is lost in
/// paraphrase; values are shown as written. Thread-safe.</remarks>
public static class ConditionText
{
    /// <summary>A condition as a statement, such as <c>`cloud` is Azure</c> or
    /// <c>there is at least one stateless call in `calls` whose `cloud` is not Azure</c>.</summary>
    /// <param name="condition">The condition.</param>
    /// <param name="kinds">The subject kinds, to name list elements by their kind; <see langword="null"/> for <see cref="SubjectKindRegistry.Default"/>.</param>
    public static Prose Describe(Condition condition, SubjectKindRegistry? kinds = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return new ConditionRenderer(kinds ?? SubjectKindRegistry.Default).Statement(condition);
    }

    /// <summary>The subjects a clause judges, as a sentence: <c>Applies to stateless calls whose `vendor` is OpenAI.</c></summary>
    /// <param name="clause">The clause; its <see cref="Clause.AppliesTo"/> and <see cref="Clause.When"/> are read.</param>
    /// <param name="kinds">The subject kinds; <see langword="null"/> for <see cref="SubjectKindRegistry.Default"/>.</param>
    public static Prose AppliesTo(Clause clause, SubjectKindRegistry? kinds = null)
    {
        ArgumentNullException.ThrowIfNull(clause);
        return new ProseBuilder().Text("Applies to ").Append(Subjects(clause.AppliesTo, clause.When, kinds)).Text(".").Build();
    }

    /// <summary>What a clause demands, as a sentence: <c>Requires `cloud` to be Azure.</c> or <c>Forbids `soldAsApi` to be true.</c></summary>
    /// <param name="clause">The clause; its <see cref="Clause.Mode"/> and <see cref="Clause.Condition"/> are read.</param>
    /// <param name="kinds">The subject kinds; <see langword="null"/> for <see cref="SubjectKindRegistry.Default"/>.</param>
    public static Prose Requirement(Clause clause, SubjectKindRegistry? kinds = null)
    {
        ArgumentNullException.ThrowIfNull(clause);
        return new ConditionRenderer(kinds ?? SubjectKindRegistry.Default).Requirement(clause.Mode, clause.Condition);
    }

    /// <summary>The subjects of a kind that satisfy a condition, as a plural noun phrase:
    /// <c>stateless calls whose `vendor` is OpenAI</c>, or <c>every call</c> without a condition.</summary>
    /// <param name="kind">The subject kind's name, such as <c>call</c>.</param>
    /// <param name="condition">The condition the subjects satisfy; <see langword="null"/> for every subject of the kind.</param>
    /// <param name="kinds">The subject kinds; <see langword="null"/> for <see cref="SubjectKindRegistry.Default"/>.</param>
    public static Prose Subjects(string kind, Condition? condition, SubjectKindRegistry? kinds = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        return new ConditionRenderer(kinds ?? SubjectKindRegistry.Default).Subjects(kind, condition);
    }

    /// <summary>An effective window as a sentence: <c>In effect from 2019-07-22 until 2030-01-01 (exclusive).</c></summary>
    /// <param name="window">The window.</param>
    public static Prose Effective(EffectiveWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        return ProseBuilder.Of(window.From is null && window.Until is null ? "Always in effect." : $"In effect {Window(window)}.");
    }

    /// <summary>"from 2019-07-22 until 2030-01-01 (exclusive)", "from 2026-01-01 through 2027-06-30 (inclusive)", "from
    /// 2019-07-22", "until ... (exclusive)" or "at all times": a window ends as it was written.</summary>
    internal static string Window(EffectiveWindow window) => window switch
    {
        { Inclusive: true, From: { } from, LastDay: { } last } => $"from {Operand.Format(from)} through {Operand.Format(last)} (inclusive)",
        { Inclusive: true, LastDay: { } last } => $"through {Operand.Format(last)} (inclusive)",
        { From: { } from, Until: { } until } => $"from {Operand.Format(from)} until {Operand.Format(until)} (exclusive)",
        { From: { } from } => $"from {Operand.Format(from)}",
        { Until: { } until } => $"until {Operand.Format(until)} (exclusive)",
        _ => "at all times",
    };
}

/// <summary>Turns condition trees into English. Every node type and operator has a rendering; none is skipped.</summary>
internal sealed class ConditionRenderer(SubjectKindRegistry kinds)
{
    /// <summary>A rendered statement: whether it starts with its path (so "whose" can precede it) and whether it joins
    /// several statements (so it needs brackets inside another list).</summary>
    private readonly record struct Phrase(Prose Prose, bool PathLed, bool Compound)
    {
        /// <summary>For a statement about one path, the path; <see cref="Predicate"/> is what it says of it.</summary>
        public string? Path { get; init; }

        public Prose? Predicate { get; init; }

        /// <summary>Whether it joins statements with "and": inside "either ..., or ..." it needs brackets even when last.</summary>
        public bool IsConjunction { get; init; }
    }

    public Prose Statement(Condition condition) => Render(condition).Prose;

    public Prose Subjects(string kind, Condition? condition)
    {
        var model = kinds.Find(kind)?.Model;
        var conjuncts = condition is null ? [] : Conjuncts(condition);
        if (conjuncts.Count == 0)
        {
            return ProseBuilder.Of($"every {kind}");
        }

        return NounPhrase(model, Plural(kind), ProseBuilder.Of(string.Empty), conjuncts).Build();
    }

    public Prose Requirement(ClauseMode mode, Condition condition)
    {
        var verb = mode == ClauseMode.Require ? "Requires" : "Forbids";
        var builder = new ProseBuilder().Text(verb + " ");
        var conjuncts = Conjuncts(condition);
        if (conjuncts.All(IsSimple))
        {
            string? previous = null;
            for (var i = 0; i < conjuncts.Count; i++)
            {
                builder.Text(Separator(i, conjuncts.Count, "and"));
                var (comparison, negated) = Simple(conjuncts[i]);
                if (comparison.Path.Text != previous)
                {
                    builder.Code(comparison.Path.Text).Text(" ");
                }

                Predicate(builder, comparison, infinitive: true, negated);
                previous = comparison.Path.Text;
            }

            return builder.Text(".").Build();
        }

        if (condition is QuantifierCondition quantifier)
        {
            if (RequirementOfList(builder, mode, quantifier))
            {
                return builder.Text(".").Build();
            }
        }

        return builder.Text("that ").Append(Render(condition).Prose).Text(".").Build();
    }

    /// <summary>Writes the shapes that read best with the verb directly ("Requires every partner to be ...",
    /// "Forbids any call ..."); returns false for the others, which read as "Forbids that ...".</summary>
    private bool RequirementOfList(ProseBuilder builder, ClauseMode mode, QuantifierCondition q)
    {
        var require = mode == ClauseMode.Require;
        if (q.Path.ElementType != FieldType.Object)
        {
            var noun = ScalarElementNoun(q.Path);
            var lead = (require, q.Quantifier) switch
            {
                (true, Quantifier.Some) => "at least one ",
                (true, Quantifier.Every) => "every ",
                (true, Quantifier.None) => "no ",
                (false, Quantifier.Some) => "any ",
                _ => null,
            };
            if (lead is null || !TrySelfPredicates(q.Inner, out var comparisons))
            {
                return false;
            }

            builder.Text(lead).Append(noun).Text(" ");
            SelfPredicates(builder, comparisons, infinitive: true);
            return true;
        }

        var (singular, _, suffix) = ObjectElementNoun(q.Path);
        var conjuncts = Conjuncts(q.Inner);
        switch (require, q.Quantifier)
        {
            case (true, Quantifier.Some):
                builder.Text("at least one ").Append(NounPhrase(q.Path.ElementModel, singular, suffix, conjuncts).Build());
                return true;
            case (true, Quantifier.Every):
                builder.Text($"every {singular}").Append(suffix).Text(" to be ").Append(OnePhrase(q.Path.ElementModel, conjuncts));
                return true;
            case (true, Quantifier.None):
                builder.Text("that there is no ").Append(NounPhrase(q.Path.ElementModel, singular, suffix, conjuncts).Build());
                return true;
            case (false, Quantifier.Some):
                builder.Text("any ").Append(NounPhrase(q.Path.ElementModel, singular, suffix, conjuncts).Build());
                return true;
            default:
                return false;
        }
    }

    private Phrase Render(Condition condition)
    {
        switch (condition)
        {
            case ComparisonCondition comparison:
                return PathPhrase(comparison, negated: false);

            case AllCondition all:
                return Join(all.Items.Select(Render).ToArray(), "and", lead: null);
            case AnyCondition any:
                return Join(any.Items.Select(Render).ToArray(), "or", lead: "either ");
            case NotCondition not:
            {
                if (not.Inner is ComparisonCondition inner && !inner.Path.IsSelf && IsNegatable(inner.Operator))
                {
                    return PathPhrase(inner, negated: true);
                }

                var phrase = Render(not.Inner);
                return new Phrase(new ProseBuilder().Text("it is not the case that ").Append(Bracket(phrase)).Build(), PathLed: false, Compound: true);
            }

            case QuantifierCondition quantifier:
                return Quantified(quantifier);
            case TermCondition term:
            {
                // A defined term by name, then by value: the reader checks the clause against the definition in place.
                var inner = Render(term.Inner);
                var builder = new ProseBuilder().Text("it meets the definition of ").Text(term.Term.Name);
                if (term.Term.Section is { } section)
                {
                    builder.Text($" ({section})");
                }

                return new Phrase(builder.Text(": ").Append(Bracket(inner)).Build(), PathLed: false, Compound: true);
            }

            case ExpressionCondition expression:
                return new Phrase(new ProseBuilder().Text("the expression ").Code(expression.Text).Text(" is true").Build(), PathLed: false, Compound: false);
            default:
                throw new ArgumentException($"no English rendering for `{condition.GetType().Name}`", nameof(condition));
        }
    }

    private static Phrase PathPhrase(ComparisonCondition comparison, bool negated)
    {
        var predicate = new ProseBuilder();
        Predicate(predicate, comparison, infinitive: false, negated);
        var builder = comparison.Path.IsSelf ? new ProseBuilder().Text("the element ") : new ProseBuilder().Code(comparison.Path.Text).Text(" ");
        var prose = builder.Append(predicate.Build()).Build();
        return comparison.Path.IsSelf
            ? new Phrase(prose, PathLed: false, Compound: false)
            : new Phrase(prose, PathLed: true, Compound: false) { Path = comparison.Path.Text, Predicate = predicate.Build() };
    }

    private static Phrase Join(IReadOnlyList<Phrase> parts, string conjunction, string? lead)
    {
        if (parts.Count == 1)
        {
            return parts[0];
        }

        var builder = new ProseBuilder();
        if (lead is not null)
        {
            builder.Text(lead);
        }

        for (var i = 0; i < parts.Count; i++)
        {
            // "either A, or B, or C" keeps each alternative apart even when one holds its own list of values.
            builder.Text(conjunction == "or" ? (i == 0 ? string.Empty : ", or ") : Separator(i, parts.Count, conjunction));

            // A compound statement needs brackets unless it comes last, where nothing follows to be read into it;
            // "either A, or B and C" would still be ambiguous, so a last "and" inside "or" keeps them.
            var last = i == parts.Count - 1 && !(conjunction == "or" && parts[i].IsConjunction);
            builder.Append(last ? parts[i].Prose : Bracket(parts[i]));
        }

        return new Phrase(builder.Build(), PathLed: false, Compound: true) { IsConjunction = conjunction == "and" };
    }

    private static Prose Bracket(Phrase phrase) =>
        phrase.Compound ? new ProseBuilder().Text("(").Append(phrase.Prose).Text(")").Build() : phrase.Prose;

    private static string Separator(int index, int count, string conjunction) =>
        index == 0 ? string.Empty : index == count - 1 ? $" {conjunction} " : ", ";

    private Phrase Quantified(QuantifierCondition q)
    {
        var builder = new ProseBuilder();
        if (q.Path.ElementType == FieldType.Object)
        {
            var (singular, _, suffix) = ObjectElementNoun(q.Path);
            var conjuncts = Conjuncts(q.Inner);
            switch (q.Quantifier)
            {
                case Quantifier.Some:
                    builder.Text("there is at least one ").Append(NounPhrase(q.Path.ElementModel, singular, suffix, conjuncts).Build());
                    break;
                case Quantifier.Every:
                    builder.Text($"every {singular}").Append(suffix).Text(" is ").Append(OnePhrase(q.Path.ElementModel, conjuncts));
                    break;
                default:
                    builder.Text("there is no ").Append(NounPhrase(q.Path.ElementModel, singular, suffix, conjuncts).Build());
                    break;
            }

            return new Phrase(builder.Build(), PathLed: false, Compound: true);
        }

        var noun = ScalarElementNoun(q.Path);
        builder.Text(q.Quantifier switch { Quantifier.Some => "at least one ", Quantifier.Every => "every ", _ => "no " }).Append(noun).Text(" ");
        if (TrySelfPredicates(q.Inner, out var comparisons))
        {
            SelfPredicates(builder, comparisons, infinitive: false);
            return new Phrase(builder.Build(), PathLed: false, Compound: comparisons.Count > 1);
        }

        builder.Text("is such that ").Append(Bracket(Render(q.Inner)));
        return new Phrase(builder.Build(), PathLed: false, Compound: true);
    }

    private static bool TrySelfPredicates(Condition inner, out IReadOnlyList<ComparisonCondition> comparisons)
    {
        var parts = Conjuncts(inner);
        comparisons = parts.OfType<ComparisonCondition>().Where(c => c.Path.IsSelf).ToArray();
        return comparisons.Count == parts.Count;
    }

    private static void SelfPredicates(ProseBuilder builder, IReadOnlyList<ComparisonCondition> comparisons, bool infinitive)
    {
        for (var i = 0; i < comparisons.Count; i++)
        {
            builder.Text(Separator(i, comparisons.Count, "and"));
            Predicate(builder, comparisons[i], infinitive, negated: false);
        }
    }

    /// <summary>"stateless calls in `calls` whose `vendor` is OpenAI and for which ...": enum values that are single
    /// lowercase words become adjectives, comparisons on paths become "whose" clauses, the rest "for which" clauses.</summary>
    private ProseBuilder NounPhrase(SubjectTypeModel? model, string noun, Prose suffix, IReadOnlyList<Condition> conjuncts, bool article = false)
    {
        var adjectives = new List<string>();
        var rest = new List<Condition>();
        var adjectiveFields = new HashSet<string>(StringComparer.Ordinal);
        foreach (var condition in conjuncts)
        {
            if (AsAdjective(model, condition) is { } adjective && adjectiveFields.Add(((ComparisonCondition)condition).Path.Text))
            {
                adjectives.Add(adjective);
            }
            else
            {
                rest.Add(condition);
            }
        }

        var builder = new ProseBuilder();
        var head = string.Join(' ', adjectives.Append(noun));
        if (article)
        {
            builder.Text(adjectives.Count == 0 ? string.Empty : "aeiou".Contains(head[0], StringComparison.Ordinal) ? "an " : "a ");
        }

        builder.Text(head).Append(suffix);
        // Statements about the same path read as one: "whose `distributor` is given and is not OpenAI".
        var phrases = new List<(Phrase First, List<Prose> More)>();
        foreach (var phrase in rest.Select(Render).OrderBy(p => p.PathLed ? 0 : 1))
        {
            if (phrase.Path is { } path && phrases.Count > 0 && phrases[^1].First.Path == path)
            {
                phrases[^1].More.Add(phrase.Predicate!);
            }
            else
            {
                phrases.Add((phrase, []));
            }
        }

        for (var i = 0; i < phrases.Count; i++)
        {
            var (phrase, more) = phrases[i];
            builder.Text(i == 0 ? " " : Separator(i, phrases.Count, "and"));
            if (phrase.PathLed)
            {
                builder.Text("whose ").Append(phrase.Prose);
                foreach (var predicate in more)
                {
                    builder.Text(" and ").Append(predicate);
                }
            }
            else
            {
                // Only a last clause can go without brackets: nothing follows it to be read into it.
                builder.Text("for which ").Append(i < phrases.Count - 1 ? Bracket(phrase) : phrase.Prose);
            }
        }

        return builder;
    }

    /// <summary>"one whose `cloud` is Azure", "a stateless one whose ...": the complement of "every call is".</summary>
    private Prose OnePhrase(SubjectTypeModel? model, IReadOnlyList<Condition> conjuncts) =>
        NounPhrase(model, "one", ProseBuilder.Of(string.Empty), conjuncts, article: true).Build();

    private static string? AsAdjective(SubjectTypeModel? model, Condition condition)
    {
        if (model is null || condition is not ComparisonCondition { Path: { IsSelf: false, Type: FieldType.Enum } path } comparison
            || path.Text.Contains('.', StringComparison.Ordinal)
            || !(comparison.Operator == Operator.Equals || (comparison.Operator == Operator.In && comparison.Operands.Count == 1 && comparison.Term is null)))
        {
            return null;
        }

        var word = comparison.Operands[0].Text;
        if (word.Length == 0 || !word.All(c => c is >= 'a' and <= 'z'))
        {
            return null;
        }

        // The adjective drops the field's name, so it must not be a value of any other enum field.
        var owners = model.Fields.Count(f => f.EnumMembers.Contains(word, StringComparer.OrdinalIgnoreCase));
        return owners == 1 ? word : null;
    }

    /// <summary>The element noun of a list of objects: its kind's name when the element type is a registered kind
    /// ("call", with " in `calls`" to say which list), else the list's name made singular.</summary>
    private (string Singular, string Plural, Prose Suffix) ObjectElementNoun(FieldPath path)
    {
        if (path.ElementModel is { } element && kinds.Find(element.ClrType) is { } kind)
        {
            return (kind.Name, Plural(kind.Name), new ProseBuilder().Text(" in ").Code(path.Text).Build());
        }

        if (Singular(path.Text) is { } singular)
        {
            return (singular, path.Text, ProseBuilder.Of(string.Empty));
        }

        return ("entry", "entries", new ProseBuilder().Text(" of ").Code(path.Text).Build());
    }

    private static Prose ScalarElementNoun(FieldPath path) =>
        Singular(path.Text) is { } singular
            ? ProseBuilder.Of(singular)
            : new ProseBuilder().Text("entry of ").Code(path.Text).Build();

    /// <summary>The singular of a plain lowercase plural such as <c>partners</c>; <see langword="null"/> when the name is not one.</summary>
    private static string? Singular(string name)
    {
        if (name.Length < 2 || !name.All(c => c is >= 'a' and <= 'z') || !name.EndsWith('s') || name.EndsWith("ss", StringComparison.Ordinal))
        {
            return null;
        }

        return name.EndsWith("ies", StringComparison.Ordinal) ? name[..^3] + "y" : name[..^1];
    }

    internal static string Plural(string noun)
    {
        if (noun.EndsWith('s') || noun.EndsWith('x') || noun.EndsWith("ch", StringComparison.Ordinal) || noun.EndsWith("sh", StringComparison.Ordinal))
        {
            return noun + "es";
        }

        return noun.Length > 1 && noun.EndsWith('y') && !"aeiou".Contains(noun[^2], StringComparison.Ordinal) ? noun[..^1] + "ies" : noun + "s";
    }

    /// <summary>The parts of a condition that must all hold: the entries of a map or an <c>all</c>, flattened.</summary>
    private static IReadOnlyList<Condition> Conjuncts(Condition condition) =>
        condition is AllCondition all ? all.Items.SelectMany(Conjuncts).ToArray() : [condition];

    private static bool IsSimple(Condition condition) => condition switch
    {
        ComparisonCondition c => !c.Path.IsSelf,
        NotCondition { Inner: ComparisonCondition c } => !c.Path.IsSelf && IsNegatable(c.Operator),
        _ => false,
    };

    private static (ComparisonCondition Comparison, bool Negated) Simple(Condition condition) => condition switch
    {
        NotCondition { Inner: ComparisonCondition c } => (c, true),
        _ => ((ComparisonCondition)condition, false),
    };

    /// <summary>The operators whose negation is another operator, missing values included: <c>not: {x: a}</c> is <c>x: {notEquals: a}</c>.</summary>
    private static bool IsNegatable(Operator op) => op is Operator.Equals or Operator.NotEquals or Operator.In or Operator.NotIn or Operator.Exists;

    /// <summary>Writes what a comparison says of its path: "is Azure", "to be one of A, B or C", "matches the pattern `p`".</summary>
    private static void Predicate(ProseBuilder builder, ComparisonCondition comparison, bool infinitive, bool negated)
    {
        var op = comparison.Operator;
        var operands = comparison.Operands;
        var exists = op == Operator.Exists && (bool)operands[0].Value;
        if (negated)
        {
            (op, exists) = op switch
            {
                Operator.Equals => (Operator.NotEquals, exists),
                Operator.NotEquals => (Operator.Equals, exists),
                Operator.In => (Operator.NotIn, exists),
                Operator.NotIn => (Operator.In, exists),
                _ => (op, !exists),
            };
        }

        var be = infinitive ? "to be " : "is ";
        var notBe = infinitive ? "not to be " : "is not ";
        var type = comparison.Path.Type;
        if (comparison.Term is { } term && op is Operator.In or Operator.NotIn)
        {
            // A defined list by name and by value: "is one of the Permitted Partners (Microsoft, SoftBank and NVIDIA)".
            builder.Text(be).Text(op == Operator.In ? "one of the " : "none of the ").Text(term.Name).Text(" (");
            Values(builder, operands, "and");
            builder.Text(")");
            return;
        }

        var moment = type == FieldType.Timestamp;
        var dateOnly = moment && operands[0].Value is DateOnly;
        switch (op)
        {
            case Operator.Equals:
                Value(builder.Text(be), operands[0]);
                break;
            case Operator.NotEquals:
                Value(builder.Text(notBe), operands[0]);
                break;
            case Operator.In when operands.Count == 1:
                Value(builder.Text(be), operands[0]);
                break;
            case Operator.In:
                Values(builder.Text(be).Text(operands.Count > 2 ? "one of " : string.Empty), operands, "or");
                break;
            case Operator.NotIn when operands.Count == 1:
                Value(builder.Text(notBe), operands[0]);
                break;
            case Operator.NotIn when operands.Count == 2:
                Values(builder.Text(be).Text("neither "), operands, "nor");
                break;
            case Operator.NotIn:
                Values(builder.Text(be).Text("none of "), operands, "or");
                break;
            case Operator.Exists:
                var container = type is FieldType.List or FieldType.StringMap or FieldType.Object;
                builder.Text(container
                    ? (exists ? notBe : be) + "empty"
                    : (exists ? be : notBe) + "given");
                break;
            case Operator.GreaterThan:
                Value(builder.Text(be).Text(moment ? "after " : "greater than "), operands[0]);
                break;
            case Operator.GreaterThanOrEqual:
                Value(builder.Text(be).Text(moment ? (dateOnly ? "on or after " : "at or after ") : "at least "), operands[0]);
                break;
            case Operator.LessThan:
                Value(builder.Text(be).Text(moment ? "before " : "less than "), operands[0]);
                break;
            case Operator.LessThanOrEqual:
                Value(builder.Text(be).Text(moment ? (dateOnly ? "on or before " : "at or before ") : "at most "), operands[0]);
                break;
            case Operator.Matches:
                builder.Text(infinitive ? "to match the pattern " : "matches the pattern ").Code(operands[0].Text);
                break;
            case Operator.Contains when type == FieldType.String:
                builder.Text(infinitive ? "to contain the text " : "contains the text ").Code(operands[0].Text);
                break;
            case Operator.Contains:
                Value(builder.Text(infinitive ? "to include " : "includes "), operands[0]);
                break;
            case Operator.StartsWith:
                Texts(builder.Text(infinitive ? "to begin with " : "begins with "), operands);
                break;
            case Operator.EndsWith:
                Texts(builder.Text(infinitive ? "to end with " : "ends with "), operands);
                break;
            default:
                throw new ArgumentException($"no English rendering for the operator `{OperatorNames.Name(op)}`", nameof(comparison));
        }
    }

    /// <summary>Texts as code, any of which may match: "`eu-`, `uk-` or `ch-`".</summary>
    private static void Texts(ProseBuilder builder, IReadOnlyList<Operand> operands)
    {
        for (var i = 0; i < operands.Count; i++)
        {
            builder.Text(Separator(i, operands.Count, "or")).Code(operands[i].Text);
        }
    }

    private static void Values(ProseBuilder builder, IReadOnlyList<Operand> operands, string conjunction)
    {
        for (var i = 0; i < operands.Count; i++)
        {
            builder.Text(Separator(i, operands.Count, conjunction));
            Value(builder, operands[i]);
        }
    }

    /// <summary>A value as written; text that is empty or starts or ends with spaces is shown as code so that nothing is lost.</summary>
    private static void Value(ProseBuilder builder, Operand operand)
    {
        var text = operand.Text;
        if (operand.Value is string && text.Length == 0)
        {
            builder.Text("empty text");
        }
        else if (operand.Value is string && text.Trim().Length != text.Length)
        {
            builder.Code(text);
        }
        else
        {
            builder.Text(text);
        }
    }
}
