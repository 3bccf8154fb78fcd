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
        new RuleSetLoader(options).LoadFiles([Rules]).Errors.Select(d => $"{d.File.Replace(Root, "~", StringComparison.Ordinal)}:{d.Line}:{d.Column}: {d.Code}: {d.Message}").ToArray();

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
    public void EndlessFileNamedDirectly_IsRefusedAtTheSizeLimit()
    {
        var loader = new RuleSetLoader(new RuleSetLoaderOptions { Limits = new YamlLimits { MaxFileBytes = 100_000 } });

        var result = loader.LoadFiles(["/dev/zero"]);

        Assert.That(result.Errors.Select(d => d.ToString()), Is.EqualTo(new[]
        {
            "/dev/zero:1:1: error CMP0004: the file is larger than the limit of 100000 bytes",
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
        var inputs = new SubjectReader(options: new SubjectReaderOptions { MaxFileBytes = 100_000 }).ReadPath("/dev/zero").ToArray();

        Assert.That(inputs.Select(i => $"{i.Source} {i.Errors.Single().Message}"), Is.EqualTo(new[]
        {
            "/dev/zero:1 the file is larger than the limit of 100000 bytes",
        }));
    }
}
