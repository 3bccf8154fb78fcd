using Compliance.Conditions;
using Compliance.Model;
using Compliance.Rules.Diagnostics;
using Compliance.Rules.Documents;
using Compliance.Rules.Yaml;

namespace Compliance.Rules.Compilation;

/// <summary>The defined terms of every contract in a rule set: looked up by <c>$term</c> and <c>is: term</c> while conditions
/// compile, with the uses recorded so that an unused definition can be reported, and the definitions being expanded kept so
/// that a cycle is reported instead of followed.</summary>
/// <remarks>A hostile rule file can chain definitions (<c>$a</c> names <c>$b</c>, which names <c>$c</c>, ...) or have each
/// use the next several times, so that expanding them multiplies at every level. Both are bounded: definitions nest at
/// most <see cref="MaxDepth"/> deep, which keeps the recursion of compiling and evaluating them shallow, and all their
/// expansions together are at most <see cref="MaxExpansion"/> conditions and values, counted before they are built.</remarks>
internal sealed class Terms
{
    /// <summary>How many levels deep definitions may use each other.</summary>
    public const int MaxDepth = 16;

    /// <summary>How many rule-file nodes (conditions, keys, values) the definitions of a rule set may expand to, over all their
    /// uses: a defined condition costs its size at each use, a defined list its length at each use and at each splice.</summary>
    public const int MaxExpansion = 1_000_000;

    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly List<Entry> _expanding = [];
    private readonly HashSet<string> _reportedCycles = new(StringComparer.Ordinal);
    private readonly HashSet<Entry> _reportedDepth = [];
    private readonly List<Diagnostic> _diagnostics;
    private long _expanded;
    private bool _overBudget;

    private readonly UnreadableFiles _unreadable;

    public Terms(IEnumerable<ContractDocument> contracts, List<Diagnostic> diagnostics, UnreadableFiles unreadable)
    {
        _diagnostics = diagnostics;
        _unreadable = unreadable;
        foreach (var contract in contracts)
        {
            if (contract.Id?.Value is not { } contractId)
            {
                continue;
            }

            foreach (var definition in contract.Definitions)
            {
                if (definition.Id?.Value is not { } id)
                {
                    continue;
                }

                var qualified = $"{contractId}/{id}";
                if (_entries.TryGetValue(qualified, out var first))
                {
                    diagnostics.Add(Diagnostic.Error(DiagnosticCodes.DuplicateDefinition, definition.Id.Location,
                        LoadMessages.DuplicateDefinition(id, contractId, first.Document.Id!.Location)));
                    continue;
                }

                _entries[qualified] = new Entry(contractId, definition, new DefinedTerm(qualified, definition.Title, definition.Section));
            }
        }
    }

    /// <summary>A definition: its contract, what was written, and the term conditions and lists name.</summary>
    public sealed class Entry(string contract, DefinitionDocument document, DefinedTerm term)
    {
        public string Contract { get; } = contract;
        public DefinitionDocument Document { get; } = document;
        public DefinedTerm Term { get; } = term;
        public bool IsList => Document.Values is not null;
        public bool Used { get; set; }

        /// <summary>Whether the definition is well formed (an id, and exactly one of a non-empty list of values or a
        /// condition); the validators report one that is not, and nothing reports it again.</summary>
        public bool Valid { get; } = (document.Values is null) != (document.Condition is null)
            && DocumentValidators.IsValidId(document.Id?.Value ?? string.Empty)
            && (document.Values is null || DocumentValidators.IsValueList(document.Values));

        /// <summary>The first compiled form of a defined condition, kept for the catalogue.</summary>
        public Condition? FirstCompiled { get; set; }

        /// <summary>The values of a defined list with the lists it names spliced in; <see langword="null"/> until resolved or
        /// when resolving failed.</summary>
        public IReadOnlyList<ScalarNode>? Values { get; set; }

        public bool Resolved { get; set; }

