using System.Text.Json;
using System.Xml.Linq;
using NUnit.Framework;
using YamlDotNet.RepresentationModel;

namespace Compliance.Cli.Tests.Docs;

/// <summary>docs/ci.md's recipes (GitHub Actions, Azure Pipelines, GitLab CI/CD) and this repository's own workflow, run
/// as far as this machine allows. The recipe is read from the page (or the workflow file) itself; every `compliance` and
/// `dotnet compliance` command of its steps runs in process, with the current directory a temporary copy of the paths the
/// commands name (`rules/`, and `deployments/` made from samples/subjects), with the CI's variables pointing at
/// temporary paths (`$(Build.ArtifactStagingDirectory)` an empty folder, `GITHUB_STEP_SUMMARY` an empty file). A step
/// that an earlier failing step would keep from running in CI is not run. Then every report the recipe uploads must
/// exist, be non-empty and be in the format its upload expects.</summary>
/// <remarks>What this machine cannot do is left out, step by step: installing or restoring the tool (`dotnet tool
/// restore`, `dotnet pack`, `dotnet tool install`: the Packaging tests install the packed tool), checking out and setting up
/// .NET (the repository and the SDK are here), the upload actions and tasks themselves (only the files they would upload
/// are checked), and the workflow's `dotnet test Compliance.sln` (the run this test is part of).</remarks>
public sealed class CiRecipeTests
{
    public enum Ci
    {
        GitHub,
        Azure,
        GitLab,
    }

    private enum Format
    {
        Sarif,
        JUnit,
        Cobertura,
        CodeQuality,
        Markdown,
    }

    private const string StagingVariable = "$(Build.ArtifactStagingDirectory)";

    /// <summary>One step of a recipe: its shell lines, and whether it runs after an earlier step failed the job.</summary>
    private sealed record Step(string Name, IReadOnlyList<string> Lines, bool RunsAfterFailure);

    /// <summary>A file (or folder of SARIF logs) that the recipe uploads, in the format its upload expects.</summary>
    private sealed record Upload(string Name, string Path, Format Format, bool RunsAfterFailure, bool IsFolder = false);

    private sealed record Recipe(List<Step> Steps, List<Upload> Uploads);

