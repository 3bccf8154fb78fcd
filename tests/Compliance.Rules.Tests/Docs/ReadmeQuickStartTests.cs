using System.Reflection;
using System.Text.RegularExpressions;
using NUnit.Framework;

namespace Compliance.Rules.Tests.Docs;

/// <summary>The README's library quick start is samples/QuickStart in full (<see cref="DocsSnippetTests"/> compares the
/// two), and running it prints what the README's comments say it prints.</summary>
[NonParallelizable]
public sealed partial class ReadmeQuickStartTests
{
    private const string Program = "samples/QuickStart/Program.cs";

    [Test]
    public void Readme_ShowsTheQuickStartProgramInFull()
    {
        var readme = File.ReadAllLines(Path.Combine(RepoRoot.Path, "README.md"));

        Assert.That(readme, Does.Contain($"<!-- file: {Program} -->"), "the README's quick start should be marked as samples/QuickStart/Program.cs");
        var marker = Array.IndexOf(readme, $"<!-- file: {Program} -->");
        Assert.That(readme[marker + 1], Is.EqualTo("```csharp"));
    }

    [Test]
    public void QuickStart_PrintsWhatTheReadmeSaysItPrints()
    {
        // The README puts what each Console.WriteLine prints in a comment at the end of its line.
        var promised = File.ReadAllLines(Path.Combine(RepoRoot.Path, Program))
            .Select(l => PrintedComment().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToArray();
        Assert.That(promised, Is.Not.Empty);

        var printed = RunQuickStart();

        Assert.That(printed, Is.EqualTo(promised));
    }

    /// <summary>Runs the sample's entry point from the repository's root, as the README's `dotnet run` does.</summary>
    private static string[] RunQuickStart()
    {
        var entryPoint = Assembly.Load("QuickStart").EntryPoint ?? throw new InvalidOperationException("QuickStart has no entry point");
        var (directory, output) = (Environment.CurrentDirectory, Console.Out);
        using var printed = new StringWriter { NewLine = "\n" };
        try
        {
            Environment.CurrentDirectory = RepoRoot.Path;
            Console.SetOut(printed);
            entryPoint.Invoke(null, entryPoint.GetParameters().Length == 0 ? null : [Array.Empty<string>()]);
        }
        finally
        {
            Environment.CurrentDirectory = directory;
            Console.SetOut(output);
        }

        return printed.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [GeneratedRegex(@"^\s*Console\.WriteLine\(.*\);\s*// (.+)$")]
    private static partial Regex PrintedComment();
}
