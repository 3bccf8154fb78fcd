namespace Compliance.Rules.Analysis.Solving;

/// <summary>A truth value under a partial assignment: decided, or not yet.</summary>
internal enum Truth : byte
{
    False = 0,
    True = 1,
    Unknown = 2,
}

/// <summary>A boolean formula over the finite-domain variables of a <see cref="Problem"/>, evaluated in three values
/// so that a search can prune a partial assignment as soon as the formula is decided.</summary>
internal abstract class Node
{
    public static readonly Node True = new ConstNode(true);
    public static readonly Node False = new ConstNode(false);

    /// <summary>The number of nodes: what one evaluation costs at most, and what a search step is charged.</summary>
    public virtual long Size => 1;

    /// <summary>Evaluates under an assignment; a negative entry is an unassigned variable.</summary>
    public abstract Truth Eval(int[] assignment);

    /// <summary>Adds the indexes of the variables the formula reads, in order of first appearance.</summary>
    public abstract void CollectVariables(List<int> into, HashSet<int> seen);

    public static Node Const(bool value) => value ? True : False;

    public static Node Not(Node inner) => inner switch
    {
        ConstNode c => Const(!c.Value),
        NotNode n => n.Inner,
        _ => new NotNode(inner),
    };

    public static Node And(IEnumerable<Node> items)
    {
        var kept = new List<Node>();
        foreach (var item in items)
        {
            if (item is ConstNode c)
            {
                if (!c.Value)
                {
                    return False;
                }

                continue;
            }

            kept.Add(item);
        }

        return kept.Count switch
        {
            0 => True,
            1 => kept[0],
            _ => new JunctionNode(kept.ToArray(), Truth.False),
        };
    }

    public static Node And(params Node[] items) => And((IEnumerable<Node>)items);

    public static Node Or(IEnumerable<Node> items)
    {
        var kept = new List<Node>();
        foreach (var item in items)
        {
            if (item is ConstNode c)
            {
                if (c.Value)
                {
                    return True;
                }

                continue;
            }

            kept.Add(item);
        }

        return kept.Count switch
        {
            0 => False,
            1 => kept[0],
            _ => new JunctionNode(kept.ToArray(), Truth.True),
        };
    }

    public static Node Or(params Node[] items) => Or((IEnumerable<Node>)items);

    /// <summary>An atom: variable <paramref name="variable"/> takes a value whose entry in <paramref name="table"/> is true.</summary>
    public static Node Atom(int variable, bool[] table)
    {
        if (Array.TrueForAll(table, t => t))
        {
            return True;
        }

        if (Array.TrueForAll(table, t => !t))
        {
            return False;
        }

        return new AtomNode(variable, table);
    }

    /// <summary>The variables the formula reads, in order of first appearance.</summary>
    public IReadOnlyList<int> Variables()
    {
        var list = new List<int>();
        CollectVariables(list, []);
        return list;
    }

    private sealed class ConstNode(bool value) : Node
    {
        public bool Value { get; } = value;

        public override Truth Eval(int[] assignment) => Value ? Truth.True : Truth.False;

        public override void CollectVariables(List<int> into, HashSet<int> seen)
        {
        }
    }

    private sealed class AtomNode(int variable, bool[] table) : Node
    {
        public override Truth Eval(int[] assignment)
        {
            var value = assignment[variable];
            return value < 0 ? Truth.Unknown : table[value] ? Truth.True : Truth.False;
        }

        public override void CollectVariables(List<int> into, HashSet<int> seen)
        {
            if (seen.Add(variable))
            {
                into.Add(variable);
            }
        }
    }

    private sealed class NotNode(Node inner) : Node
    {
        public Node Inner { get; } = inner;

        public override long Size { get; } = 1 + inner.Size;

        public override Truth Eval(int[] assignment) => Inner.Eval(assignment) switch
        {
            Truth.True => Truth.False,
            Truth.False => Truth.True,
            _ => Truth.Unknown,
        };

        public override void CollectVariables(List<int> into, HashSet<int> seen) => Inner.CollectVariables(into, seen);
    }

    /// <summary>`and` (absorbed by false, true when empty) or `or` (absorbed by true, false when empty), in three-valued
    /// logic: an unknown item makes the result unknown unless an absorbing item decides it.</summary>
    private sealed class JunctionNode(Node[] items, Truth absorbing) : Node
    {
        private readonly Truth _identity = absorbing == Truth.False ? Truth.True : Truth.False;

        public override long Size { get; } = 1 + items.Sum(i => i.Size);

        public override Truth Eval(int[] assignment)
        {
            var result = _identity;
            foreach (var item in items)
            {
                var t = item.Eval(assignment);
                if (t == absorbing)
                {
                    return absorbing;
                }

                if (t == Truth.Unknown)
                {
                    result = Truth.Unknown;
                }
            }

            return result;
        }

        public override void CollectVariables(List<int> into, HashSet<int> seen)
        {
            foreach (var item in items)
            {
                item.CollectVariables(into, seen);
            }
        }
    }
}
