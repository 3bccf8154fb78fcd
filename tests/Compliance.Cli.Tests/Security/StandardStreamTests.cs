using System.Diagnostics;
using System.Text;
using System.Text.Json;
using NUnit.Framework;

namespace Compliance.Cli.Tests.Security;

/// <summary>Standard output that its reader closed is a failure (exit 2, one line on standard error) for every command,
/// never a silent 0 or 1; standard input that is not UTF-8 gives an indeterminate verdict, not replaced characters.</summary>
public sealed class StandardStreamTests
{
    private const string Rules = """
        apiVersion: compliance/v1
        contract:
          id: acme
          title: Acme hosting agreement
          parties: [Acme, Contoso]
        clauses:
          - id: azure-only
            title: Stateless calls run on Azure
            text: Stateless calls to Acme models run on Azure.
            appliesTo: call
            when: { vendor: Acme, mode: stateless }
            require: { cloud: Azure }
        """;

    private const string RulesTests = """
        apiVersion: compliance/v1
        tests:
          - name: a call on Azure is compliant
            subject: { kind: call, vendor: Acme, model: m1, mode: stateless, cloud: Azure }
            expect: { outcome: compliant }
        """;

    private const string Clean = """{"kind": "call", "id": "clean", "vendor": "Acme", "model": "m1", "mode": "stateless", "cloud": "Azure", "timestamp": "2026-03-01"}""";
    private const string OnAws = """{"kind": "call", "id": "on-aws", "vendor": "Acme", "model": "m1", "mode": "stateless", "cloud": "AWS", "timestamp": "2026-03-01"}""";

    private TempDirectory _temp = null!;

    [SetUp]
    public void SetUp() => _temp = new TempDirectory();

    [TearDown]
    public void TearDown() => _temp.Dispose();

    private string RulesFolder()
    {
        _temp.Write("rules/acme.yaml", Rules);
        _temp.Write("rules/acme.tests.yaml", RulesTests);
        return _temp.Combine("rules");
    }

    private string[] Args(string command)
    {
        var rules = RulesFolder();
        var input = _temp.Write("calls.jsonl", string.Join("\n", Enumerable.Repeat(Clean + "\n" + OnAws, 50)) + "\n");
        return command switch
        {
            "check" or "explain" => [command, "--rules", rules, "--input", input],
            "export" => [command, "--rules", rules, "--format", "rulesengine"],
            "schema" => [command],
            _ => [command, "--rules", rules],
        };
    }

    [TestCase("check")]
    [TestCase("lint")]
    [TestCase("test")]
    [TestCase("explain")]
    [TestCase("docs")]
    [TestCase("export")]
    [TestCase("schema")]
    public void StandardOutputThatFails_ExitsTwo_WithOneLine_ForEveryCommand(string command)
    {
        var args = Args(command);
        using var stdout = new BrokenPipeWriter();
        using var stderr = new StringWriter { NewLine = "\n" };

        var exitCode = CliApp.Run(args, TextReader.Null, stdout, stderr);

        Assert.That(exitCode, Is.EqualTo(2), stderr.ToString());
        Assert.That(stderr.ToString(), Is.EqualTo($"compliance {command}: error: cannot write the report to standard output: Broken pipe\n"));
    }

    [TestCase("check")]
    [TestCase("test")]
    [TestCase("schema")]
    public void StandardOutputWhoseReaderClosed_ExitsTwo_WithOneLine(string command)
    {
        var run = Tool(Args(command), stdin: null, closeStdout: true);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Does.Match($"^compliance {command}: error: cannot write the report to standard output: [^\\n]+\\n$"), run.ToString());
    }

    [Test]
    public void StandardInputWithInvalidUtf8_IsAnIndeterminateVerdictForThatLine_AndTheRestAreJudged()
    {
        var rules = RulesFolder();
        var at = OnAws.IndexOf("\"m1\"", StringComparison.Ordinal) + 2;
        byte[] bad = [.. Encoding.UTF8.GetBytes(OnAws[..at]), 0xFF, .. Encoding.UTF8.GetBytes(OnAws[at..])];
        byte[] stdin = [.. Encoding.UTF8.GetBytes(Clean + "\n"), .. bad, (byte)'\n', .. Encoding.UTF8.GetBytes(OnAws + "\n")];

        var run = Tool(["check", "--rules", rules, "--input", "-", "--format", "jsonl"], stdin, closeStdout: false);

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        var verdicts = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.That(verdicts.Select(v => $"{v.GetProperty("source").GetString()} {v.GetProperty("outcome").GetString()}"),
            Is.EqualTo(new[] { "-:1 compliant", "-:2 indeterminate", "-:3 violation" }));
        Assert.That(verdicts[1].GetProperty("errors")[0].GetProperty("message").GetString(),
            Is.EqualTo($"the line is not valid UTF-8 text at column {at + 1}"));
    }

    [Test]
    public void StandardInput_DecodesCharactersSplitAcrossReads_AndGivesEachInvalidByteAsALoneSurrogate()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("Azü"), 0xFF, (byte)'x', 0xC3, (byte)'(', .. Encoding.UTF8.GetBytes("é€\n"), 0xE2, 0x82];
        using var reader = new StandardInput(new TrickleStream(bytes));

        var text = reader.ReadToEnd();

        Assert.That(text, Is.EqualTo("Azü\uDCFFx\uDCC3(é€\n\uDCE2\uDC82"));
    }

    /// <summary>A pipe that delivers one byte a read.</summary>
    private sealed class TrickleStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1));
    }

    /// <summary>Runs the built tool (<c>compliance.dll</c> beside the tests) as a process, optionally closing the reading end of
    /// its standard output at once, before it writes anything.</summary>
    private ProcessRun Tool(string[] args, byte[]? stdin, bool closeStdout)
    {
        var start = new ProcessStartInfo(Packaging.ExternalProcess.DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = _temp.Path,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "compliance.dll"));
        foreach (var argument in args)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = Task.FromResult(string.Empty);
        if (closeStdout)
        {
            process.StandardOutput.Close();
        }
        else
        {
            stdout = process.StandardOutput.ReadToEndAsync();
        }

        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            process.StandardInput.BaseStream.Write(stdin);
        }

        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the tool did not finish within 120 s");
        }

        process.WaitForExit();
        return new ProcessRun(string.Join(' ', args), process.ExitCode, stdout.Result, stderr.Result);
    }

    private sealed record ProcessRun(string Command, int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"$ compliance {Command}\nexit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
    }

    /// <summary>Standard output whose reader has gone: every write fails, as a closed pipe's does.</summary>
    private sealed class BrokenPipeWriter : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value) => throw new IOException("Broken pipe");

        public override void Write(string? value) => throw new IOException("Broken pipe");

        public override void Write(char[] buffer, int index, int count) => throw new IOException("Broken pipe");
    }
}
