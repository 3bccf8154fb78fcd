namespace Compliance.Rules.Analysis.Solving;

/// <summary>How many search steps one question may take before the analysis gives up on it.</summary>
internal sealed class Budget(long steps)
{
    private long _remaining = steps;

    public void Spend()
    {
        if (--_remaining < 0)
        {
            throw new SearchTooLargeException();
        }
    }
}

/// <summary>Thrown when a question needs more search steps than its <see cref="Budget"/> allows.</summary>
internal sealed class SearchTooLargeException : Exception
{
    public SearchTooLargeException()
        : base("the search is too large")
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
        var order = formula.Variables().Where(v => assignment[v] < 0).ToArray();
        return Go(formula, order, 0, problem.DomainSizes, assignment, budget);
    }

    private static bool Go(Node formula, int[] order, int position, int[] sizes, int[] assignment, Budget budget)
    {
        budget.Spend();
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
