using Compliance.Conditions;

namespace Compliance.Rules.Analysis.Solving;

/// <summary>How much work one question may do before the analysis gives up on it, drawn from the whole run's budget.
/// Work is counted in steps, and a step costs what it touches: evaluating a formula costs its size, testing a condition
/// on a candidate value costs the condition's size, so the count follows the time spent and is the same on every machine.</summary>
internal sealed class Budget
{
    private readonly TotalBudget _total;
    private long _remaining;

    public Budget(long steps, TotalBudget total)
    {
        _total = total;
        _remaining = steps;
        Spend(TotalBudget.QuestionCost);
    }

    public void Spend(long cost = 1)
    {
        _total.Spend(cost);
        _remaining -= cost;
        if (_remaining < 0)
        {
            throw new SearchTooLargeException();
        }
    }
}

/// <summary>The budget of a whole analysis run: every question's steps, and the cheap tests that pick the pairs of
/// clauses worth asking about, are drawn from it. When it runs out the run stops (<see cref="AnalysisBudgetExhaustedException"/>).</summary>
internal sealed class TotalBudget(long steps)
{
    /// <summary>What a candidate value costs before it is tested: building a probe subject and asking the kind's
    /// validator, about as long as evaluating 64 formula nodes (measured).</summary>
    public const long CandidateCost = 64;

    /// <summary>What testing one condition node on a probe subject through the evaluator costs, in formula nodes.</summary>
    public const long EvaluationCost = 16;

    /// <summary>What setting up one question costs (building its problem's slots and formulas), in formula nodes.</summary>
    public const long QuestionCost = 256;

    private long _remaining = steps;

    public long Steps { get; } = steps;

    public long Spent => Steps - Math.Max(_remaining, 0);

    public void Spend(long cost)
    {
        _remaining -= cost;
        if (_remaining < 0)
        {
            throw new AnalysisBudgetExhaustedException();
        }
    }

    /// <summary>The size of a condition, as its share of the run's budget and as the cost of testing it once: one per
    /// node and one per operand, except that a long list of text values is looked up (a constant cost).</summary>
    public static long SizeOf(Condition condition) => condition switch
    {
        AllCondition all => 1 + all.Items.Sum(SizeOf),
        AnyCondition any => 1 + any.Items.Sum(SizeOf),
        NotCondition not => 1 + SizeOf(not.Inner),
        TermCondition term => SizeOf(term.Inner),
        QuantifierCondition quantifier => 1 + SizeOf(quantifier.Inner),
        ComparisonCondition { Operator: Operator.In or Operator.NotIn } comparison when comparison.Path.Type != Compliance.Subjects.FieldType.String =>
            1 + comparison.Operands.Count,
        _ => 1,
    };

    /// <summary>The size a condition adds to the rule set, which the run's budget grows with: every node and operand.</summary>
    public static long WeightOf(Condition condition) => condition switch
    {
        AllCondition all => 1 + all.Items.Sum(WeightOf),
        AnyCondition any => 1 + any.Items.Sum(WeightOf),
        NotCondition not => 1 + WeightOf(not.Inner),
        TermCondition term => WeightOf(term.Inner),
        QuantifierCondition quantifier => 1 + WeightOf(quantifier.Inner),
        ComparisonCondition comparison => 1 + comparison.Operands.Count,
        _ => 1,
    };
}

/// <summary>Thrown when one question needs more steps than its <see cref="Budget"/> allows.</summary>
internal sealed class SearchTooLargeException : Exception
{
    public SearchTooLargeException()
        : base("the search is too large")
    {
    }
}

/// <summary>Thrown when the whole run has spent its <see cref="TotalBudget"/>.</summary>
internal sealed class AnalysisBudgetExhaustedException : Exception
{
    public AnalysisBudgetExhaustedException()
        : base("the analysis has spent its budget")
    {
    }
}

/// <summary>Depth-first search for an assignment that makes a formula true, pruning as soon as the formula is decided.</summary>
internal static class Search
{
    /// <summary>Extends <paramref name="assignment"/> until <paramref name="formula"/> is true. On success the assignment
    /// holds the witness (variables the formula no longer needs may stay unassigned); on failure it is left as given.</summary>
    public static bool Find(Node formula, Problem problem, int[] assignment, Budget budget)
    {
        budget.Spend(formula.Size);
        var order = formula.Variables().Where(v => assignment[v] < 0).ToArray();
        return Go(formula, order, 0, problem.DomainSizes, assignment, budget);
    }

    private static bool Go(Node formula, int[] order, int position, int[] sizes, int[] assignment, Budget budget)
    {
        budget.Spend(formula.Size);
        switch (formula.Eval(assignment))
        {
            case Truth.True:
                return true;
            case Truth.False:
                return false;
        }

        while (position < order.Length && assignment[order[position]] >= 0)
        {
            position++;
        }

        if (position == order.Length)
        {
            return false;
        }

        var variable = order[position];
        for (var value = 0; value < sizes[variable]; value++)
        {
            assignment[variable] = value;
            if (Go(formula, order, position + 1, sizes, assignment, budget))
            {
                return true;
            }
        }

        assignment[variable] = -1;
        return false;
    }
}
