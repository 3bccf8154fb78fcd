using System.Collections;
using Compliance.Conditions;
using Compliance.Verdicts;

namespace Compliance.Evaluation;

/// <summary>Per-clause evaluation state: the facts read so far and the current list element.</summary>
internal sealed class EvaluationScope
{
    private readonly List<Fact> _facts = [];
    private readonly List<string> _prefixes = [];

    public IReadOnlyList<Fact> Facts => _facts;

    public void Enter(string listPath, int index)
    {
        var parent = _prefixes.Count == 0 ? string.Empty : _prefixes[^1];
        var head = parent.Length == 0 ? listPath : listPath.Length == 0 ? parent : parent + "." + listPath;
        _prefixes.Add($"{head}[{index}]");
    }

    public void Exit() => _prefixes.RemoveAt(_prefixes.Count - 1);

    public void Record(FieldPath path, object? value)
    {
        var prefix = _prefixes.Count == 0 ? string.Empty : _prefixes[^1];
        var key = prefix.Length == 0 ? path.Text : path.IsSelf ? prefix : prefix + "." + path.Text;
        foreach (var fact in _facts)
        {
            if (fact.Path == key)
            {
                return;
            }
        }

        _facts.Add(new Fact(key, Normalize(value)));
    }

    public void Clear()
    {
        _facts.Clear();
        _prefixes.Clear();
    }

    /// <summary>Turns a subject value into a plain value a verdict can carry: text, number, boolean, list or map.</summary>
    internal static object? Normalize(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b,
        double or float or decimal or long or int or short or byte or uint or ulong => value,
        Enum or DateTimeOffset or DateTime or DateOnly => Operand.Format(value),
        IReadOnlyDictionary<string, string> map => new SortedDictionary<string, string>(map.ToDictionary(), StringComparer.Ordinal),
        IEnumerable list => list.Cast<object?>().Select(NormalizeElement).ToArray(),
        _ => value.ToString(),
    };

    private static object? NormalizeElement(object? value) =>
        value is null || value is string || value is bool || value is Enum || value is IFormattable ? Normalize(value) : "{…}";
}
