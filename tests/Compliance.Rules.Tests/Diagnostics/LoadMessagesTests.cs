using System.Reflection;
using Compliance.Rules.Diagnostics;
using NUnit.Framework;

namespace Compliance.Rules.Tests.Diagnostics;

/// <summary>The load messages keep the message style: lowercase start, no final period, one line. The file-driven
/// cases (<c>Cases/diagnostics</c>) assert each text exactly where it is reported.</summary>
public class LoadMessagesTests
{
    private static IEnumerable<TestCaseData> Texts()
    {
        foreach (var field in typeof(LoadMessages).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral))
        {
            yield return new TestCaseData((string)field.GetRawConstantValue()!).SetName($"LoadMessages.{field.Name}");
        }

        yield return new TestCaseData(LoadMessages.UnknownKey("tittle", "a clause")).SetName("LoadMessages.UnknownKey()");
        yield return new TestCaseData(LoadMessages.InvalidDate("from", "2026-03-01", "soon")).SetName("LoadMessages.InvalidDate()");
        yield return new TestCaseData(LoadMessages.EmptyWindow(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 1))).SetName("LoadMessages.EmptyWindow()");
    }

    [TestCaseSource(nameof(Texts))]
    public void A_load_message_starts_lowercase_and_has_no_final_period_or_line_break(string text)
    {
        Assert.That(text, Is.Not.Empty);
        Assert.That(char.IsUpper(text[0]), Is.False, text);
        Assert.That(text, Does.Not.EndWith("."));
        Assert.That(text, Does.Not.Contain("\n"));
    }

    [Test]
    public void Messages_fill_in_the_user_text_in_backticks()
    {
        Assert.That(LoadMessages.UnknownKey("tittle", "a clause"), Is.EqualTo("unknown key `tittle` in a clause"));
        Assert.That(LoadMessages.InvalidDate("expires", "2027-01-31", "soon"), Is.EqualTo("`expires` must be a date such as `2027-01-31`, not `soon`"));
        Assert.That(LoadMessages.EmptyWindow(new DateOnly(2026, 3, 1), new DateOnly(2026, 2, 1)),
            Is.EqualTo("the effective window ends on 2026-02-01, before it starts (2026-03-01); `until` is exclusive"));
    }
}
