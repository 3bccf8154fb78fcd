namespace Compliance.Rules.Compilation;

/// <summary>
/// A conservative estimate of what the non-backtracking regex engine must build for a pattern, read from the pattern's
/// text before the engine sees it. Two measures decide the cost of construction (measured on .NET 10):
/// <list type="bullet">
/// <item><b>Expansion</b>: the engine unrolls counted repetitions, so <c>(a{1,100}){1,100}</c> stands for about 10,000
/// nodes: a repetition multiplies the size of what it repeats by its largest count.</item>
/// <item><b>Character sets</b>: the engine splits the characters into the classes that the pattern's literals, ranges
/// and class escapes cannot tell apart, and its work grows with the square of their number and more (1,000 distinct
/// literal characters took 16 seconds and 1.7 GB; 2,000 overlapping ranges, 88 seconds and 11 GB). Every distinct
/// literal character, range end and class escape counts once; under <c>(?i)</c> a letter counts with its other case.</item>
/// </list>
/// The scan over-estimates where it is unsure (a pattern that turns on <c>(?x)</c> is read both with and without it),
/// and only ever runs on a pattern the backtracking parser has accepted, so it can assume balanced brackets.
/// </summary>
internal static class PatternCost
{
    /// <summary>The estimate: the expanded size (saturating at <see cref="long.MaxValue"/>) and the number of distinct sets.</summary>
    internal readonly record struct Estimate(long Expansion, int Sets, int Depth);

    /// <summary>The deepest nesting of groups the scan follows; a deeper pattern is refused without being read further
    /// (the scan recurses once per level).</summary>
    public const int MaxDepth = 100;

    public static Estimate Of(string pattern)
    {
        var plain = new Scanner(pattern, extended: false).Run();
        if (!HasExtendedOption(pattern))
        {
            return plain;
        }

        var extended = new Scanner(pattern, extended: true).Run();
        return new Estimate(Math.Max(plain.Expansion, extended.Expansion), Math.Max(plain.Sets, extended.Sets), Math.Max(plain.Depth, extended.Depth));
    }

