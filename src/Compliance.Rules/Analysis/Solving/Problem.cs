using Compliance.Conditions;
using Compliance.Evaluation;
using Compliance.Subjects;

namespace Compliance.Rules.Analysis.Solving;

/// <summary>A finite-domain variable of a <see cref="Problem"/>.</summary>
/// <param name="Unit">The path whose value the variable stands for (<c>cloud</c>, <c>tags.purpose</c>, <c>partners</c>).</param>
/// <param name="Map">For a key of a string map, the map's path (<c>tags</c>); otherwise <see langword="null"/>.</param>
/// <param name="Size">How many values the variable takes.</param>
internal sealed record Variable(string Unit, string? Map, int Size);

/// <summary>Collects the conditions one question reads and turns them into a <see cref="Problem"/>.</summary>
internal sealed class ProblemBuilder(Owner owner, Session session)
{
    private readonly List<object> _slots = [];
    private readonly Dictionary<string, ScalarSlot> _scalars = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ListSlot> _lists = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MapSlot> _maps = new(StringComparer.Ordinal);

    /// <summary>Adds a condition; throws <see cref="NotAnalysableException"/> when it lies outside the analysed fragment.</summary>
    public void Add(Condition condition)
    {
        switch (condition)
        {
            case AllCondition all:
                all.Items.ToList().ForEach(Add);
                break;
            case AnyCondition any:
                any.Items.ToList().ForEach(Add);
                break;
            case NotCondition not:
                Add(not.Inner);
                break;
            case TermCondition term:
                Add(term.Inner);
                break;
            case ExpressionCondition expression:
                throw new NotAnalysableException(expression.Location, AnalysisMessages.UsesExpression);
            case ComparisonCondition comparison:
                AddComparison(comparison);
                break;
            case QuantifierCondition quantifier:
            {
                var list = List(quantifier.Path, quantifier.Location);
                list.Quantifiers.Add(quantifier);
                if (list.HoldsObjects)
                {
                    list.ElementBuilder ??= new ProblemBuilder(list.ElementOwner, session);
                    list.ElementBuilder.Add(quantifier.Inner);
                }
                else
                {
                    AddSelf(quantifier.Inner, ElementsOf(list));
                }

                break;
            }

            default:
                throw new NotAnalysableException(condition.Location, AnalysisMessages.UnknownCondition);
        }
    }

    private void AddComparison(ComparisonCondition comparison)
    {
        var (field, rest) = Resolve(comparison.Path, comparison.Location);
        CheckOperator(comparison);
        switch (field.Type)
        {
            case FieldType.List:
            {
                var list = List(comparison.Path, comparison.Location);
                list.ListAtoms.Add(comparison);
                if (comparison.Operator == Operator.Contains)
                {
                    ElementsOf(list).ExtraConstants.Add(comparison.Operands[0]);
                }

                break;
            }

            case FieldType.StringMap when rest is null:
            {
                if (!_maps.TryGetValue(field.Name, out var map))
                {
                    map = new MapSlot(owner, field.Name, field);
                    _maps[field.Name] = map;
                    _slots.Add(map);
                }

                map.Atoms.Add(comparison);
                break;
            }

            default:
                Scalar(comparison.Path.Text, field, rest).Atoms.Add(comparison);
                break;
        }
    }

    private static void CheckOperator(ComparisonCondition comparison)
    {
        if (comparison.Operator == Operator.Matches && comparison.Path.Type == FieldType.String)
        {
            throw new NotAnalysableException(comparison.Location, AnalysisMessages.MatchesOnText(DescribePath(comparison.Path)));
        }
    }

    private static string DescribePath(FieldPath path) => path.IsSelf ? "element" : path.Text;

    private static void AddSelf(Condition condition, ScalarSlot elements)
    {
        switch (condition)
        {
            case AllCondition all:
                all.Items.ToList().ForEach(i => AddSelf(i, elements));
                break;
            case AnyCondition any:
                any.Items.ToList().ForEach(i => AddSelf(i, elements));
                break;
            case NotCondition not:
                AddSelf(not.Inner, elements);
                break;
            case TermCondition term:
                AddSelf(term.Inner, elements);
                break;
            case ComparisonCondition { Path.IsSelf: true } comparison:
                CheckOperator(comparison);
                elements.Atoms.Add(comparison);
                break;
            default:
                throw new NotAnalysableException(condition.Location, AnalysisMessages.UnknownCondition);
        }
    }