    [TestCase("docs/ci.md", "GitHub Actions", Ci.GitHub)]
    [TestCase("docs/ci.md", "Azure Pipelines", Ci.Azure)]
    [TestCase("docs/ci.md", "GitLab CI/CD", Ci.GitLab)]
    [TestCase("docs/ci.md", "Pull-request impact", Ci.GitHub)]
    [TestCase(".github/workflows/compliance.yml", null, Ci.GitHub)]
    public void Recipe_EachComplianceCommandRuns_AndEachUploadedReportIsWrittenInItsFormat(string file, string? section, Ci ci)
    {
        var recipe = Parse(RecipeText(file, section), ci);
        using var repository = new TempDirectory();
        using var agent = new TempDirectory();
        // Azure's staging folder exists (and is empty) when the job starts; the folders the commands write into
        // (CodeAnalysisLogs/) do not.
        var staging = Directory.CreateDirectory(agent.Combine("a")).FullName;
        var stepSummary = agent.Write("step_summary.md", "");
        var environment = CliRun.Environment with { StepSummaryPath = ci == Ci.GitHub ? stepSummary : null };

        var commands = 0;
        var jobFailed = false;
        foreach (var step in recipe.Steps)
        {
            foreach (var line in LogicalLines(step.Lines))
            {
                if (CommandArguments(line.Replace(StagingVariable, staging, StringComparison.Ordinal)) is not { } command)
                {
                    TestContext.Out.WriteLine($"not run here (not a compliance command): {line}");
                    continue;
                }

                commands++;
                if (jobFailed && !step.RunsAfterFailure)
                {
                    TestContext.Out.WriteLine($"not run: an earlier step failed the job, and `{step.Name}` runs only on success: {line}");
                    continue;
                }

                var (args, redirect) = command;
                foreach (var path in ValuesOf(args, "--rules").Concat(ValuesOf(args, "--input")).Concat(ValuesOf(args, "--base")))
                {
                    Provide(repository.Path, path);
                }

                var summaryBefore = new FileInfo(stepSummary).Length;
                var run = CliRun.In(repository.Path, args, environment: environment);
                TestContext.Out.WriteLine($"{line}\n  -> exit {run.ExitCode}");

                var expected = args[0] switch
                {
                    "lint" or "test" => new[] { 0 },
                    "check" when ValuesOf(args, "--fail-on").Contains("none") => [0],
                    "check" => [0, 1], // the gate: passes, or fails the job
                    "diff" when args.Contains("--fail-on-change") => [0, 1],
                    "diff" => [0],
                    _ => throw new AssertionException($"{file} {section}: `{line}`: a subcommand this test does not know what to expect of"),
                };
                Assert.That(expected, Does.Contain(run.ExitCode), $"{file} {section}, step `{step.Name}`: `{line}`\n{run}");
                jobFailed |= run.ExitCode != 0;

                if (redirect is { } target && target != "/dev/null")
                {
                    File.WriteAllText(Path.Combine(repository.Path, target), run.Stdout);
                }

                foreach (var output in ValuesOf(args, "--output").Concat(ValuesOf(args, "--coverage-output")))
                {
                    var written = new FileInfo(Path.Combine(repository.Path, output));
                    Assert.That(written.Exists && written.Length > 0, Is.True, $"`{line}` wrote no `{output}`\n{run}");
                }

                if (args.Contains("--step-summary"))
                {
                    Assert.That(new FileInfo(stepSummary).Length, Is.GreaterThan(summaryBefore), $"`{line}` appended nothing to GITHUB_STEP_SUMMARY\n{run}");
                    AssertFormat(stepSummary, Format.Markdown, "the job summary");
                }
            }
        }

        Assert.That(commands, Is.GreaterThan(0), $"no compliance command found in {file} {section}: the extractor matched nothing");
        Assert.That(recipe.Uploads, Is.Not.Empty, $"no upload found in {file} {section}: the extractor matched nothing");

        foreach (var upload in recipe.Uploads)
        {
            Assert.That(!jobFailed || upload.RunsAfterFailure, Is.True,
                $"{file} {section}: `{upload.Name}` would not run once the gate fails the job, so its report would be lost");
            var path = Path.Combine(repository.Path, upload.Path.Replace(StagingVariable, staging, StringComparison.Ordinal));
            if (upload.IsFolder)
            {
                Assert.That(Directory.Exists(path), Is.True, $"{file} {section}: `{upload.Name}` publishes `{upload.Path}`, which no step made");
                var logs = Directory.GetFiles(path, "*.sarif");
                Assert.That(logs, Is.Not.Empty, $"{file} {section}: `{upload.Name}` publishes `{upload.Path}`, which holds no SARIF log");
                foreach (var log in logs)
                {
                    AssertFormat(log, upload.Format, upload.Name);
                }
            }
            else
            {
                Assert.That(new FileInfo(path) is { Exists: true, Length: > 0 }, Is.True,
                    $"{file} {section}: `{upload.Name}` uploads `{upload.Path}`, which no step wrote");
                AssertFormat(path, upload.Format, upload.Name);
            }
        }
    }

    /// <summary>The first YAML block under the page's <c>## section</c> heading, or the whole file.</summary>
    private static string RecipeText(string file, string? section)
    {
        var text = File.ReadAllText(Path.Combine(RepoRoot.Path, file)).ReplaceLineEndings("\n");
        if (section is null)
        {
            return text;
        }

        var heading = text.IndexOf($"\n## {section}\n", StringComparison.Ordinal);
        Assert.That(heading, Is.GreaterThanOrEqualTo(0), $"{file} has no `## {section}`");
        var next = text.IndexOf("\n## ", heading + 1, StringComparison.Ordinal);
        var body = next < 0 ? text[heading..] : text[heading..next];
        var start = body.IndexOf("```yaml\n", StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThanOrEqualTo(0), $"{file} `## {section}` has no ```yaml block");
        start += "```yaml\n".Length;
        var end = body.IndexOf("\n```", start, StringComparison.Ordinal);
        return body[start..end];
    }