        /// <summary>What one use of a defined condition costs against <see cref="MaxExpansion"/>: the nodes written in it.</summary>
        public int ConditionSize => _size ??= NodeCount(Document.Condition!);

        private int? _size;

        private static int NodeCount(DataNode node)
        {
            var count = 0;
            var stack = new Stack<DataNode>([node]);
            while (stack.TryPop(out var next))
            {
                count++;
                switch (next)
                {
                    case MapNode map:
                        foreach (var (_, value) in map.Entries)
                        {
                            stack.Push(value);
                        }

                        break;
                    case ListNode list:
                        foreach (var item in list.Items)
                        {
                            stack.Push(item);
                        }

                        break;
                }
            }

            return count;
        }
    }

    /// <summary>Counts <paramref name="amount"/> against <see cref="MaxExpansion"/> before it is built; past the limit reports
    /// it (once, at <paramref name="at"/>) and gives <see langword="false"/>, as does every later call.</summary>
    public bool Spend(int amount, SourceLocation at)
    {
        if (_overBudget)
        {
            return false;
        }

        _expanded += amount;
        if (_expanded <= MaxExpansion)
        {
            return true;
        }

        _overBudget = true;
        _diagnostics.Add(Diagnostic.Error(DiagnosticCodes.TermsTooLarge, at, LoadMessages.TermsTooLarge(MaxExpansion), LoadMessages.TermsTooLargeHint));
        return false;
    }

    /// <summary>Whether a value written in a rule names a term: it begins with one <c>$</c> (<c>$$</c> writes a literal).</summary>
    public static bool IsReference(string? text) => text is { Length: > 0 } && text[0] == '$' && !(text.Length > 1 && text[1] == '$');

    /// <summary>A value as written, with a leading <c>$$</c> read as a literal <c>$</c>.</summary>
    public static string Literal(string text) => text.StartsWith("$$", StringComparison.Ordinal) ? text[1..] : text;

    /// <summary>Finds the term a reference names (<c>term</c> in <paramref name="contract"/>, or <c>contract/term</c>), marking it
    /// used; reports an unknown term with did-you-mean.</summary>
    public Entry? Find(string name, string? contract, SourceLocation at, string written)
    {
        var qualified = name.Contains('/', StringComparison.Ordinal) || contract is null ? name : $"{contract}/{name}";
        if (_entries.TryGetValue(qualified, out var entry))
        {
            entry.Used = true;
            return entry.Valid ? entry : null;
        }

        if (_unreadable.Skips(qualified, at))
        {
            return null; // the term may be in a file that could not be read
        }

        var qualifiedName = name.Contains('/', StringComparison.Ordinal);
        var candidates = _entries
            .Select(e => (Entry: e.Value, Name: !qualifiedName && contract is not null && e.Key.StartsWith(contract + "/", StringComparison.Ordinal)
                ? e.Key[(contract.Length + 1)..] : e.Key))
            .ToArray();
        var suggestion = Suggestions.DidYouMean(name, candidates.Select(c => c.Name));
        foreach (var (suggested, _) in candidates.Where(c => suggestion is not null && suggestion.Contains($"`{c.Name}`", StringComparison.Ordinal)))
        {
            suggested.Used = true; // a typo of its name is one mistake: it is reported once, as the unknown term
        }

        var hint = suggestion ?? (written.StartsWith('$') ? LoadMessages.UnknownTermOrLiteralHint : LoadMessages.UnknownTermHint);
        _diagnostics.Add(Diagnostic.Error(DiagnosticCodes.UnknownTerm, at,
            LoadMessages.UnknownTerm(written, contract is not null && !name.Contains('/', StringComparison.Ordinal) ? contract : null), hint));
        return null;
    }

