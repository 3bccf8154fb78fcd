using Compliance.Rules.Diagnostics;
using Compliance.Rules.Expressions;
using Compliance.Rules.Yaml;
using Compliance.Subjects;

namespace Compliance.Rules.Compilation;

/// <summary>What the document compilers share while one rule set loads: the options, the diagnostics reported so far,
/// the condition compiler, and the checks every document kind makes (dates, ids used twice).</summary>
internal sealed class CompilationContext
{
    public CompilationContext(RuleSetLoaderOptions options, List<Diagnostic> diagnostics, Terms terms, UnreadableFiles unreadable)
    {
        Options = options;
        Diagnostics = diagnostics;
        Unreadable = unreadable;
        var dataTypes = options.Kinds.Kinds.SelectMany(k => DataTypes(k.Model)).ToHashSet();
        var typeNames = options.Kinds.Kinds.ToDictionary(k => k.ClrType.Name, k => k.Name, StringComparer.Ordinal);
        Conditions = new ConditionCompiler(diagnostics, new ExpressionCompiler(dataTypes, typeNames), options.RegexTimeout, options.MaxPatternLength, terms);
    }

    public RuleSetLoaderOptions Options { get; }

    public SubjectKindRegistry Kinds => Options.Kinds;

    public List<Diagnostic> Diagnostics { get; }

    /// <summary>The files that could not be read, and the checks skipped because of them.</summary>
    public UnreadableFiles Unreadable { get; }

    public ConditionCompiler Conditions { get; }

    public void Error(string code, SourceLocation at, string message, string? hint = null) =>
        Diagnostics.Add(Diagnostic.Error(code, at, message, hint));

    /// <summary>Reads a date key, reporting a value that is not a date (the message shows <paramref name="example"/>).</summary>
    public bool TryDate(ScalarNode node, string key, string example, out DateOnly date)
    {
        if (Dates.TryParseDate(node.Value!, out date))
        {
            return true;
        }

        Error(DiagnosticCodes.InvalidDate, node.Location, LoadMessages.InvalidDate(key, example, node.Value));
        return false;
    }

    /// <summary>Records the first use of an id; a later use is reported (naming where the first was) and gives <see langword="false"/>.</summary>
    public bool FirstUse(Dictionary<string, SourceLocation> seen, string id, SourceLocation at, string code, Func<SourceLocation, string> message)
    {
        if (seen.TryGetValue(id, out var first))
        {
            Error(code, at, message(first));
            return false;
        }

        seen[id] = at;
        return true;
    }

    /// <summary>Every CLR type reachable from a subject model, which expressions may name.</summary>
    private static IEnumerable<Type> DataTypes(SubjectTypeModel model)
    {
        var seen = new HashSet<Type>();
        var queue = new Queue<SubjectTypeModel>([model]);
        while (queue.Count > 0)
        {
            var next = queue.Dequeue();
            if (!seen.Add(next.ClrType))
            {
                continue;
            }

            foreach (var field in next.Fields)
            {
                if (field.ObjectModel is { } o)
                {
                    queue.Enqueue(o);
                }

                if (field.ElementModel is { } e)
                {
                    queue.Enqueue(e);
                }
            }
        }

        return seen;
    }
}