    private static Recipe Parse(string yaml, Ci ci)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var recipe = new Recipe([], []);
        switch (ci)
        {
            case Ci.GitHub:
                foreach (var job in Mapping(root, "jobs")!.Children.Values)
                {
                    foreach (var step in Sequence(job, "steps"))
                    {
                        var name = Scalar(step, "name") ?? Scalar(step, "run") ?? Scalar(step, "uses")!;
                        var condition = Scalar(step, "if") ?? "";
                        var afterFailure = condition.Contains("always()", StringComparison.Ordinal)
                            || condition.Contains("!cancelled()", StringComparison.Ordinal)
                            || condition.Contains("failure()", StringComparison.Ordinal);
                        if (Scalar(step, "run") is { } run)
                        {
                            recipe.Steps.Add(new Step(name, run.Split('\n'), afterFailure));
                        }
                        else if (Scalar(step, "uses") is { } uses && uses.StartsWith("github/codeql-action/upload-sarif@", StringComparison.Ordinal))
                        {
                            // The upload itself needs GitHub; the file it uploads is checked.
                            recipe.Uploads.Add(new Upload(name, Scalar(Mapping(step, "with"), "sarif_file")!, Format.Sarif, afterFailure));
                        }
                        else if (Scalar(step, "uses") is { } comment && comment.StartsWith("marocchino/sticky-pull-request-comment@", StringComparison.Ordinal))
                        {
                            // Posting the comment needs GitHub; the Markdown file it posts is checked.
                            recipe.Uploads.Add(new Upload(name, Scalar(Mapping(step, "with"), "path")!, Format.Markdown, afterFailure));
                        }
                        else
                        {
                            // checkout and setup-dotnet: the repository and the SDK are already on this machine (a second
                            // checkout of the base branch into a folder is provided by Provide).
                            Assert.That(Scalar(step, "uses"), Does.StartWith("actions/checkout@").Or.StartWith("actions/setup-dotnet@"),
                                $"a step this test does not know: {name}");
                        }
                    }
                }

                break;

            case Ci.Azure:
                foreach (var step in Sequence(root, "steps"))
                {
                    var name = Scalar(step, "displayName") ?? Scalar(step, "script") ?? Scalar(step, "task")!;
                    var condition = Scalar(step, "condition") ?? "";
                    var afterFailure = condition.Contains("succeededOrFailed()", StringComparison.Ordinal)
                        || condition.Contains("always()", StringComparison.Ordinal)
                        || condition.Contains("failed()", StringComparison.Ordinal);
                    if (Scalar(step, "script") is { } script)
                    {
                        recipe.Steps.Add(new Step(name, script.Split('\n'), afterFailure));
                        continue;
                    }

                    // The tasks need Azure DevOps; the files they publish are checked.
                    var inputs = Mapping(step, "inputs");
                    switch (Scalar(step, "task"))
                    {
                        case "UseDotNet@2":
                            break; // the SDK is already on this machine
                        case "PublishTestResults@2":
                            Assert.That(Scalar(inputs, "testResultsFormat"), Is.EqualTo("JUnit"), name);
                            foreach (var results in Scalar(inputs, "testResultsFiles")!.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                            {
                                recipe.Uploads.Add(new Upload(name, results, Format.JUnit, afterFailure));
                            }

                            break;
                        case "PublishCodeCoverageResults@2":
                            recipe.Uploads.Add(new Upload(name, Scalar(inputs, "summaryFileLocation")!, Format.Cobertura, afterFailure));
                            break;
                        case "PublishBuildArtifacts@1":
                            // The SARIF SAST Scans Tab reads the SARIF logs of the artifact named CodeAnalysisLogs.
                            Assert.That(Scalar(inputs, "ArtifactName"), Is.EqualTo("CodeAnalysisLogs"), name);
                            recipe.Uploads.Add(new Upload(name, Scalar(inputs, "PathtoPublish")!, Format.Sarif, afterFailure, IsFolder: true));
                            break;
                        default:
                            Assert.Fail($"a task this test does not know: {Scalar(step, "task")}");
                            break;
                    }
                }

                break;

            case Ci.GitLab:
                foreach (var (key, job) in root.Children)
                {
                    if (Sequence(job, "script").Count == 0)
                    {
                        continue;
                    }

                    var jobName = ((YamlScalarNode)key).Value!;
                    // A failing `script` command ends the script; `after_script` runs whatever happened.
                    recipe.Steps.Add(new Step($"{jobName}: script", Sequence(job, "script").Select(Text).ToList(), RunsAfterFailure: false));
                    recipe.Steps.Add(new Step($"{jobName}: after_script", Sequence(job, "after_script").Select(Text).ToList(), RunsAfterFailure: true));

                    var artifacts = Mapping(job, "artifacts");
                    var always = Scalar(artifacts, "when") == "always";
                    foreach (var path in Sequence(artifacts, "paths").Select(Text))
                    {
                        Assert.That(Path.GetExtension(path), Is.EqualTo(".md"), $"an artifact this test does not know: {path}");
                        recipe.Uploads.Add(new Upload($"{jobName}: artifacts", path, Format.Markdown, always));
                    }

                    var reports = Mapping(artifacts, "reports");
                    foreach (var junit in ScalarOrSequence(reports, "junit"))
                    {
                        recipe.Uploads.Add(new Upload($"{jobName}: reports: junit", junit, Format.JUnit, always));
                    }

                    foreach (var codeQuality in ScalarOrSequence(reports, "codequality"))
                    {
                        recipe.Uploads.Add(new Upload($"{jobName}: reports: codequality", codeQuality, Format.CodeQuality, always));
                    }

                    if (Mapping(reports, "coverage_report") is { } coverage)
                    {
                        Assert.That(Scalar(coverage, "coverage_format"), Is.EqualTo("cobertura"));
                        recipe.Uploads.Add(new Upload($"{jobName}: reports: coverage_report", Scalar(coverage, "path")!, Format.Cobertura, always));
                    }
                }

                break;
        }

        return recipe;
    }