    private (SubjectField Field, string? Key) Resolve(FieldPath path, SourceLocation at)
    {
        var text = path.Text;
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var head = dot < 0 ? text : text[..dot];
        var field = owner.Model?.Find(head)
            ?? throw new NotAnalysableException(at, AnalysisMessages.Unreachable(text));
        if (field.Type == FieldType.Object)
        {
            throw new NotAnalysableException(at, AnalysisMessages.NestedObject(text));
        }

        return (field, dot < 0 ? null : text[(dot + 1)..]);
    }

    private ScalarSlot Scalar(string text, SubjectField field, string? key)
    {
        if (!_scalars.TryGetValue(text, out var slot))
        {
            slot = new ScalarSlot(owner, text, key is null ? SlotKind.Field : SlotKind.MapKey, field, key);
            _scalars[text] = slot;
            _slots.Add(slot);
        }

        return slot;
    }

    private ListSlot List(FieldPath path, SourceLocation at)
    {
        var (field, _) = Resolve(path, at);
        if (!_lists.TryGetValue(field.Name, out var list))
        {
            list = new ListSlot(owner, field.Name, field);
            _lists[field.Name] = list;
            _slots.Add(list);
        }

        return list;
    }

    private static ScalarSlot ElementsOf(ListSlot list) =>
        list.Elements ??= new ScalarSlot(list.ElementOwner, list.Text, SlotKind.Self, list.Field, null);

    /// <summary>Builds the problem: one variable per scalar slot, per element class of each list, and per whole map.</summary>
    public Problem Build(Budget budget)
    {
        var problem = new Problem(owner, session);
        foreach (var slot in _slots)
        {
            switch (slot)
            {
                case ScalarSlot scalar:
                    BuildScalar(scalar, budget);
                    scalar.Variable = problem.Add(new Variable(scalar.Text, scalar.Kind == SlotKind.MapKey ? scalar.Field.Name : null, scalar.Values.Length));
                    problem.Scalars[scalar.Text] = scalar;
                    break;
                case ListSlot list:
                    BuildList(list, budget);
                    list.Presence = list.Classes.Select(_ => problem.Add(new Variable(list.Text, null, 2))).ToArray();
                    problem.Lists[list.Text] = list;
                    break;
                case MapSlot map:
                    map.OtherKey = problem.Add(new Variable(map.Text, null, 2));
                    problem.Maps[map.Text] = map;
                    break;
            }
        }

        return problem;
    }

    private void BuildScalar(ScalarSlot slot, Budget budget)
    {
        var cost = TotalBudget.CandidateCost + (TotalBudget.EvaluationCost * slot.Atoms.Sum(TotalBudget.SizeOf));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var values = new List<object?>();
        var tables = slot.Atoms.Select(_ => new List<bool>()).ToArray();

        // A key of a map that is also read as a whole (`tags: { exists: true }`) is told apart by whether it is there at
        // all, too: a text that meets none of the key's comparisons still makes the map non-empty, unlike a missing key.
        var presence = slot.Kind == SlotKind.MapKey && _maps.ContainsKey(slot.Field.Name);
        foreach (var candidate in Candidates.For(slot, session.Today))
        {
            budget.Spend(cost);
            if (!session.IsValid(slot, candidate))
            {
                continue;
            }

            var bits = slot.Atoms.Select(a => session.Evaluate(a, slot, candidate)).ToArray();
            if (!seen.Add(Key(bits) + (presence && candidate is null ? "-" : string.Empty)))
            {
                continue;
            }

            values.Add(candidate);
            for (var i = 0; i < bits.Length; i++)
            {
                tables[i].Add(bits[i]);
            }
        }

        slot.Values = values.ToArray();
        for (var i = 0; i < slot.Atoms.Count; i++)
        {
            slot.Tables[slot.Atoms[i]] = tables[i].ToArray();
        }
    }

