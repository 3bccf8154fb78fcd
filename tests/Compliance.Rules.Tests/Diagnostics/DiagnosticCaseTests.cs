using Compliance.Rules.Tests.TestSupport;
using NUnit.Framework;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Compliance.Rules.Tests.Diagnostics;

/// <summary>Runs every <c>Cases/diagnostics/*.yaml</c> case: load its rule files and compare every diagnostic,
/// in order, with the expected lines (<c>file:line:col: error|warning CODE: message (hint)</c>).</summary>
public class DiagnosticCaseTests
{
    public sealed class DiagnosticCase
    {
        public string Description { get; set; } = "";

        /// <summary>The loader's "today" (for expired waivers); the default is far in the past so that no waiver has expired.</summary>
        public string? Today { get; set; }

        public Dictionary<string, string> Files { get; set; } = [];

        public bool Loads { get; set; }

        public List<string> Diagnostics { get; set; } = [];
    }

    private static readonly IDeserializer Reader = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();

    public static IEnumerable<TestCaseData> Cases() =>
        TestPaths.CaseFiles("diagnostics").Select(file =>
        {
            var name = Path.GetFileNameWithoutExtension(file);
            return new TestCaseData(file).SetName($"Load_{name}").SetDescription(Reader.Deserialize<DiagnosticCase>(File.ReadAllText(file)).Description);
        });

    [TestCaseSource(nameof(Cases))]
    public void Load_CaseFile_ReportsExactlyTheExpectedDiagnostics(string file)
    {
        var @case = Reader.Deserialize<DiagnosticCase>(File.ReadAllText(file));
        var today = @case.Today is null ? new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero) : DateTimeOffset.Parse(@case.Today + "T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var loader = new RuleSetLoader(new RuleSetLoaderOptions { TimeProvider = new FixedTimeProvider(today) });

        var result = loader.LoadStrings(@case.Files.Select(f => new RuleSource(f.Key, f.Value)));

        Assert.Multiple(() =>
        {
            Assert.That(result.Diagnostics.Select(d => d.ToString()), Is.EqualTo(@case.Diagnostics), @case.Description + "\nactual:\n" + string.Join("\n", result.Diagnostics));
            Assert.That(result.Succeeded, Is.EqualTo(@case.Loads), "whether the rule set loads");
        });
    }
}