    /// <summary>The step's lines, with lines that end in a backslash joined to the next, and blank lines left out.</summary>
    private static IEnumerable<string> LogicalLines(IEnumerable<string> lines)
    {
        var pending = "";
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }

            line = (pending + line).Trim();
            pending = "";
            if (line.Length > 0)
            {
                yield return line;
            }
        }
    }

    /// <summary>The arguments of a `compliance` or `dotnet compliance` line and the file its standard output is redirected
    /// to, or <see langword="null"/> for any other line. A compliance line must be plain words: quoting, pipes, other
    /// redirections and unknown variables fail the test rather than being run differently from how a shell would.</summary>
    private static (string[] Args, string? Redirect)? CommandArguments(string line)
    {
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var start = words switch
        {
            ["dotnet", "compliance", ..] => 2,
            ["compliance", ..] => 1,
            _ => -1,
        };
        if (start < 0)
        {
            return null;
        }

        Assert.That(line, Does.Not.Match("[|;&\"'`<$]|>>"), $"a compliance command this test cannot run as a shell would: {line}");
        var args = words[start..].ToList();
        string? redirect = null;
        var arrow = args.IndexOf(">");
        if (arrow >= 0)
        {
            Assert.That(arrow, Is.EqualTo(args.Count - 2), $"a redirection this test does not understand: {line}");
            redirect = args[^1];
            args.RemoveRange(arrow, 2);
        }

        Assert.That(args, Is.Not.Empty, line);
        return ([.. args], redirect);
    }

    private static IEnumerable<string> ValuesOf(string[] args, string option)
    {
        for (var i = 0; i < args.Length - 1; i++)
        {
            if (args[i] == option)
            {
                yield return args[i + 1];
            }
        }
    }

    /// <summary>Puts the path a command reads into the temporary repository: a copy of the repository's own, or, for the
    /// recipes' `deployments` (the user's folder, which this repository does not have), the sample subjects.</summary>
    private static void Provide(string repository, string path)
    {
        Assert.That(Path.IsPathRooted(path), Is.False, $"the recipes read relative paths from the repository's root: `{path}`");
        var target = Path.Combine(repository, path);
        if (Directory.Exists(target) || File.Exists(target))
        {
            return;
        }

        var source = Path.Combine(RepoRoot.Path, path);
        if (File.Exists(source))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(source, target);
        }
        else if (Directory.Exists(source))
        {
            CopyDirectory(source, target);
        }
        else if (path == "deployments")
        {
            CopyDirectory(Path.Combine(RepoRoot.Path, "samples", "subjects"), target);
        }
        else if (path == "base/rules")
        {
            // The pull-request recipe's checkout of the base branch's rules: the bundled rules with the disputed clause
            // read Microsoft's way, so that the pull request (the bundled rules) changes something to report.
            CopyDirectory(Path.Combine(RepoRoot.Path, "rules"), target);
            File.Copy(Path.Combine(RepoRoot.Path, "samples", "readings", "microsoft", "msft-openai.yaml"), Path.Combine(target, "msft-openai.yaml"), overwrite: true);
        }
        else
        {
            Assert.Fail($"the recipe reads `{path}`, which the repository does not have");
        }
    }

    private static void CopyDirectory(string source, string target)
    {
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
    }

    private static void AssertFormat(string path, Format format, string upload)
    {
        var text = File.ReadAllText(path);
        var what = $"`{upload}`: {path}";
        try
        {
            AssertParsesAs(text, format, what);
        }
        catch (Exception exception) when (exception is JsonException or System.Xml.XmlException or KeyNotFoundException)
        {
            Assert.Fail($"{what} is not {format}: {exception.Message}\n{text[..Math.Min(text.Length, 300)]}");
        }
    }

    private static void AssertParsesAs(string text, Format format, string what)
    {
        switch (format)
        {
            case Format.Sarif:
                using (var sarif = JsonDocument.Parse(text))
                {
                    Assert.That(sarif.RootElement.GetProperty("version").GetString(), Is.EqualTo("2.1.0"), what);
                    Assert.That(sarif.RootElement.GetProperty("runs").GetArrayLength(), Is.GreaterThan(0), what);
                }

                break;
            case Format.JUnit:
                Assert.That(XDocument.Parse(text).Root!.Name.LocalName, Is.EqualTo("testsuites"), what);
                break;
            case Format.Cobertura:
                Assert.That(XDocument.Parse(text).Root!.Name.LocalName, Is.EqualTo("coverage"), what);
                break;
            case Format.CodeQuality:
                using (var issues = JsonDocument.Parse(text))
                {
                    Assert.That(issues.RootElement.ValueKind, Is.EqualTo(JsonValueKind.Array), what);
                }

                break;
            case Format.Markdown:
                Assert.That(text, Does.StartWith("## ").And.Contains("\n|"), what);
                break;
        }
    }

    private static YamlNode? Child(YamlNode? node, string key) =>
        node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    private static string? Scalar(YamlNode? node, string key) => (Child(node, key) as YamlScalarNode)?.Value;

    private static YamlMappingNode? Mapping(YamlNode? node, string key) => Child(node, key) as YamlMappingNode;

    private static IReadOnlyList<YamlNode> Sequence(YamlNode? node, string key) =>
        Child(node, key) is YamlSequenceNode sequence ? sequence.Children.ToList() : [];

    private static IEnumerable<string> ScalarOrSequence(YamlNode? node, string key) => Child(node, key) switch
    {
        YamlScalarNode scalar => [scalar.Value!],
        YamlSequenceNode sequence => sequence.Children.Select(Text),
        _ => [],
    };

    private static string Text(YamlNode node) => ((YamlScalarNode)node).Value!;
}