    /// <summary>Runs <paramref name="expand"/> with <paramref name="entry"/> being expanded; reports a cycle (once) and gives
    /// <see langword="null"/> when the entry is already being expanded, and likewise when it would be expanded more than
    /// <see cref="MaxDepth"/> levels deep.</summary>
    public T? Expanding<T>(Entry entry, SourceLocation at, Func<T?> expand)
        where T : class
    {
        var index = _expanding.IndexOf(entry);
        if (index >= 0)
        {
            var cycle = _expanding.Skip(index).Select(e => e.Term.Id).Append(entry.Term.Id).ToArray();
            var key = string.Join(" ", cycle.Skip(1).Order(StringComparer.Ordinal));
            if (_reportedCycles.Add(key))
            {
                _diagnostics.Add(Diagnostic.Error(DiagnosticCodes.TermCycle, at,
                    LoadMessages.TermCycle(entry.Term.Id, cycle), LoadMessages.TermCycleHint));
            }

            return null;
        }

        if (_expanding.Count >= MaxDepth)
        {
            if (_reportedDepth.Add(entry))
            {
                _diagnostics.Add(Diagnostic.Error(DiagnosticCodes.TermTooDeep, at,
                    LoadMessages.TermTooDeep(entry.Term.Id, _expanding.Count + 1, MaxDepth), LoadMessages.TermTooDeepHint));
            }

            return null;
        }

        _expanding.Add(entry);
        try
        {
            return expand();
        }
        finally
        {
            _expanding.RemoveAt(_expanding.Count - 1);
        }
    }

    /// <summary>The values of a defined list, with the defined lists it names spliced in; <see langword="null"/> when one of
    /// them is unknown, a condition, or part of a cycle.</summary>
    public IReadOnlyList<ScalarNode>? ValuesOf(Entry entry, SourceLocation at)
    {
        if (entry.Resolved)
        {
            return entry.Values;
        }

        var values = Expanding(entry, at, () =>
        {
            var result = new List<ScalarNode>();
            var ok = true;
            foreach (var item in ((ListNode)entry.Document.Values!).Items.OfType<ScalarNode>())
            {
                if (!IsReference(item.Value))
                {
                    result.Add(item);
                    continue;
                }

                var other = Find(item.Value![1..], entry.Contract, item.Location, item.Value);
                if (other is null)
                {
                    ok = false;
                }
                else if (!other.IsList)
                {
                    _diagnostics.Add(Diagnostic.Error(DiagnosticCodes.TermWrongSort, item.Location,
                        LoadMessages.ConditionAmongValues(item.Value, entry.Term.Id)));
                    ok = false;
                }
                else if (ValuesOf(other, item.Location) is { } spliced && Spend(spliced.Count, item.Location))
                {
                    result.AddRange(spliced);
                }
                else
                {
                    ok = false;
                }
            }

            return ok ? result : null;
        });
        entry.Values = values;
        entry.Resolved = true;
        return values;
    }

    /// <summary>Reports every definition nothing uses (warnings).</summary>
    public void ReportUnused()
    {
        var unused = _entries.Values.Where(e => !e.Used && e.Valid).ToArray();
        if (unused.Length > 0 && _unreadable.SkipsUnused(unused.Length))
        {
            return; // a file that could not be read may have used them
        }

        foreach (var entry in unused)
        {
            var name = entry.Document.Id!.Value!;
            _diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.UnusedDefinition, entry.Document.Id.Location,
                LoadMessages.UnusedDefinition(name), entry.IsList ? LoadMessages.UnusedListHint(name) : LoadMessages.UnusedConditionHint(name)));
        }
    }

    /// <summary>The definitions of one contract, in file order, as the compiled rule set keeps them.</summary>
    public IReadOnlyList<Definition> For(string contract) => _entries.Values
        .Where(e => e.Contract == contract && e.Valid)
        .Select(e => new Definition(e.Term, e.Document.Text?.TrimEnd(),
            e.IsList ? (e.Values ?? ((ListNode)e.Document.Values!).Items.OfType<ScalarNode>().ToArray()).Select(v => Literal(v.Value!)).ToArray() : null,
            e.FirstCompiled, e.Document.Id!.Location))
        .ToArray();
}
