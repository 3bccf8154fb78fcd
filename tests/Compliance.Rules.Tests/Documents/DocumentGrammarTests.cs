using Compliance.Rules.Diagnostics;
using Compliance.Rules.Documents;
using NUnit.Framework;

namespace Compliance.Rules.Tests.Documents;

/// <summary>The document grammar is the one statement of the keys: every map reachable from the root is listed, key
/// names are unique in their map, and every required key has its own missing-key message naming it.</summary>
public class DocumentGrammarTests
{
    [Test]
    public void Every_map_reachable_from_the_root_is_listed_once()
    {
        var reachable = new List<DocumentMap>();
        var pending = new Queue<DocumentMap>([DocumentGrammar.Root]);
        while (pending.TryDequeue(out var map))
        {
            if (!reachable.Contains(map))
            {
                reachable.Add(map);
                foreach (var key in map.Keys.Where(k => k.Map is not null))
                {
                    pending.Enqueue(key.Map!);
                }
            }
        }

        Assert.That(DocumentGrammar.Maps, Is.EquivalentTo(reachable));
        Assert.That(DocumentGrammar.Maps.Select(m => m.Name), Is.Unique);
    }

    [Test]
    public void Keys_are_unique_in_their_map_and_nested_maps_are_given_exactly_where_the_type_needs_one()
    {
        Assert.Multiple(() =>
        {
            foreach (var map in DocumentGrammar.Maps)
            {
                Assert.That(map.Names, Is.Unique, map.Name);
                foreach (var key in map.Keys)
                {
                    Assert.That(key.Map is not null, Is.EqualTo(key.Type is KeyType.Map or KeyType.List), $"{map.Name}.{key.Name}");
                    Assert.That(key.Words is not null, Is.EqualTo(key.Type == KeyType.Word), $"{map.Name}.{key.Name}");
                }
            }
        });
    }

    [Test]
    public void The_document_kinds_are_root_keys()
    {
        Assert.That(DocumentGrammar.Root.Names, Is.SupersetOf(DocumentGrammar.DocumentKinds));
    }

    private static IEnumerable<TestCaseData> RequiredKeys() => DocumentGrammar.Maps
        .Where(m => m != DocumentGrammar.Root) // the parser reports a missing apiVersion with its own code
        .SelectMany(m => m.Required.Select(k => new TestCaseData(m.Name, k.Name).SetName($"MissingKey({m.Name}, {k.Name})")));

    [TestCaseSource(nameof(RequiredKeys))]
    public void Every_required_key_has_a_message_of_its_own_naming_it(string map, string key)
    {
        var message = LoadMessages.MissingKey(map, key, "x");
        Assert.That(message, Does.Contain($"`{key}`"));
        Assert.That(message, Is.Not.EqualTo($"{map} `x` needs `{key}`"), "a required key should say what it is for");
    }
}
