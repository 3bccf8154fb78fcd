using Compliance.Core.Tests.TestSupport;
using Compliance.Subjects;
using CsCheck;
using FluentValidation;
using NUnit.Framework;

namespace Compliance.Core.Tests.Subjects;

/// <summary>The built-in kinds' quick validity check, which lets valid subjects skip FluentValidation, never passes a
/// subject that FluentValidation would find invalid; the validator itself is built only when some subject needs it.</summary>
public class QuickValidityTests
{
    [Test]
    public void IsCertainlyValid_NeverPassesASubjectTheValidatorRejects()
    {
        var passed = 0;
        var rejected = 0;
        Gen.Int.Sample(seed =>
        {
            foreach (var subject in new RandomRuleSets(seed).Subjects(50))
            {
                var kind = SubjectKindRegistry.Default.Find(subject.GetType())!;
                var errors = kind.Validate(subject);
                if (kind.IsCertainlyValid(subject))
                {
                    Assert.That(errors, Is.Empty, $"seed {seed}: {subject}");
                    Interlocked.Increment(ref passed);
                }
                else if (errors.Count > 0)
                {
                    Interlocked.Increment(ref rejected);
                }
            }
        }, iter: 100, threads: 1);

        Assert.Multiple(() =>
        {
            Assert.That(passed, Is.GreaterThan(1000), "most subjects take the quick path");
            Assert.That(rejected, Is.GreaterThan(100), "invalid subjects are generated too");
        });
    }

    [TestCase(" ")]
    [TestCase("")]
    [TestCase(null)]
    public void IsCertainlyValid_BlankRequiredText_IsNotCertain(string? vendor)
    {
        var kind = SubjectKindRegistry.Default.Find("call")!;
        var call = new CallSubject { Vendor = vendor, Model = "m", Mode = RuntimeMode.Stateless, Cloud = "Azure" };

        Assert.Multiple(() =>
        {
            Assert.That(kind.IsCertainlyValid(call), Is.False);
            Assert.That(kind.Validate(call), Is.Not.Empty);
        });
    }

    [Test]
    public void IsCertainlyValid_DeploymentWithAnInvalidCall_IsNotCertain()
    {
        var kind = SubjectKindRegistry.Default.Find("deployment")!;
        var deployment = new DeploymentSubject
        {
            Product = "p", Vendor = "v", Runtime = RuntimeMode.Stateful, HostCloud = "AWS",
            Calls = [new CallSubject { Vendor = "v", Model = "m", Mode = (RuntimeMode)9, Cloud = "c" }],
        };

        Assert.Multiple(() =>
        {
            Assert.That(kind.IsCertainlyValid(deployment), Is.False);
            Assert.That(kind.Validate(deployment), Is.Not.Empty);
        });
    }

    [Test]
    public void Validator_IsBuiltWhenASubjectFirstFailsTheQuickCheck_AndOnce()
    {
        var built = 0;
        var kind = new SubjectKind("call", typeof(CallSubject), SubjectKindRegistry.Default.Find("call")!.Model,
            new Lazy<IValidator>(() =>
            {
                built++;
                return new CallSubjectValidator();
            }),
            subject => subject is CallSubject call && CallSubjectValidator.IsCertainlyValid(call));
        var valid = new CallSubject { Vendor = "v", Model = "m", Mode = RuntimeMode.Stateless, Cloud = "Azure" };
        var invalid = valid with { Cloud = null };

        Assert.Multiple(() =>
        {
            Assert.That(kind.IsCertainlyValid(valid), Is.True);
            Assert.That(built, Is.Zero, "a valid subject needs no validator");
            Assert.That(kind.IsCertainlyValid(invalid), Is.False);
            Assert.That(kind.Validate(invalid).Select(e => e.Path), Is.EqualTo(new[] { "cloud" }));
            Assert.That(kind.Validate(invalid), Has.Count.EqualTo(1));
            Assert.That(built, Is.EqualTo(1));
        });
    }
}
