using System.Reflection;
using System.Runtime.CompilerServices;
using Compliance.Rules;
using NUnit.Framework;

namespace Compliance.Core.Tests;

/// <summary>Every public type of Compliance.Core and Compliance.Rules is immutable from outside: no public setter but
/// <c>init</c>, no public field that can be written, no public mutable collection (after NodaTime's MutabilityTest).</summary>
public class PublicApiImmutabilityTests
{
    private static readonly Assembly[] Assemblies = [typeof(RuleSet).Assembly, typeof(RuleSetLoader).Assembly];

    private static readonly Type[] MutableCollections = [typeof(List<>), typeof(Dictionary<,>), typeof(HashSet<>), typeof(SortedDictionary<,>), typeof(Queue<>), typeof(Stack<>)];

    public static IEnumerable<TestCaseData> PublicTypes() =>
        Assemblies.SelectMany(a => a.GetExportedTypes())
            .Where(t => !t.IsEnum && !t.IsInterface && !typeof(Delegate).IsAssignableFrom(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => new TestCaseData(t).SetName($"Immutable: {t.FullName}"));

    private static bool IsInitOnly(MethodInfo setter) =>
        setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));

    [TestCaseSource(nameof(PublicTypes))]
    public void PublicType_HasNoPublicSettersFieldsOrMutableCollections(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static;
        var own = (MemberInfo m) => Assemblies.Contains(m.DeclaringType?.Assembly);

        var setters = type.GetProperties(all)
            .Where(p => own(p) && p.SetMethod is { IsPublic: true } setter && !IsInitOnly(setter))
            .Select(p => $"property {p.Name} has a public setter");
        var fields = type.GetFields(all)
            .Where(f => own(f) && !f.IsInitOnly && !f.IsLiteral)
            .Select(f => $"field {f.Name} can be written");
        var collections = type.GetProperties(all).Where(p => own(p) && p.GetMethod is { IsPublic: true }).Select(p => (p.Name, Type: p.PropertyType))
            .Concat(type.GetFields(all).Where(f => own(f)).Select(f => (f.Name, Type: f.FieldType)))
            .Where(m => m.Type.IsArray || (m.Type.IsGenericType && MutableCollections.Contains(m.Type.GetGenericTypeDefinition())))
            .Select(m => $"{m.Name} exposes a mutable {m.Type.Name}");

        Assert.That(setters.Concat(fields).Concat(collections), Is.Empty);
    }

    [Test]
    public void PublicTypes_AreFound()
    {
        Assert.That(PublicTypes().Select(t => ((Type)t.Arguments[0]!).Name), Does.Contain("RuleSet").And.Contain("Verdict").And.Contain("Diagnostic"));
    }
}
