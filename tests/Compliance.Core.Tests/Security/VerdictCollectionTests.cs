using System.Collections;
using System.Reflection;
using Compliance.Evaluation;
using Compliance.Rules;
using Compliance.Subjects;
using Compliance.Verdicts;
using NUnit.Framework;

namespace Compliance.Core.Tests.Security;

/// <summary>Verdicts share their clause lists, results and facts (<c>ClauseResultCache</c>), so every collection a verdict
/// exposes must be impossible to write however it is cast: a caller who cast <c>Clauses</c> to <c>ClauseResult[]</c> and
/// wrote it changed every verdict sharing it. Found by reflection over the public properties of the verdict types.</summary>
public sealed class VerdictCollectionTests
{
    private static readonly RuleSet Rules = new RuleSetLoader().LoadString("""
        apiVersion: compliance/v1
        contract:
          id: acme
          title: Acme
          parties: [Acme, Contoso]
        clauses:
          - id: partners
            title: Partners are known
            text: Partners are known.
            appliesTo: deployment
            require: { partners: { exists: true }, tags: { exists: true } }
          - id: stateful-calls
            title: Calls are stateful
            text: Calls are stateful.
            appliesTo: deployment
            require: { calls: { every: { mode: stateful } } }
        """, "acme.yaml");

    private static readonly EvaluationOptions Options = new() { AsOf = new DateOnly(2026, 3, 1) };

    private static DeploymentSubject Deployment() => new()
    {
        Id = "d", Product = "Frontier", Vendor = "OpenAI", Runtime = RuntimeMode.Stateful, HostCloud = "Azure",
        Partners = ["Microsoft"], Tags = new Dictionary<string, string> { ["team"] = "core" },
        Calls = [new CallSubject { Vendor = "OpenAI", Model = "gpt-5", Mode = RuntimeMode.Stateful, Cloud = "Azure" }],
    };

    private static IEnumerable<Verdict> Verdicts()
    {
        yield return Rules.Evaluate(Deployment(), Options);
        yield return Rules.Evaluate(Deployment(), Options); // the shared results
        yield return Rules.Evaluate(Deployment(), Options with { Trace = true });
        yield return Rules.Evaluate(new SubjectInput
        {
            Source = "in.jsonl:1",
            Errors = new List<SubjectError> { new(null, "broken") },
        }, Options);
        yield return VerdictJson.Deserialize(VerdictJson.Serialize(Rules.Evaluate(Deployment(), Options)));
        yield return new Verdict
        {
            Subject = "made", Kind = "call", AsOf = Options.AsOf!.Value, Outcome = Outcome.Compliant,
            Clauses = new[] { Rules.Evaluate(Deployment(), Options).Clauses[0] with { Facts = new[] { new Fact("partners", new object?[] { "a" }) } } },
            Errors = new[] { new SubjectError(null, "made") },
        };
    }

    /// <summary>Every collection reachable from a verdict through public properties and fact values, with where it is.</summary>
    private static IEnumerable<(string Where, IEnumerable Collection)> Collections(object value, string where)
    {
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.GetValue(value) is not { } child || child is string)
            {
                continue;
            }

            var path = $"{where}.{property.Name}";
            if (child is IEnumerable collection)
            {
                yield return (path, collection);
                var i = 0;
                foreach (var item in collection)
                {
                    if (item is ClauseResult or Fact or SubjectError or IEnumerable and not string)
                    {
                        foreach (var inner in item is IEnumerable list and not string ? [($"{path}[{i}]", list)] : Collections(item, $"{path}[{i}]"))
                        {
                            yield return inner;
                        }
                    }

                    i++;
                }
            }
        }
    }

    [Test]
    public void EveryCollectionOfAVerdict_CannotBeWritten_HoweverItIsCast()
    {
        var verdicts = Verdicts().ToArray();
        var found = verdicts.SelectMany((v, i) => Collections(v, $"verdict{i}")).ToArray();
        Assume.That(found.Select(f => f.Where), Does.Contain("verdict0.Clauses").And.Contain("verdict0.Clauses[0].Facts")
            .And.Contain("verdict3.Errors").And.Contain("verdict0.Clauses[0].Facts[0].Value").And.Contain("verdict0.Clauses[0].Facts[1].Value"));

        var writable = found.Where(f => f.Collection.Cast<object?>().Any()).SelectMany(f => Writes(f.Collection).Select(w => $"{f.Where}: {w}")).ToArray();

        Assert.That(writable, Is.Empty);
    }

    [Test]
    public void WritingASharedClauseList_ThroughEveryCast_LeavesTheOtherVerdictAlone()
    {
        var first = Rules.Evaluate(Deployment(), Options);
        var second = Rules.Evaluate(Deployment(), Options);
        Assume.That(first.Clauses[0], Is.SameAs(second.Clauses[0]), "the results are shared");
        var before = second.Clauses.ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(first.Clauses, Is.Not.InstanceOf<ClauseResult[]>());
            Assert.That(first.Clauses[0].Facts, Is.Not.InstanceOf<Fact[]>());
            Assert.That(() => ((IList<ClauseResult>)first.Clauses)[0] = null!, Throws.TypeOf<NotSupportedException>());
            Assert.That(() => ((IList)first.Clauses).Clear(), Throws.TypeOf<NotSupportedException>());
            Assert.That(() => ((IList<Fact>)first.Clauses[0].Facts).RemoveAt(0), Throws.TypeOf<NotSupportedException>());
        });
        Assert.That(second.Clauses, Is.EqualTo(before));
    }

    /// <summary>The writes a collection allows when cast to what it implements, as descriptions.</summary>
    private static IEnumerable<string> Writes(IEnumerable collection)
    {
        if (collection is Array)
        {
            yield return $"is an array ({collection.GetType().Name})";
            yield break;
        }

        var first = collection.Cast<object?>().First();
        if (collection is IList list && !Refuses(() => list[0] = first))
        {
            yield return "IList indexer writes";
        }

        if (collection is IList other && !Refuses(() => other.Add(first)))
        {
            yield return "IList.Add writes";
        }

        if (collection is IDictionary map && !Refuses(() => map.Clear()))
        {
            yield return "IDictionary.Clear writes";
        }

        foreach (var face in collection.GetType().GetInterfaces().Where(i => i.IsGenericType))
        {
            var definition = face.GetGenericTypeDefinition();
            var clear = definition == typeof(ICollection<>) ? face.GetMethod("Clear") : null;
            if (clear is not null && !Refuses(() => clear.Invoke(collection, null)))
            {
                yield return $"{face.Name}.Clear writes";
            }
        }
    }

    private static bool Refuses(Action write)
    {
        try
        {
            write();
            return false;
        }
        catch (Exception ex) when (ex is NotSupportedException || ex.InnerException is NotSupportedException)
        {
            return true;
        }
    }
}