    private static bool HasExtendedOption(string pattern)
    {
        for (var i = pattern.IndexOf("(?", StringComparison.Ordinal); i >= 0; i = pattern.IndexOf("(?", i + 2, StringComparison.Ordinal))
        {
            for (var j = i + 2; j < pattern.Length && "imnsx-".Contains(pattern[j], StringComparison.Ordinal); j++)
            {
                if (pattern[j] == 'x')
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static long Times(long a, long b) => a == 0 || b == 0 ? 0 : a > long.MaxValue / b ? long.MaxValue : a * b;

    private static long Plus(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;

    private sealed class Scanner(string pattern, bool extended)
    {
        private readonly HashSet<string> _sets = new(StringComparer.Ordinal);
        private int _at;
        private bool _ignoreCase;
        private int _depth;
        private int _deepest;

        public Estimate Run()
        {
            _ignoreCase = HasInlineIgnoreCase();
            // One node more for the whole, as the engine counts it: `(a{1,100}){1,100}` is 10,001.
            var size = Plus(Alternation(), 1);
            return new Estimate(size, _sets.Count, _deepest);
        }

        private bool HasInlineIgnoreCase()
        {
            for (var i = pattern.IndexOf("(?", StringComparison.Ordinal); i >= 0; i = pattern.IndexOf("(?", i + 2, StringComparison.Ordinal))
            {
                for (var j = i + 2; j < pattern.Length && "imnsx-".Contains(pattern[j], StringComparison.Ordinal); j++)
                {
                    if (pattern[j] == 'i')
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private bool AtEnd => _at >= pattern.Length;

        private char Peek => pattern[_at];

        /// <summary>Branches separated by <c>|</c>, up to a closing <c>)</c> or the end: the sum of their sizes.</summary>
        private long Alternation()
        {
            var total = 0L;
            while (true)
            {
                total = Plus(total, Sequence());
                if (!AtEnd && Peek == '|')
                {
                    _at++;
                    continue;
                }

                return total;
            }
        }

        private long Sequence()
        {
            var total = 0L;
            while (true)
            {
                SkipIgnored();
                if (AtEnd || Peek is '|' or ')')
                {
                    return total;
                }

                var atom = Atom();
                SkipIgnored();
                while (!AtEnd && Quantifier() is { } count)
                {
                    atom = Times(Math.Max(atom, 1), count);
                    SkipIgnored();
                }

                total = Plus(total, atom);
            }
        }

        /// <summary>In <c>(?x)</c> mode, white space and <c>#</c> comments are not part of the pattern.</summary>
        private void SkipIgnored()
        {
            while (extended && !AtEnd)
            {
                if (char.IsWhiteSpace(Peek))
                {
                    _at++;
                }
                else if (Peek == '#')
                {
                    while (!AtEnd && Peek != '\n')
                    {
                        _at++;
                    }
                }
                else
                {
                    return;
                }
            }
        }

        /// <summary>A quantifier at the current position, as the factor it multiplies by; <see langword="null"/> if none.</summary>
        private long? Quantifier()
        {
            long? factor = null;
            switch (Peek)
            {
                case '*':
                case '+':
                case '?':
                    _at++;
                    factor = 2;
                    break;
                case '{':
                    if (Counted() is { } counted)
                    {
                        factor = counted;
                    }

                    break;
            }

            if (factor is not null && !AtEnd && Peek == '?')
            {
                _at++;
            }

            return factor;
        }

        /// <summary><c>{n}</c>, <c>{n,}</c> or <c>{n,m}</c>: the largest count (<c>n + 1</c> when unbounded); otherwise
        /// <see langword="null"/>, and the brace is a literal.</summary>
        private long? Counted()
        {
            var i = _at + 1;
            var low = Number(ref i);
            if (low is null || i >= pattern.Length)
            {
                return null;
            }

            long high;
            if (pattern[i] == '}')
            {
                high = low.Value;
            }
            else if (pattern[i] == ',')
            {
                i++;
                var upper = Number(ref i);
                if (i >= pattern.Length || pattern[i] != '}')
                {
                    return null;
                }

                high = upper ?? Plus(low.Value, 1);
            }
            else
            {
                return null;
            }

            _at = i + 1;
            return Math.Max(Math.Max(low.Value, high), 1);
        }

        private long? Number(ref int i)
        {
            var start = i;
            var value = 0L;
            while (i < pattern.Length && char.IsAsciiDigit(pattern[i]))
            {
                value = Plus(Times(value, 10), pattern[i] - '0');
                i++;
            }

            return i == start ? null : value;
        }

        private long Atom()
        {
            var c = Peek;
            switch (c)
            {
                case '(':
                    return Group();
                case '[':
                    _at++;
                    Class();
                    return 1;
                case '\\':
                    _at++;
                    Escape(inClass: false);
                    return 1;
                case '.':
                    _at++;
                    _sets.Add("class:.");
                    return 1;
                case '^':
                case '$':
                    _at++;
                    return 1;
                default:
                    _at++;
                    AddChar(c);
                    return 1;
            }
        }

        private long Group()
        {
            _at++;
            _deepest = Math.Max(_deepest, ++_depth);
            try
            {
                return _depth > MaxDepth ? SkipRest() : GroupBody();
            }
            finally
            {
                _depth--;
            }
        }

        /// <summary>Past the depth limit: the pattern is refused anyway, so nothing more is read.</summary>
        private long SkipRest()
        {
            _at = pattern.Length;
            return 0;
        }

        private long GroupBody()
        {
            if (!AtEnd && Peek == '?')
            {
                _at++;
                if (!AtEnd && Peek == '#')
                {
                    while (!AtEnd && Peek != ')')
                    {
                        _at++;
                    }

                    Close();
                    return 0;
                }

                // Options (`(?i)`, `(?x-s:`), names (`(?<n>`, `(?'n'`, `(?<a-b>`), lookarounds, atomic groups and
                // conditions: skip the header; what follows is an ordinary alternation.
                if (!AtEnd && Peek is '<' or '\'')
                {
                    var close = Peek == '<' ? '>' : '\'';
                    _at++;
                    if (!AtEnd && Peek is '=' or '!')
                    {
                        _at++;
                    }
                    else
                    {
                        while (!AtEnd && Peek != close)
                        {
                            _at++;
                        }

                        _at++;
                    }
                }
                else if (!AtEnd && Peek is ':' or '=' or '!' or '>')
                {
                    _at++;
                }
                else if (!AtEnd && Peek == '(')
                {
                    // A condition `(?(name)yes|no)` or `(?(expression)yes|no)`: the condition is read as a group.
                    var condition = Group();
                    var branches = Alternation();
                    Close();
                    return Plus(condition, branches);
                }
                else
                {
                    while (!AtEnd && "imnsx-".Contains(Peek, StringComparison.Ordinal))
                    {
                        _at++;
                    }

                    if (!AtEnd && Peek == ')')
                    {
                        _at++;
                        return 0;
                    }

                    if (!AtEnd && Peek == ':')
                    {
                        _at++;
                    }
                }
            }

            var inner = Alternation();
            Close();
            return inner;
        }

        private void Close()
        {
            if (!AtEnd && Peek == ')')
            {
                _at++;
            }
        }

        /// <summary>A character class after its <c>[</c>, up to and including its <c>]</c>.</summary>
        private void Class()
        {
            if (!AtEnd && Peek == '^')
            {
                _at++;
            }

            var first = true;
            while (!AtEnd && (Peek != ']' || first))
            {
                first = false;
                if (Peek == '-' && _at + 1 < pattern.Length && pattern[_at + 1] == '[')
                {
                    // Subtraction: `[a-z-[aeiou]]`.
                    _at += 2;
                    Class();
                    continue;
                }

                if (Peek == '[' && _at + 1 < pattern.Length && pattern[_at + 1] == ':')
                {
                    AddChar('[');
                    _at++;
                    continue;
                }

                ClassMember();
                if (!AtEnd && Peek == '-' && _at + 1 < pattern.Length && pattern[_at + 1] is not (']' or '['))
                {
                    _at++;
                    ClassMember();
                }
            }

            if (!AtEnd)
            {
                _at++;
            }
        }

        private void ClassMember()
        {
            if (Peek == '\\')
            {
                _at++;
                Escape(inClass: true);
            }
            else
            {
                AddChar(Peek);
                _at++;
            }
        }

        /// <summary>An escape after its backslash.</summary>
        private void Escape(bool inClass)
        {
            if (AtEnd)
            {
                return;
            }

            var c = Peek;
            _at++;
            switch (c)
            {
                case 'w' or 'W' or 'd' or 'D' or 's' or 'S':
                    _sets.Add("class:" + c);
                    return;
                case 'b' when !inClass:
                case 'B':
                    // Word boundaries test the word class.
                    _sets.Add("class:w");
                    return;
                case 'A' or 'Z' or 'z' or 'G':
                    return;
                case 'p' or 'P':
                {
                    var start = _at - 2;
                    if (!AtEnd && Peek == '{')
                    {
                        while (!AtEnd && Peek != '}')
                        {
                            _at++;
                        }

                        _at++;
                    }

                    _sets.Add("class:" + pattern[start..Math.Min(_at, pattern.Length)]);
                    return;
                }

                case 'k' when !inClass && !AtEnd && Peek is '<' or '\'':
                {
                    var close = Peek == '<' ? '>' : '\'';
                    while (!AtEnd && Peek != close)
                    {
                        _at++;
                    }

                    _at++;
                    return;
                }

                case 'x':
                    Literal(c, 2);
                    return;
                case 'u':
                    Literal(c, 4);
                    return;
                case 'c':
                    Literal(c, 1);
                    return;
                default:
                    if (char.IsAsciiDigit(c))
                    {
                        // A backreference or an octal escape: count it as one character of its own.
                        var start = _at - 1;
                        while (!AtEnd && char.IsAsciiDigit(Peek))
                        {
                            _at++;
                        }

                        _sets.Add("escape:" + pattern[start.._at]);
                        return;
                    }

                    AddChar(c switch { 'n' => '\n', 't' => '\t', 'r' => '\r', 'f' => '\f', 'v' => '\v', 'e' => '\u001b', 'a' => '\a', _ => c });
                    return;
            }
        }

        private void Literal(char kind, int length)
        {
            var end = Math.Min(_at + length, pattern.Length);
            _sets.Add("escape:" + kind + pattern[_at..end]);
            _at = end;
        }

        private void AddChar(char c)
        {
            _sets.Add(c.ToString());
            if (_ignoreCase && char.IsLetter(c))
            {
                _sets.Add(char.ToUpperInvariant(c).ToString());
                _sets.Add(char.ToLowerInvariant(c).ToString());
            }
        }
    }
}
