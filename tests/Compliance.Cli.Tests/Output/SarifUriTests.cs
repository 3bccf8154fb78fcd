using Compliance.Cli.Output.Sarif;
using NUnit.Framework;

namespace Compliance.Cli.Tests.Output;

public sealed class SarifUriTests
{
    private static readonly string Base = Path.Combine(Path.GetTempPath(), "repo");

    [TestCase("rules/msft-openai.yaml", "rules/msft-openai.yaml")]
    [TestCase("./rules/a.yaml", "rules/a.yaml")]
    [TestCase("rules/my rules/a b.yaml", "rules/my%20rules/a%20b.yaml")]
    [TestCase("rules/100%.yaml", "rules/100%25.yaml")]
    public void RelativePath_StaysRelative_WithEachSegmentEscaped(string path, string uri) =>
        Assert.That(SarifUri.FromPath(path, Base), Is.EqualTo(uri));

    [Test]
    public void AbsolutePathUnderTheBaseDirectory_BecomesRelative() =>
        Assert.That(SarifUri.FromPath(Path.Combine(Base, "rules", "a.yaml"), Base), Is.EqualTo("rules/a.yaml"));

    [Test]
    public void AbsolutePathOutsideTheBaseDirectory_BecomesAFileUri()
    {
        var outside = Path.Combine(Path.GetTempPath(), "elsewhere", "a.yaml");

        var uri = SarifUri.FromPath(outside, Base);

        Assert.That(uri, Is.EqualTo(new Uri(outside).AbsoluteUri));
        Assert.That(uri, Does.StartWith("file:///"));
    }
}
