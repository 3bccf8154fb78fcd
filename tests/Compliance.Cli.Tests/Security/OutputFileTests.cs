using System.Diagnostics;
using Compliance.Cli.Commands;
using Compliance.Cli.Output;
using NUnit.Framework;

namespace Compliance.Cli.Tests.Security;

/// <summary><c>--output</c> writes a report file and nothing else: it never replaces a link, a device, a pipe or a
/// read-only file, creates the folders it needs, and leaves nothing behind when writing fails.</summary>
public sealed class OutputFileTests
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

    private const string Clean = """{"kind": "call", "id": "clean", "vendor": "Acme", "model": "m1", "mode": "stateless", "cloud": "Azure", "timestamp": "2026-03-01"}""";

    private TempDirectory _temp = null!;

    [SetUp]
    public void SetUp() => _temp = new TempDirectory();

    [TearDown]
    public void TearDown() => _temp.Dispose();

    private CliRun Check(string output) => CliRun.Of(["check", "--rules", _temp.Write("rules/acme.yaml", Rules),
        "--input", _temp.Write("calls.jsonl", Clean + "\n"), "--output", output]);

    private string[] TemporaryFiles() =>
        Directory.GetFiles(_temp.Path, "*.tmp", SearchOption.AllDirectories).Select(Path.GetFileName).ToArray()!;

    private static void AssertRefused(CliRun run, string output, string cause)
    {
        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Is.EqualTo($"compliance check: error: cannot write output `{output}`: {cause}\n"));
        Assert.That(run.Stdout, Is.Empty);
    }

    [Test]
    public void OutputThatIsASymbolicLink_IsRefused_AndTheLinkAndItsTargetStayAsTheyWere()
    {
        var target = _temp.Write("elsewhere/kept.txt", "not a report\n");
        var output = _temp.Combine("report.json");
        File.CreateSymbolicLink(output, target);

        var run = Check(output);

        AssertRefused(run, output, $"it is a symbolic link (to `{target}`); name the file itself");
        Assert.That(new FileInfo(output).LinkTarget, Is.EqualTo(target));
        Assert.That(File.ReadAllText(target), Is.EqualTo("not a report\n"));
        Assert.That(TemporaryFiles(), Is.Empty);
    }

    [Test]
    public void OutputThatIsANamedPipe_IsRefused_AndStaysAPipe()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            Assert.Ignore("needs mkfifo");
        }

        var output = MakeFifo(_temp.Combine("report.json"));

        var run = Check(output);

        AssertRefused(run, output, "it is a named pipe, not a regular file");
        Assert.That(IsFifo(output), Is.True, "the pipe is still there");
        Assert.That(TemporaryFiles(), Is.Empty);
    }

    [Test]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void OutputThatIsReadOnly_IsRefusedBeforeAnythingIsWritten_EvenWhenTheUserCouldOverrideIt()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("Unix file modes");
        }

        var output = _temp.Write("report.json", "an older report\n");
        File.SetUnixFileMode(output, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var inode = Inode(output);

        var run = Check(output);

        AssertRefused(run, output, "it is read-only (mode 0444)");
        Assert.That(File.ReadAllText(output), Is.EqualTo("an older report\n"));
        Assert.That(Inode(output), Is.EqualTo(inode), "the file was not replaced by a rename");
        Assert.That(File.GetUnixFileMode(output), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead));
        Assert.That(TemporaryFiles(), Is.Empty, "refused before a temporary file was made");
    }

    [Test]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void OutputThatIsAWritableFile_IsReplaced_KeepingItsMode()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("Unix file modes");
        }

        var output = _temp.Write("report.json", "an older report\n");
        File.SetUnixFileMode(output, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        var run = Check(output);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(File.ReadAllText(output), Does.Contain("compliant"));
        Assert.That(File.GetUnixFileMode(output), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead));
    }

    [Test]
    public void DiskThatFillsWhileTheReportIsWritten_RemovesTheTemporaryFile_AndSaysSoInOneLine()
    {
        var output = _temp.Write("reports/report.json", "an older report\n");
        using var stderr = new StringWriter { NewLine = "\n" };
        var console = new CommandConsole("check", TextReader.Null, TextWriter.Null, stderr, new CliEnvironment(), parsed: null,
            path => OutputTarget.ToFile(path, stream => new FullDiskStream(stream, capacity: 10_000)));

        var written = console.TryWriteReport(output, writer =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                writer.Write("a line of the report\n");
            }
        });

        Assert.That(written, Is.False);
        Assert.That(stderr.ToString(), Is.EqualTo($"compliance check: error: cannot write output `{output}`: No space left on device\n"));
        Assert.That(File.ReadAllText(output), Is.EqualTo("an older report\n"));
        Assert.That(Directory.GetFiles(Path.GetDirectoryName(output)!), Is.EqualTo(new[] { output }), "no temporary file is left behind");
    }

    [Test]
    public void DiskThatFillsAtTheLastFlush_RemovesTheTemporaryFile_AndSaysSoInOneLine()
    {
        var output = _temp.Combine("reports", "report.json");
        using var stderr = new StringWriter { NewLine = "\n" };
        var console = new CommandConsole("check", TextReader.Null, TextWriter.Null, stderr, new CliEnvironment(), parsed: null,
            path => OutputTarget.ToFile(path, stream => new FullDiskStream(stream, capacity: 10)));

        var written = console.TryWriteReport(output, writer => writer.Write("a report longer than ten bytes\n"));

        Assert.That(written, Is.False);
        Assert.That(stderr.ToString(), Is.EqualTo($"compliance check: error: cannot write output `{output}`: No space left on device\n"));
        Assert.That(File.Exists(output), Is.False);
        Assert.That(TemporaryFiles(), Is.Empty);
    }

    [TestCase("check")]
    [TestCase("lint")]
    [TestCase("docs")]
    [TestCase("export")]
    [TestCase("schema")]
    public void OutputInFoldersThatDoNotExist_CreatesThem(string command)
    {
        var rules = _temp.Write("rules/acme.yaml", Rules);
        var output = _temp.Combine("CodeAnalysisLogs", "nested", "report.out");
        string[] args = command switch
        {
            "check" => ["check", "--rules", rules, "--input", _temp.Write("calls.jsonl", Clean + "\n")],
            "export" => ["export", "--rules", rules, "--format", "rulesengine"],
            "schema" => ["schema"],
            _ => [command, "--rules", rules],
        };

        var run = CliRun.Of([.. args, "--output", output]);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(new FileInfo(output).Length, Is.GreaterThan(0));
        Assert.That(TemporaryFiles(), Is.Empty);
    }

    internal static string MakeFifo(string path)
    {
        using var process = Process.Start(new ProcessStartInfo("mkfifo") { ArgumentList = { path }, UseShellExecute = false })
            ?? throw new InvalidOperationException("could not start mkfifo");
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, $"mkfifo {path}");
        return path;
    }

    private static bool IsFifo(string path) => Stat(path, "%F").StartsWith("fifo", StringComparison.Ordinal);

    private static string Inode(string path) => Stat(path, "%i");

    private static string Stat(string path, string format)
    {
        var start = new ProcessStartInfo("stat") { ArgumentList = { "-c", format, path }, UseShellExecute = false, RedirectStandardOutput = true };
        if (OperatingSystem.IsMacOS())
        {
            start.ArgumentList.Clear();
            foreach (var argument in new[] { "-f", format == "%i" ? "%i" : "%HT", path })
            {
                start.ArgumentList.Add(argument);
            }
        }

        using var process = Process.Start(start)!;
        var text = process.StandardOutput.ReadToEnd().Trim().ToLowerInvariant();
        process.WaitForExit();
        return text;
    }

    /// <summary>A file on a disk that holds only <c>capacity</c> bytes: writing past it fails as a full disk does.</summary>
    private sealed class FullDiskStream(Stream inner, long capacity) : Stream
    {
        private long _written;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _written;

        public override long Position { get => _written; set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (_written + count > capacity)
            {
                throw new IOException("No space left on device");
            }

            inner.Write(buffer, offset, count);
            _written += count;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
