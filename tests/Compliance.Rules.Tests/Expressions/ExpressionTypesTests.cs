using System.Linq.Dynamic.Core.CustomTypeProviders;
using System.Reflection;
using Compliance.Rules.Expressions;
using NUnit.Framework;

namespace Compliance.Rules.Tests.Expressions;

/// <summary>The names an <c>expression:</c> may use do not depend on what else the process has loaded: a type that some
/// loaded assembly marks <c>[DynamicLinqType]</c> (as <see cref="HostLevel"/> here) is not one of them, and the types that
/// are stay those Microsoft.RulesEngine's parser gives.</summary>
public class ExpressionTypesTests
{
    [Test]
    public void Load_ExpressionNamingATypeMarkedInTheHostProcess_IsAnUnknownIdentifier()
    {
        var result = new RuleSetLoader().LoadStrings([new RuleSource("rules.yaml", """
            apiVersion: compliance/v1
            contract:
              id: acme
              title: Acme master agreement
            clauses:
              - id: guarded
                title: Guarded by an expression
                text: The expression holds.
                appliesTo: call
                require:
                  expression: 'HostLevel.High == HostLevel.High'
            """)]);

        Assert.That(result.Diagnostics.Select(d => $"{d.Line}: {d.Code}: {d.Message}"), Is.EqualTo(new[]
        {
            "11: CMP0027: the expression does not compile: type 'HostLevel' not found",
        }));
    }

    [Test]
    public void GetCustomTypes_AreRulesEnginesOwn_WithoutTheTypesMarkedInLoadedAssemblies()
    {
        var rulesEngine = new RulesEngine.CustomTypeProvider(null).GetCustomTypes()
            .Where(type => type.GetCustomAttribute<DynamicLinqTypeAttribute>() is null);

        Assert.That(new ExpressionTypes().GetCustomTypes(), Is.EquivalentTo(rulesEngine));
    }
}

/// <summary>A type a host process might mark for System.Linq.Dynamic.Core; rule expressions must not see it.</summary>
[DynamicLinqType]
public enum HostLevel
{
    Low,
    High,
}
