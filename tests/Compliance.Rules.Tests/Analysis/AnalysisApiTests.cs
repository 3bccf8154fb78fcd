using System.Reflection;
using System.Runtime.CompilerServices;
using Compliance.Rules.Analysis;
using NUnit.Framework;

namespace Compliance.Rules.Tests.Analysis;

public sealed class AnalysisApiTests
{
    private static IEnumerable<Type> PublicTypes() =>
        typeof(RuleSetAnalyzer).Assembly.GetExportedTypes().Where(t => t.Namespace == typeof(RuleSetAnalyzer).Namespace);

    [Test]
    public void PublicAnalysisTypes_AreSealedOrStatic()
    {
        Assert.That(PublicTypes().Where(t => !t.IsSealed), Is.Empty);
    }

    [Test]
    public void PublicAnalysisTypes_AreImmutable_WithInitOnlySetters()
    {
        var mutable = PublicTypes()
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            .Where(p => p.SetMethod is { IsPublic: true } setter
                && !setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit)))
            .Select(p => $"{p.DeclaringType!.Name}.{p.Name}");

        Assert.That(mutable, Is.Empty);
    }
}