    private void BuildList(ListSlot list, Budget budget)
    {
        var containsAtoms = list.ListAtoms.Where(a => a.Operator == Operator.Contains).ToArray();
        for (var i = 0; i < list.Quantifiers.Count; i++)
        {
            list.Bit[list.Quantifiers[i]] = i;
        }

        for (var i = 0; i < containsAtoms.Length; i++)
        {
            list.Bit[containsAtoms[i]] = list.Quantifiers.Count + i;
        }

        if (!list.HoldsObjects)
        {
            var elements = ElementsOf(list);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var cost = TotalBudget.CandidateCost + (TotalBudget.EvaluationCost * (list.Quantifiers.Sum(q => TotalBudget.SizeOf(q.Inner)) + containsAtoms.Length));
            foreach (var candidate in Candidates.For(elements, session.Today))
            {
                budget.Spend(cost);
                if (candidate is null || !session.IsValid(elements, candidate))
                {
                    continue;
                }

                var bits = list.Quantifiers.Select(q => session.Evaluate(q.Inner, elements, candidate))
                    .Concat(containsAtoms.Select(c => ValueComparer.AreEqual(candidate, c.Operands[0])))
                    .ToArray();
                if (seen.Add(Key(bits)))
                {
                    list.Classes.Add(new ElementClass(bits, candidate, null));
                }
            }

            return;
        }

        if (list.Quantifiers.Count > 12)
        {
            throw new NotAnalysableException(list.Quantifiers[12].Location, AnalysisMessages.TooManyQuantifiers(list.Text, 12));
        }

        var element = (list.ElementBuilder ?? new ProblemBuilder(list.ElementOwner, session)).Build(budget);
        list.ElementProblem = element;
        var inner = list.Quantifiers.Select(q => element.Compile(q.Inner)).ToArray();
        for (var mask = 0; mask < 1 << inner.Length; mask++)
        {
            budget.Spend(inner.Length);
            var bits = Enumerable.Range(0, inner.Length).Select(i => (mask & (1 << i)) != 0).ToArray();
            var formula = Node.And(inner.Select((f, i) => bits[i] ? f : Node.Not(f)));
            var assignment = element.NewAssignment();
            if (Search.Find(formula, element, assignment, budget))
            {
                list.Classes.Add(new ElementClass(bits, null, assignment));
            }
        }
    }

    private static string Key(bool[] bits) => string.Concat(bits.Select(b => b ? '1' : '0'));
}

/// <summary>The finite-domain form of the conditions one question reads: variables, and conditions compiled to
/// formulas over them. Exact for the structured fragment: a condition is true of some subject exactly when its formula
/// is true under some assignment.</summary>
internal sealed class Problem(Owner owner, Session session)
{
    private readonly List<Variable> _variables = [];
    private readonly Dictionary<Condition, Node> _compiled = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, Node> _anyKey = new(StringComparer.Ordinal);
    private int[]? _sizes;

    public IReadOnlyList<Variable> Variables => _variables;

