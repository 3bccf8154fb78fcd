using Compliance.Rules.Diagnostics;
using CsCheck;
using NUnit.Framework;

namespace Compliance.Rules.Tests.Diagnostics;

/// <summary>The one report order of diagnostics (the loader's and <c>lint</c>'s): each once, by file, line, column and
/// code, ties in the order found.</summary>
public class DiagnosticOrderTests
{
    private static readonly Gen<Diagnostic> Any = Gen.Select(
        Gen.OneOf("a.yaml", "b.yaml", "B.yaml"), Gen.Int[1, 3], Gen.Int[1, 3], Gen.OneOf("CMP0012", "CMP0013", "CMP0101"),
        Gen.OneOf(DiagnosticSeverity.Error, DiagnosticSeverity.Warning), Gen.OneOf("one", "two"),
        (file, line, column, code, severity, message) => new Diagnostic(code, severity, file, line, column, message));

    [Test]
    public void Sorted_diagnostics_are_each_once_in_location_and_code_order_with_ties_in_the_order_found()
    {
        Any.List[0, 30].Sample(found =>
        {
            var sorted = DiagnosticOrder.Sort(found);
            Assert.That(sorted, Is.EquivalentTo(found.Distinct()));
            for (var i = 1; i < sorted.Length; i++)
            {
                var (before, after) = (sorted[i - 1], sorted[i]);
                var order = string.CompareOrdinal(before.File, after.File) switch
                {
                    0 => before.Line.CompareTo(after.Line) switch
                    {
                        0 => before.Column.CompareTo(after.Column) switch { 0 => string.CompareOrdinal(before.Code, after.Code), var c => c },
                        var c => c,
                    },
                    var c => c,
                };
                Assert.That(order, Is.LessThanOrEqualTo(0), $"{before} / {after}");
                if (order == 0)
                {
                    Assert.That(found.IndexOf(before), Is.LessThan(found.IndexOf(after)), "a tie keeps the order found");
                }
            }
        }, iter: 300, threads: 1);
    }

    [Test]
    public void Files_sort_ordinally_so_uppercase_names_come_first()
    {
        var sorted = DiagnosticOrder.Sort([
            new Diagnostic("CMP0012", DiagnosticSeverity.Error, "b.yaml", 1, 1, "x"),
            new Diagnostic("CMP0012", DiagnosticSeverity.Error, "B.yaml", 9, 9, "x"),
        ]);

        Assert.That(sorted.Select(d => d.File), Is.EqualTo(new[] { "B.yaml", "b.yaml" }));
    }
}
