using System.Diagnostics;
using System.Text;

namespace Compliance.Cli.Tests.Packaging;

/// <summary>What a child process did.</summary>
internal sealed record ProcessRun(string Command, int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"$ {Command}\nexit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>Runs a child process to completion with a time limit, killing it and its children when the limit passes.</summary>
internal static class ExternalProcess
{
    /// <summary>The <c>dotnet</c> host running these tests, so that children use the same SDK and runtime.</summary>
    public static string DotnetHost { get; } =
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";

    public static ProcessRun Run(string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test host's MSBuild and VSTest settings would steer a nested build; the child starts clean of them.
        foreach (var name in start.Environment.Keys.Where(k =>
                     k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToArray())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        if (Path.IsPathFullyQualified(DotnetHost) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_ROOT")))
        {
            // An installed tool's launcher finds the runtime here when dotnet is not in a default location.
            start.Environment["DOTNET_ROOT"] = Path.GetDirectoryName(DotnetHost);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var command = $"{fileName} {string.Join(' ', start.ArgumentList)}";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start `{command}`");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return new ProcessRun(command, -1, stdout.Result, stderr.Result + $"\n(killed after {timeout.TotalSeconds:0} s)");
        }

        process.WaitForExit();
        return new ProcessRun(command, process.ExitCode, stdout.Result, stderr.Result);
    }
}
