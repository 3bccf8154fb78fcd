using NUnit.Framework;

namespace Compliance.Cli.Tests.Docs;

/// <summary>Every <c>compliance diff</c> example in README.md and docs/cli.md is what the command prints: each fenced block
/// that begins <c>$ compliance diff ...</c> is run from the repository root (with the tests' clock, 2026-03-01), and the
/// rest of the block must be its standard output, then <c>$ echo $?</c> and its exit code.</summary>
public sealed class DiffDocsTests
{
    [TestCase("README.md", 1)]
    [TestCase("docs/cli.md", 5)]
    public void EveryDiffExample_IsWhatTheCommandPrints(string file, int expected)
    {
        var examples = Examples(File.ReadAllText(Path.Combine(RepoRoot.Path, file)).ReplaceLineEndings("\n")).ToArray();
        Assert.That(examples, Has.Length.EqualTo(expected), $"{file}: the `$ compliance diff` blocks");
        foreach (var (command, output) in examples)
        {
            var args = command.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..];
            var run = CliRun.AtRepoRoot(args, environment: FixedClock.Environment);
            Assert.That(run.Stderr, Is.Empty, command);
            Assert.That(run.Stdout + $"$ echo $?\n{run.ExitCode}\n", Is.EqualTo(output), $"{file}: `{command}`");
        }
    }

    /// <summary>The command (without <c>$ </c>) and the rest of each block that begins with <c>$ compliance diff</c>.</summary>
    private static IEnumerable<(string Command, string Output)> Examples(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("```", StringComparison.Ordinal) || i + 1 >= lines.Length
                || !lines[i + 1].StartsWith("$ compliance diff ", StringComparison.Ordinal))
            {
                continue;
            }

            var end = Array.FindIndex(lines, i + 2, l => l == "```");
            yield return (lines[i + 1][2..], string.Join('\n', lines[(i + 2)..end]) + "\n");
            i = end;
        }
    }
}
