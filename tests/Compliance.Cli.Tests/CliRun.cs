namespace Compliance.Cli.Tests;

/// <summary>What one in-process run of the command line did.</summary>
internal sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>What the runs see unless a test says otherwise: no terminal, and a clock that reads 2026-03-01 12:00 UTC,
    /// so that "today" (for a subject without a timestamp, and in the text report's header) is the same every day.</summary>
    public static CliEnvironment Environment { get; } = new() { TimeProvider = new FixedClock(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero)) };

    public static CliRun Of(string[] args, string stdin = "", CliEnvironment? environment = null)
    {
        using var input = new StringReader(stdin);
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var exitCode = CliApp.Run(args, input, output, error, environment ?? Environment);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Runs the command line with the repository's root as the working directory, as CI would.</summary>
    public static CliRun AtRepoRoot(string[] args, string stdin = "", CliEnvironment? environment = null) =>
        In(RepoRoot.Path, args, stdin, environment);

    /// <summary>Runs the command line with <paramref name="directory"/> as the current directory, so that paths in the
    /// output are the relative paths a user would type.</summary>
    public static CliRun In(string directory, string[] args, string stdin = "", CliEnvironment? environment = null)
    {
        var previous = System.Environment.CurrentDirectory;
        System.Environment.CurrentDirectory = directory;
        try
        {
            return Of(args, stdin, environment);
        }
        finally
        {
            System.Environment.CurrentDirectory = previous;
        }
    }

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>A temporary directory for rule and subject files, deleted afterwards.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "compliance-cli-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Write(string relativePath, string content)
    {
        var full = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content.ReplaceLineEndings("\n"));
        return full;
    }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>The repository's root: the nearest directory above the test binaries holding <c>Compliance.sln</c>.</summary>
internal static class RepoRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Compliance.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no Compliance.sln above {AppContext.BaseDirectory}");
    }
}

/// <summary>A clock that stands still: every report that reads the time (JUnit's timestamp and times, Cobertura's
/// timestamp) comes out the same in every run.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public static CliEnvironment Environment { get; } = new() { TimeProvider = new FixedClock(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero)) };

    public override DateTimeOffset GetUtcNow() => now;

    public override long GetTimestamp() => 0;
}
