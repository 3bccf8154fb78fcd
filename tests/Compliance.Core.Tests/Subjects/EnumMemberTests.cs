using System.Text;
using Compliance.Subjects;
using CsCheck;
using NUnit.Framework;

namespace Compliance.Core.Tests.Subjects;

/// <summary>The JSON-lines reader finds an enum member from the UTF-8 bytes of its name; whenever it answers from the
/// bytes, the answer is the one the characters give (<see cref="ScalarSyntax.MemberIndex"/>, ignoring case as
/// <see cref="StringComparison.OrdinalIgnoreCase"/> does), and it always answers for ASCII text and names.</summary>
public class EnumMemberTests
{
    /// <summary>Letters whose case ASCII and Unicode treat alike, and some they do not (the long s, the Kelvin sign, dotless
    /// and dotted i, a sharp s, an A with a diaeresis in both cases).</summary>
    private static readonly Gen<string> Name = Gen.String[Gen.Char["sStTkKiIaAe-ſKıİßäÄ"], 0, 4];

    [Test]
    public void AsciiMemberIndex_WhenItAnswers_AgreesWithMemberIndex()
    {
        var answered = 0;
        var found = 0;
        Gen.Select(Name.Array[1, 4], Name).Sample((members, text) =>
        {
            var fromBytes = ScalarSyntax.AsciiMemberIndex(members, Encoding.UTF8.GetBytes(text));
            var fromChars = ScalarSyntax.MemberIndex(members, text);
            var ascii = Ascii.IsValid(text) && members.All(m => Ascii.IsValid(m));
            Assert.That(fromBytes, fromBytes is null && !ascii ? Is.Null : Is.EqualTo(fromChars), $"`{text}` among {string.Join(", ", members)}");
            if (fromBytes is { } index)
            {
                Interlocked.Increment(ref answered);
                if (index >= 0)
                {
                    Interlocked.Increment(ref found);
                }
            }
        }, iter: 20_000);

        Assert.Multiple(() =>
        {
            Assert.That(answered, Is.GreaterThan(1000), "many cases are ASCII");
            Assert.That(found, Is.GreaterThan(100), "some of them name a member");
        });
    }

    [Test]
    public void TrySetMember_SetsWhatSetMemberSets()
    {
        var mode = SubjectKindRegistry.Default.Find("call")!.Model.Find("mode")!.Converter;
        foreach (var text in new[] { "stateless", "STATEFUL", "StateLess", "statelss", "", "ſtateless", "stateleſs", "stateful " })
        {
            var bytes = new CallSubject();
            var chars = new CallSubject();
            var answered = mode.TrySetMember(bytes, Encoding.UTF8.GetBytes(text), out var failure);
            var expected = mode.SetMember(chars, text);
            Assert.That(answered, Is.EqualTo(Ascii.IsValid(text)), text);
            if (answered)
            {
                Assert.That((failure, bytes.Mode), Is.EqualTo((expected, chars.Mode)), text);
            }
            else
            {
                Assert.That(bytes.Mode, Is.Null, text);
            }
        }
    }
}
