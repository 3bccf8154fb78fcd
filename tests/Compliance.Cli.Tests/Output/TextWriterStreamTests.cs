using System.Text;
using Compliance.Cli.Output;
using NUnit.Framework;

namespace Compliance.Cli.Tests.Output;

public sealed class TextWriterStreamTests
{
    [Test]
    public void Write_CharacterSplitAcrossWrites_IsDecodedWhole()
    {
        var bytes = Encoding.UTF8.GetBytes("Microsoft–OpenAI §2.1");
        var writer = new StringWriter();
        using var stream = new TextWriterStream(writer);

        foreach (var b in bytes)
        {
            stream.Write([b]);
        }

        Assert.That(writer.ToString(), Is.EqualTo("Microsoft–OpenAI §2.1"));
    }
}
