using System.Diagnostics;
using Compliance.Rules.Diagnostics;
using Compliance.Rules.Subjects;
using Compliance.Rules.Yaml;
using NUnit.Framework;

namespace Compliance.Rules.Tests.Security;

/// <summary>A folder of rules or subjects cannot reach beyond itself through links, nor feed an endless file.</summary>
public sealed class InputFileTests
{
    private const string Contract = """
        apiVersion: compliance/v1
        contract: { id: acme, title: Acme, parties: [Acme, Contoso] }
        clauses:
          - id: azure-only
            title: Calls run on Azure
            text: Calls run on Azure.
            appliesTo: call
            require: { cloud: Azure }
        """;

    private DirectoryInfo _temp = null!;

    private string Root => _temp.FullName;

    [SetUp]
    public void SetUp()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            Assert.Ignore("needs symbolic links and /dev/zero");
        }

        _temp = Directory.CreateTempSubdirectory("compliance-security-");
        Directory.CreateDirectory(Path.Combine(Root, "rules"));
        File.WriteAllText(Path.Combine(Root, "rules", "acme.yaml"), Contract);
    }

    [TearDown]
    public void TearDown() => _temp?.Delete(recursive: true);

    private string Rules => Path.Combine(Root, "rules");

    private string[] LoadErrors(RuleSetLoaderOptions? options = null) =>
        new RuleSetLoader(options).LoadFiles([Rules]).Errors.Select(d => $"{d.File}:{d.Line}:{d.Column}: {d.Code}: {d.Message}".Replace(Root, "~", StringComparison.Ordinal)).ToArray();

    [Test]
    public void LinkToAnEndlessDevice_InARulesFolder_IsRefused_NotReadUntilMemoryRunsOut()
    {
        File.CreateSymbolicLink(Path.Combine(Rules, "zero.yaml"), "/dev/zero");
        var clock = Stopwatch.StartNew();

        var errors = LoadErrors();

        Assert.That(errors, Is.EqualTo(new[]
        {
            "~/rules/zero.yaml:1:1: CMP0060: the file is a link to `/dev/zero`, outside the folder; links are followed only inside it",
        }));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
    }

    [Test]
    public void LinkToAFolderOutside_IsRefused_AndNothingUnderItIsRead()
    {
        Directory.CreateSymbolicLink(Path.Combine(Rules, "etc"), "/etc");

        var errors = LoadErrors();

        Assert.That(errors, Is.EqualTo(new[]
        {
            "~/rules/etc:1:1: CMP0060: the folder is a link to `/etc`; links to folders are not followed (name the target on the command line)",
        }));
    }

    [Test]
    public void LinkLoop_IsRefused_InsteadOfWalkedForever()
    {
        Directory.CreateSymbolicLink(Path.Combine(Rules, "a"), ".");
        Directory.CreateSymbolicLink(Path.Combine(Rules, "b"), ".");

        var errors = LoadErrors();

        Assert.That(errors, Has.Length.EqualTo(2));
        Assert.That(errors, Has.All.Contains("links to folders are not followed"));
    }

    [Test]
    public void LinkToAFileInsideTheFolder_IsRead()
    {
        Directory.CreateDirectory(Path.Combine(Rules, "store"));
        File.WriteAllText(Path.Combine(Rules, "store", "waivers.txt"), """
            apiVersion: compliance/v1
            waivers:
              - id: W-1
                clause: acme/azure-only
                reason: A study.
                approvedBy: Legal
                expires: 2099-01-01
            """);
        File.CreateSymbolicLink(Path.Combine(Rules, "waivers.yaml"), Path.Combine("store", "waivers.txt"));

        var result = new RuleSetLoader().LoadFiles([Rules]);

        Assert.That(result.Succeeded, Is.True, string.Join("\n", result.Diagnostics));
        Assert.That(result.RuleSet!.Waivers.Select(w => w.Id), Is.EqualTo(new[] { "W-1" }));
    }

    [Test]
    public void EndlessDeviceNamedDirectly_IsRefusedUnread_AsNotARegularFile()
    {
        var result = new RuleSetLoader().LoadFiles(["/dev/zero"]);

        Assert.That(result.Errors.Select(d => d.ToString()), Is.EqualTo(new[]
        {
            "/dev/zero:1:1: error CMP0062: the file is a character device, not a regular file; only regular files are read",
        }));
    }

    [Test]
    public void FileLinkThroughAFolderLinkToOutside_IsRefused_AndNothingOfTheFileIsEchoed()
    {
        Directory.CreateDirectory(Path.Combine(Root, "outside"));
        File.WriteAllText(Path.Combine(Root, "outside", "secret.yaml"), "GITHUB_TOKEN: ghp_0123456789abcdef\n");
        Directory.CreateSymbolicLink(Path.Combine(Rules, "d"), Path.Combine("..", "outside"));
        File.CreateSymbolicLink(Path.Combine(Rules, "s.yaml"), Path.Combine("d", "secret.yaml"));

        var errors = LoadErrors();

        Assert.That(errors, Is.EqualTo(new[]
        {
            "~/rules/d:1:1: CMP0060: the folder is a link to `../outside`; links to folders are not followed (name the target on the command line)",
            "~/rules/s.yaml:1:1: CMP0060: the file is a link to `~/outside/secret.yaml`, outside the folder; links are followed only inside it",
        }));
        Assert.That(string.Join("\n", errors), Does.Not.Contain("GITHUB_TOKEN").And.Not.Contain("ghp_"));
    }

    [TestCase("/etc", "hostname")]
    [TestCase("/proc/self", "environ")]
    [TestCase("/dev", "zero")]
    [TestCase("/dev", "urandom")]
    public void FileLinkThroughAFolderLinkToASystemFolder_IsRefusedUnread(string folder, string file)
    {
        if (!File.Exists(Path.Combine(folder, file)))
        {
            Assert.Ignore($"no {folder}/{file} here");
        }

        Directory.CreateSymbolicLink(Path.Combine(Rules, "sys"), folder);
        File.CreateSymbolicLink(Path.Combine(Rules, "x.yaml"), Path.Combine("sys", file));

        var errors = SpecialFiles.Bounded(() => LoadErrors());

        Assert.That(errors, Has.Length.EqualTo(2), string.Join("\n", errors));
        Assert.That(errors[1], Does.StartWith("~/rules/x.yaml:1:1: CMP0060: the file is a link to `/"));
        Assert.That(errors[1], Does.EndWith("`, outside the folder; links are followed only inside it"));
    }

    [Test]
    public void LinkChainThatLeavesAndComesBack_IsRead_WhereItsFinalTargetIsInside()
    {
        Directory.CreateDirectory(Path.Combine(Rules, "store"));
        File.WriteAllText(Path.Combine(Rules, "store", "w.txt"), """
            apiVersion: compliance/v1
            waivers:
              - id: W-1
                clause: acme/azure-only
                reason: A study.
                approvedBy: Legal
                expires: 2099-01-01
            """);
        File.CreateSymbolicLink(Path.Combine(Rules, "w.yaml"), Path.Combine("..", "rules", "store", "w.txt"));

        var result = new RuleSetLoader().LoadFiles([Rules]);

        Assert.That(result.Succeeded, Is.True, string.Join("\n", result.Diagnostics));
    }

    [Test]
    public void NamedPipeInARulesFolder_IsRefused_WithoutBlocking()
    {
        var fifo = SpecialFiles.MakeFifo(Path.Combine(Rules, "pipe.yaml"));

        var errors = SpecialFiles.Bounded(() => LoadErrors(), fifo);

        Assert.That(errors, Is.EqualTo(new[]
        {
            "~/rules/pipe.yaml:1:1: CMP0062: the file is a named pipe, not a regular file; only regular files are read",
        }));
    }

    [Test]
    public void LinkToANamedPipeInsideTheFolder_IsRefused_WithoutBlocking()
    {
        var fifo = SpecialFiles.MakeFifo(Path.Combine(Rules, "pipe"));
        File.CreateSymbolicLink(Path.Combine(Rules, "pipe.yaml"), "pipe");

        var errors = SpecialFiles.Bounded(() => LoadErrors(), fifo);

        Assert.That(errors, Is.EqualTo(new[]
        {
            "~/rules/pipe.yaml:1:1: CMP0062: the file is a named pipe, not a regular file; only regular files are read",
        }));
    }

    [Test]
    public void NamedPipeNamedDirectly_IsRefused_WithoutBlocking()
    {
        var fifo = SpecialFiles.MakeFifo(Path.Combine(Root, "pipe.yaml"));

        var errors = SpecialFiles.Bounded(() => new RuleSetLoader().LoadFiles([fifo]).Errors.Select(d => d.ToString()).ToArray(), fifo);

        Assert.That(errors, Is.EqualTo(new[]
        {
            $"{fifo}:1:1: error CMP0062: the file is a named pipe, not a regular file; only regular files are read",
        }));
    }

    [Test]
    public void RuleFileWithInvalidUtf8_IsAnErrorAtItsLineAndColumn()
    {
        var text = System.Text.Encoding.UTF8.GetBytes(Contract.Replace("title: Calls run on Azure", "title: Calls run on Azüre", StringComparison.Ordinal));
        var at = Array.IndexOf(text, (byte)0xC3);
        text[at + 1] = 0x28; // `ü` is C3 BC; C3 followed by `(` is not UTF-8
        File.WriteAllBytes(Path.Combine(Rules, "acme.yaml"), text);

        var errors = LoadErrors();

        Assert.That(errors, Is.EqualTo(new[]
        {
            "~/rules/acme.yaml:5:27: CMP0009: the file is not valid UTF-8 text (byte `0xC3`)",
        }));
    }

    [Test]
    public void RuleFileWithInvalidUtf8AfterAByteOrderMark_IsLocatedInTheText()
    {
        var text = System.Text.Encoding.UTF8.GetBytes("apiVersion: compliance/v1\ncontract: { id: acme, title: \"Acme\", parties: [A, B] }\n");
        var bad = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(text[..37]).Append((byte)0xFF).Concat(text[37..]).ToArray();
        File.WriteAllBytes(Path.Combine(Rules, "acme.yaml"), bad);

        var errors = LoadErrors();

        Assert.That(errors, Is.EqualTo(new[]
        {
            "~/rules/acme.yaml:2:12: CMP0009: the file is not valid UTF-8 text (byte `0xFF`)",
        }));
    }

    [Test]
    public void LinkToAnEndlessDevice_InASubjectFolder_IsOneUnreadableInput_AndTheFolderGoesOn()
    {
        var subjects = Directory.CreateDirectory(Path.Combine(Root, "subjects")).FullName;
        File.CreateSymbolicLink(Path.Combine(subjects, "a.jsonl"), "/dev/zero");
        Directory.CreateSymbolicLink(Path.Combine(subjects, "b"), "/etc");
        File.WriteAllText(Path.Combine(subjects, "c.jsonl"),
            """{"kind": "call", "vendor": "OpenAI", "model": "gpt-5", "mode": "stateless", "cloud": "Azure"}""" + "\n");

        var inputs = new SubjectReader().ReadPath(subjects)
            .Select(i => $"{i.Source!.Replace(Root, "~", StringComparison.Ordinal)} {string.Join("; ", i.Errors.Select(e => e.Message))}").ToArray();

        Assert.That(inputs, Is.EqualTo(new[]
        {
            "~/subjects/a.jsonl:1 the file is a link to `/dev/zero`, outside the folder; links are followed only inside it",
            "~/subjects/b:1 the folder is a link to `/etc`; links to folders are not followed (name the target on the command line)",
            "~/subjects/c.jsonl:1 ",
        }));
    }

    [Test]
    public void EndlessSubjectFileNamedDirectly_IsOneUnreadableInput()
    {
        var inputs = new SubjectReader().ReadPath("/dev/zero").ToArray();

        Assert.That(inputs.Select(i => $"{i.Source} {i.Errors.Single().Message}"), Is.EqualTo(new[]
        {
            "/dev/zero:1 the file is a character device, not a regular file; only regular files are read",
        }));
    }

    private string[] ReadSubjects(string path) => new SubjectReader().ReadPath(path)
        .Select(i => $"{i.Source} {(i.Errors.Count == 0 ? $"ok {i.Id}" : string.Join("; ", i.Errors.Select(e => e.Message)))}".Replace(Root, "~", StringComparison.Ordinal))
        .ToArray();

    private string[] ReadSubjectBatches(string path) => new SubjectReader().ReadBatches(path).SelectMany(b => b.Read())
        .Select(i => $"{i.Source} {(i.Errors.Count == 0 ? $"ok {i.Id}" : string.Join("; ", i.Errors.Select(e => e.Message)))}".Replace(Root, "~", StringComparison.Ordinal))
        .ToArray();

    [Test]
    public void SubjectFileLinkThroughAFolderLinkToOutside_IsOneUnreadableInput_AndItsIdsAreNotEchoed()
    {
        var subjects = Directory.CreateDirectory(Path.Combine(Root, "subjects")).FullName;
        Directory.CreateDirectory(Path.Combine(Root, "outside"));
        File.WriteAllText(Path.Combine(Root, "outside", "secret.jsonl"),
            """{"kind": "call", "id": "GITHUB_TOKEN=ghp_0123", "vendor": "OpenAI", "model": "gpt-5", "mode": "stateless", "cloud": "Azure"}""" + "\n");
        Directory.CreateSymbolicLink(Path.Combine(subjects, "d"), Path.Combine("..", "outside"));
        File.CreateSymbolicLink(Path.Combine(subjects, "s.jsonl"), Path.Combine("d", "secret.jsonl"));

        foreach (var inputs in new[] { ReadSubjects(subjects), ReadSubjectBatches(subjects) })
        {
            Assert.That(inputs, Is.EqualTo(new[]
            {
                "~/subjects/d:1 the folder is a link to `../outside`; links to folders are not followed (name the target on the command line)",
                "~/subjects/s.jsonl:1 the file is a link to `~/outside/secret.jsonl`, outside the folder; links are followed only inside it",
            }));
        }
    }

    [TestCase("a.jsonl")]
    [TestCase("a.yaml")]
    public void NamedPipeInASubjectFolder_IsOneUnreadableInput_WithoutBlocking(string name)
    {
        var subjects = Directory.CreateDirectory(Path.Combine(Root, "subjects")).FullName;
        var fifo = SpecialFiles.MakeFifo(Path.Combine(subjects, name));
        File.WriteAllText(Path.Combine(subjects, "b.jsonl"),
            """{"kind": "call", "id": "b", "vendor": "OpenAI", "model": "gpt-5", "mode": "stateless", "cloud": "Azure"}""" + "\n");

        var inputs = SpecialFiles.Bounded(() => ReadSubjects(subjects), fifo);
        var batches = SpecialFiles.Bounded(() => ReadSubjectBatches(subjects), fifo);

        var expected = new[] { $"~/subjects/{name}:1 the file is a named pipe, not a regular file; only regular files are read", "~/subjects/b.jsonl:1 ok b" };
        Assert.That(inputs, Is.EqualTo(expected));
        Assert.That(batches, Is.EqualTo(expected));
    }

    [TestCase("pipe.jsonl")]
    [TestCase("pipe.json")]
    public void NamedPipeNamedDirectlyAsInput_IsOneUnreadableInput_WithoutBlocking(string name)
    {
        var fifo = SpecialFiles.MakeFifo(Path.Combine(Root, name));

        var inputs = SpecialFiles.Bounded(() => ReadSubjects(fifo), fifo);
        var batches = SpecialFiles.Bounded(() => ReadSubjectBatches(fifo), fifo);

        var expected = new[] { $"~/{name}:1 the file is a named pipe, not a regular file; only regular files are read" };
        Assert.That(inputs, Is.EqualTo(expected));
        Assert.That(batches, Is.EqualTo(expected));
    }
    private static byte[] Utf8(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    [Test]
    public void JsonLinesWithInvalidUtf8_AreIndeterminateEach_NamingFileAndLine_OnTheFastAndTheGeneralPath()
    {
        var subjects = Directory.CreateDirectory(Path.Combine(Root, "subjects")).FullName;
        const string good = """{"kind": "call", "id": "good", "vendor": "OpenAI", "model": "gpt-5", "mode": "stateless", "cloud": "Azure"}""";
        // Line 2 binds on the fast path but for the byte; line 3 has an unknown key, so it goes to the general reader.
        var fast = Utf8("""{"kind": "call", "id": "fast", "vendor": "Open""").Append((byte)0xFF).Concat(Utf8("""AI", "model": "gpt-5", "mode": "stateless", "cloud": "Azure"}"""));
        var general = Utf8("""{"kind": "call", "id": "general", "extra": 1, "cloud": "Az""").Concat(new byte[] { 0xED, 0xA0, 0x80 }).Concat(Utf8("ure\"}"));
        var file = Path.Combine(subjects, "calls.jsonl");
        File.WriteAllBytes(file, [.. Utf8(good + "\n"), .. fast, (byte)'\n', .. general, (byte)'\n', .. Utf8(good + "\n")]);

        var expected = new[]
        {
            "~/subjects/calls.jsonl:1 ok good",
            "~/subjects/calls.jsonl:2 the line is not valid UTF-8 text at column 47 (byte `0xFF`)",
            "~/subjects/calls.jsonl:3 the line is not valid UTF-8 text at column 59 (byte `0xED`)",
            "~/subjects/calls.jsonl:4 ok good",
        };
        Assert.That(ReadSubjects(subjects), Is.EqualTo(expected));
        Assert.That(ReadSubjectBatches(subjects), Is.EqualTo(expected));
    }

    [Test]
    public void JsonLineFromAReaderWithALoneSurrogate_IsIndeterminate_NotReplaced()
    {
        var line = """{"kind": "call", "id": "x", "vendor": "Open""" + '\uDCFF' + """AI", "model": "gpt-5", "mode": "stateless", "cloud": "Azure"}""";

        var inputs = new SubjectReader().ReadJsonLines(new StringReader(line + "\n"), "-").ToArray();

        Assert.That(inputs.Select(i => $"{i.Source} {string.Join("; ", i.Errors.Select(e => e.Message))}"), Is.EqualTo(new[]
        {
            "-:1 the line is not valid UTF-8 text at column 44",
        }));
    }

    [TestCase("a.yaml")]
    [TestCase("a.json")]
    public void SubjectFileWithInvalidUtf8_IsOneIndeterminateInput_NamingTheLine(string name)
    {
        var subjects = Directory.CreateDirectory(Path.Combine(Root, "subjects")).FullName;
        var text = Utf8("{\"subjects\": [\n  {\"kind\": \"call\", \"id\": \"a\", \"vendor\": \"OpenAI\", \"model\": \"gpt-5\", \"mode\": \"stateless\", \"cloud\": \"Azure\"},\n  {\"kind\": \"call\", \"id\": \"b\", \"vendor\": \"Open");
        File.WriteAllBytes(Path.Combine(subjects, name), [.. text, 0xC0, 0xAF, .. Utf8("AI\", \"model\": \"gpt-5\", \"mode\": \"stateless\", \"cloud\": \"Azure\"}\n]}\n")]);

        Assert.That(ReadSubjects(subjects), Is.EqualTo(new[]
        {
            $"~/subjects/{name}:3 the file is not valid UTF-8 text (byte `0xC0`)",
        }));
    }
}
