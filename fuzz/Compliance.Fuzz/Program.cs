using Compliance.Rules;
using Compliance.Rules.Subjects;
using SharpFuzz;

namespace Compliance.Fuzz;

/// <summary>Fuzzing entry points for the rule loader and the subject reader. Any exception that escapes them is a bug:
/// both promise diagnostics (or unreadable-input verdicts) for every input.</summary>
/// <remarks>
/// <code>
/// compliance-fuzz rules|subjects            AFL (afl-fuzz starts it; input on a stream)
/// compliance-fuzz rules|subjects --libfuzzer libFuzzer (built with libfuzzer-dotnet)
/// compliance-fuzz rules|subjects --replay PATH...  runs files or folders once, without a fuzzer (to reproduce a crash)
/// </code>
/// </remarks>
internal static class Program
{
    private static readonly RuleSetLoader Loader = new();
    private static readonly SubjectReader Reader = new();

    private static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("rules" or "subjects"))
        {
            Console.Error.WriteLine("usage: compliance-fuzz rules|subjects [--libfuzzer | --replay PATH...]");
            return 2;
        }

        Action<string> target = args[0] == "rules" ? LoadRules : ReadSubjects;
        switch (args.Skip(1).FirstOrDefault())
        {
            case null:
                Fuzzer.OutOfProcess.Run(stream =>
                {
                    using var reader = new StreamReader(stream);
                    target(reader.ReadToEnd());
                });
                return 0;
            case "--libfuzzer":
                Fuzzer.LibFuzzer.Run(bytes => target(System.Text.Encoding.UTF8.GetString(bytes)));
                return 0;
            case "--replay":
                return Replay(target, args.Skip(2));
            default:
                Console.Error.WriteLine($"unknown option `{args[1]}`");
                return 2;
        }
    }

    /// <summary>The rule loader, on one file's text: it must return diagnostics, never throw.</summary>
    private static void LoadRules(string text)
    {
        var result = Loader.LoadStrings([new RuleSource("fuzz.yaml", text)]);
        if (result.Succeeded == result.Errors.Any())
        {
            throw new InvalidOperationException("a load succeeded with errors, or failed without one");
        }
    }

    /// <summary>The subject reader, on the text as a YAML/JSON document and as JSON lines: it must never throw.</summary>
    private static void ReadSubjects(string text)
    {
        foreach (var input in Reader.ReadDocument(text, "fuzz.yaml"))
        {
            _ = input.Errors.Count;
        }

        using var lines = new StringReader(text);
        foreach (var input in Reader.ReadJsonLines(lines, "fuzz.jsonl"))
        {
            _ = input.Errors.Count;
        }
    }

    private static int Replay(Action<string> target, IEnumerable<string> paths)
    {
        var files = paths.SelectMany(p => Directory.Exists(p) ? Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories) : [p]).Order(StringComparer.Ordinal);
        var failures = 0;
        foreach (var file in files)
        {
            try
            {
                target(File.ReadAllText(file));
                Console.WriteLine($"ok     {file}");
            }
#pragma warning disable CA1031 // Replay reports every crashing input, then fails.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                failures++;
                Console.WriteLine($"CRASH  {file}: {exception}");
            }
        }

        return failures == 0 ? 0 : 1;
    }
}