    public Dictionary<string, ScalarSlot> Scalars { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, ListSlot> Lists { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, MapSlot> Maps { get; } = new(StringComparer.Ordinal);

    public int[] DomainSizes => _sizes ??= _variables.Select(v => v.Size).ToArray();

    public int Add(Variable variable)
    {
        _variables.Add(variable);
        _sizes = null;
        return _variables.Count - 1;
    }

    public int[] NewAssignment() => Enumerable.Repeat(-1, _variables.Count).ToArray();

    private static Node Present(int variable) => Node.Atom(variable, [false, true]);

    /// <summary>Compiles a condition that the builder was given (or a part of one).</summary>
    public Node Compile(Condition condition)
    {
        if (_compiled.TryGetValue(condition, out var node))
        {
            return node;
        }

        node = condition switch
        {
            AllCondition all => Node.And(all.Items.Select(Compile)),
            AnyCondition any => Node.Or(any.Items.Select(Compile)),
            NotCondition not => Node.Not(Compile(not.Inner)),
            TermCondition term => Compile(term.Inner),
            ComparisonCondition comparison => CompileComparison(comparison),
            QuantifierCondition quantifier => CompileQuantifier(quantifier),
            _ => throw new NotAnalysableException(condition.Location, AnalysisMessages.UnknownCondition),
        };
        _compiled[condition] = node;
        return node;
    }

    private Node CompileComparison(ComparisonCondition comparison)
    {
        var text = comparison.Path.Text;
        if (Lists.TryGetValue(text, out var list) && comparison.Path.Type == FieldType.List)
        {
            if (comparison.Operator == Operator.Exists)
            {
                var any = Node.Or(list.Presence.Select(Present));
                return (bool)comparison.Operands[0].Value ? any : Node.Not(any);
            }

            var bit = list.Bit[comparison];
            return Node.Or(list.Classes.Select((c, i) => c.Bits[bit] ? Present(list.Presence[i]) : Node.False));
        }

        if (Maps.TryGetValue(text, out var map) && comparison.Path.Type == FieldType.StringMap)
        {
            // The same for every `exists` on the map: built once, so that many of them over many keys stay linear.
            if (!_anyKey.TryGetValue(text, out var any))
            {
                var keys = Scalars.Values.Where(s => s.Kind == SlotKind.MapKey && s.Field == map.Field)
                    .Select(s => Node.Atom(s.Variable, s.Values.Select(v => v is not null).ToArray()));
                any = Node.Or(keys.Prepend(Present(map.OtherKey)));
                _anyKey[text] = any;
            }

            return (bool)comparison.Operands[0].Value ? any : Node.Not(any);
        }

        var slot = comparison.Path.IsSelf ? null : Scalars.GetValueOrDefault(text);
        if (slot is null || !slot.Tables.TryGetValue(comparison, out var table))
        {
            throw new NotAnalysableException(comparison.Location, AnalysisMessages.UnknownCondition);
        }

        return Node.Atom(slot.Variable, table);
    }

    private Node CompileQuantifier(QuantifierCondition quantifier)
    {
        var list = Lists[quantifier.Path.Text];
        var bit = list.Bit[quantifier];
        var classes = list.Classes.Select((c, i) => (Holds: c.Bits[bit], Present: Present(list.Presence[i]))).ToArray();
        return quantifier.Quantifier switch
        {
            Quantifier.Some => Node.Or(classes.Where(c => c.Holds).Select(c => c.Present)),
            Quantifier.Every => Node.And(classes.Where(c => !c.Holds).Select(c => Node.Not(c.Present))),
            _ => Node.And(classes.Where(c => c.Holds).Select(c => Node.Not(c.Present))),
        };
    }

    /// <summary>The subject (or list element) an assignment stands for, as data ready to write as YAML. Variables left
    /// unassigned take their first value; required fields no condition reads get a valid placeholder, and a timestamp
    /// no condition reads is the date, so that the subject judged without a date is judged on it.</summary>
    public SubjectData ToData(int[] assignment, DateOnly date)
    {
        var model = owner.Model!;
        var data = new SubjectData();
        var required = session.RequiredKeys(owner);
        foreach (var field in model.Fields)
        {
            object? value = null;
            switch (field.Type)
            {
                case FieldType.StringMap:
                {
                    var entries = new SubjectData();
                    foreach (var slot in Scalars.Values.Where(s => s.Kind == SlotKind.MapKey && s.Field == field))
                    {
                        if (ValueOf(slot, assignment) is string text)
                        {
                            entries.Add(slot.Key!, text);
                        }
                    }

                    if (Maps.TryGetValue(field.Name, out var map) && assignment[map.OtherKey] == 1)
                    {
                        var key = "other";
                        for (var n = 1; entries.Has(key) || Scalars.ContainsKey(field.Name + "." + key); n++)
                        {
                            key = "other" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
                        }

                        entries.Add(key, "x");
                    }

                    value = entries.Count > 0 ? entries : null;
                    break;
                }

                case FieldType.List:
                {
                    if (Lists.TryGetValue(field.Name, out var list))
                    {
                        var items = new List<object>();
                        for (var i = 0; i < list.Classes.Count; i++)
                        {
                            if (assignment[list.Presence[i]] == 1)
                            {
                                var element = list.Classes[i];
                                items.Add(list.HoldsObjects ? list.ElementProblem!.ToData(element.Assignment!, date) : element.Value!);
                            }
                        }

                        value = items.Count > 0 ? items : null;
                    }

                    break;
                }

                default:
                    if (Scalars.TryGetValue(field.Name, out var scalar))
                    {
                        value = ValueOf(scalar, assignment);
                    }

                    break;
            }

            if (value is null && required.Contains((owner.Prefix + field.Name).ToLowerInvariant()))
            {
                value = Placeholder(field, date);
            }
            else if (value is null && owner.IsRoot && field == model.TimestampField && !Scalars.ContainsKey(field.Name))
            {
                value = Candidates.Midnight(date);
            }

            if (value is not null)
            {
                data.Add(field.Name, value);
            }
        }

        return data;
    }

    private static object? ValueOf(ScalarSlot slot, int[] assignment)
    {
        if (slot.Values.Length == 0)
        {
            return null;
        }

        var index = assignment[slot.Variable];
        return slot.Values[index < 0 ? 0 : index];
    }

    private object? Placeholder(SubjectField field, DateOnly date)
    {
        if (field.Type is FieldType.List or FieldType.StringMap or FieldType.Object)
        {
            return null;
        }

        var probe = new ScalarSlot(owner, field.Name, SlotKind.Field, field, null);
        object?[] options = field.Type switch
        {
            FieldType.String => ["example", "example-1", "x"],
            FieldType.Enum => Enum.GetValues(probe.ClrType).Cast<object?>().ToArray(),
            FieldType.Integer or FieldType.Number => [.. new double[] { 0, 1, -1 }.Select(n => Convert.ChangeType(n, probe.ClrType, System.Globalization.CultureInfo.InvariantCulture))],
            FieldType.Boolean => [false, true],
            FieldType.Timestamp => [probe.ClrType == typeof(DateOnly) ? date : probe.ClrType == typeof(DateTime) ? Candidates.Midnight(date).UtcDateTime : Candidates.Midnight(date)],
            _ => [],
        };
        return options.FirstOrDefault(o => session.IsValid(probe, o)) ?? options.FirstOrDefault();
    }
}
