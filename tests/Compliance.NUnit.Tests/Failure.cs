using NUnit.Framework;
using NUnit.Framework.Internal;

namespace Compliance.NUnit.Tests;

/// <summary>Runs an assertion in an isolated test context, so that its failure is captured rather than failing this test.</summary>
internal static class Failure
{
    public static string MessageOf(Action assertion)
    {
        string? message = null;
        using (new TestExecutionContext.IsolatedContext())
        {
            try
            {
                assertion();
            }
            catch (AssertionException failure)
            {
                message = failure.Message;
            }
        }

        return message ?? throw new InvalidOperationException("the assertion passed");
    }
}
