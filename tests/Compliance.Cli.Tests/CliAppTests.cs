using System.CommandLine;
using System.Reflection;
using NUnit.Framework;

namespace Compliance.Cli.Tests;

public sealed class CliAppTests
{
    private static readonly string[] Commands = ["check", "lint", "test", "diff", "explain", "docs", "export", "schema"];

    private static readonly string[] SharedOptions = ["--rules", "--input", "--as-of", "--format", "--output"];

    [Test]
    public void Version_PrintsTheInformationalVersion_ExitZero()
    {
        var expected = typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;

        var run = CliRun.Of(["--version"]);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Stdout, Is.EqualTo(expected + "\n"));
        Assert.That(expected, Does.StartWith("0.1.0"));
    }

    [Test]
    public void RootHelp_ListsEveryCommand_ExitZero()
    {
        var run = CliRun.Of(["--help"]);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        foreach (var command in Commands)
        {
            Assert.That(run.Stdout, Does.Match($@"\n  {command} +\S"), command);
        }
    }

    [TestCase("check", new[] { "--rules", "--input", "--as-of", "--format", "--output", "--fail-on", "--trace", "--detail" })]
    [TestCase("lint", new[] { "--rules", "--format", "--output", "--strict" })]
    [TestCase("test", new[] { "--rules", "--min-coverage" })]
    [TestCase("explain", new[] { "--rules", "--input", "--as-of" })]
    public void CommandHelp_ListsItsOptions_ExitZero(string command, string[] options)
    {
        var run = CliRun.Of([command, "--help"]);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Stdout, Does.Match($@"\n  \S+ {command} \[options\]\n"));
        foreach (var option in options)
        {
            Assert.That(run.Stdout, Does.Contain($"\n  {option} "), option);
        }
    }

    [Test]
    public void SharedOptions_AreDefinedAlikeInEveryCommand()
    {
        var root = CliApp.CreateRoot(TextReader.Null, TextWriter.Null, TextWriter.Null, CliEnvironment.Default);
        var definitions = root.Subcommands
            .SelectMany(command => command.Options.Where(o => SharedOptions.Contains(o.Name)).Select(o => (Command: command.Name, Option: o)))
            .GroupBy(p => p.Option.Name);

        Assert.That(root.Subcommands.Select(c => c.Name), Is.EquivalentTo(Commands));
        foreach (var group in definitions)
        {
            var first = group.First().Option;
            foreach (var (command, option) in group)
            {
                var what = $"{option.Name} of {command}";
                Assert.That(option.HelpName, Is.EqualTo(first.HelpName), what);
                Assert.That(option.Arity, Is.EqualTo(first.Arity), what);
                Assert.That(option.AllowMultipleArgumentsPerToken, Is.EqualTo(first.AllowMultipleArgumentsPerToken), what);
                // `--as-of` does something different for each command, and its help says what.
                if (option.Name is not ("--format" or "--as-of"))
                {
                    // `export --format` is required (it has one format and no default); elsewhere a format has a default.
                    // `diff --input` is optional: without inputs, diff compares the rule sets' texts.
                    if (!(command == "diff" && option.Name == "--input"))
                    {
                        Assert.That(option.Required, Is.EqualTo(first.Required), what);
                    }

                    Assert.That(option.Description, Is.EqualTo(first.Description), what);
                }
            }
        }
    }

    [TestCase("--rules")]
    [TestCase("--input")]
    public void PathOptions_AreRequiredRepeatableAndMultiValued(string name)
    {
        var root = CliApp.CreateRoot(TextReader.Null, TextWriter.Null, TextWriter.Null, CliEnvironment.Default);
        var options = root.Subcommands.SelectMany(c => c.Options.Select(o => (Command: c.Name, Option: o))).Where(o => o.Option.Name == name).ToArray();

        Assert.That(options, Is.Not.Empty);
        // `diff --input` is the one optional path option: without inputs, diff compares the rule sets' texts.
        Assert.That(options, Has.All.Matches<(string Command, Option Option)>(o => (o.Option.Required || (o.Command, name) == ("diff", "--input"))
            && o.Option.AllowMultipleArgumentsPerToken && o.Option.Arity.MaximumNumberOfValues > 1));
    }
}
