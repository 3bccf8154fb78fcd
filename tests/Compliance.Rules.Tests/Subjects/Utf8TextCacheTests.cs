using System.Text;
using System.Text.Json;
using Compliance.Evaluation;
using Compliance.Rules.Subjects;
using Compliance.Subjects;
using CsCheck;
using NUnit.Framework;

namespace Compliance.Rules.Tests.Subjects;

/// <summary>The JSON-lines binder gives back the string it made for a value it has met before; the string must be the
/// one the reader would make, whatever the value (repeated or not, non-ASCII, escaped, long), and the cache must stay
/// within its bound whatever the input.</summary>
public class Utf8TextCacheTests
{
    /// <summary>JSON string tokens (as written in a line, quotes included): plain, repeated with the same text escaped,
    /// non-ASCII, empty, just within and past the longest kept, and a lone surrogate escape (not text).</summary>
    private static readonly string[] Tokens =
    [
        "\"OpenAI\"", "\"Open\\u0041I\"", "\"\\u0041\"", "\"A\"", "\"Azure\"", "\"Mistral\"", "\"westeurope\"", "\"\"",
        "\"Öl und Ähre\"", "\"\\u00d6l und \\u00c4hre\"", "\"日本\"", "\"😀 emoji\"", "\"tab\\tin\"",
        "\"" + new string('x', Utf8TextCache.MaxBytes) + "\"", "\"" + new string('x', Utf8TextCache.MaxBytes + 1) + "\"",
        "\"" + new string('é', Utf8TextCache.MaxBytes / 2) + "\"", "\"" + new string('é', Utf8TextCache.MaxBytes / 2 + 1) + "\"",
        "\"bad \\uD800\"",
    ];

    private static Utf8JsonReader At(byte[] token)
    {
        var reader = new Utf8JsonReader(token);
        reader.Read();
        return reader;
    }

    /// <summary>What the reader makes of a token without the cache: the string, or that it throws.</summary>
    private static string? Made(byte[] token)
    {
        var reader = At(token);
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    [Test]
    public void Text_AnySequenceOfValues_IsWhatTheReaderMakes_AndARepeatIsTheSameString()
    {
        var repeats = 0;
        Gen.Int[0, Tokens.Length - 1].Array[1, 60].Sample(picks =>
        {
            var cache = new Utf8TextCache();
            var trial = default(RepeatTrial);
            string? previous = null;
            var previousPick = -1;
            foreach (var pick in picks)
            {
                var token = Encoding.UTF8.GetBytes(Tokens[pick]);
                var reader = At(token);
                string? text;
                try
                {
                    text = cache.Text(ref reader, ref trial);
                }
                catch (InvalidOperationException)
                {
                    text = null;
                }

                Assert.That(text, Is.EqualTo(Made(token)), Tokens[pick]);
                var kept = !reader.ValueIsEscaped && reader.ValueSpan.Length <= Utf8TextCache.MaxBytes;
                if (pick == previousPick && kept)
                {
                    // The value just made or found is still there: the same string comes back.
                    Assert.That(text, Is.SameAs(previous), Tokens[pick]);
                    Interlocked.Increment(ref repeats);
                }

                (previous, previousPick) = (text, pick);
            }

            Assert.That(cache.Count, Is.LessThanOrEqualTo(Utf8TextCache.Capacity));
        }, iter: 2000);

        Assert.That(repeats, Is.GreaterThan(100), "some values repeat");
    }

    [Test]
    public void Text_ValuesThatNeverRepeat_StopBeingLookedUpAfterTheTrial_AndTheOthersAreStillFound()
    {
        var cache = new Utf8TextCache();
        var ids = default(RepeatTrial);
        var vendors = default(RepeatTrial);
        string Id(int i)
        {
            var reader = At(Encoding.UTF8.GetBytes($"\"id-{i}\""));
            return cache.Text(ref reader, ref ids);
        }

        string Vendor()
        {
            var reader = At(Encoding.UTF8.GetBytes("\"OpenAI\""));
            return cache.Text(ref reader, ref vendors);
        }

        for (var i = 0; i < RepeatTrial.Length; i++)
        {
            Id(i);
        }

        var afterTrial = cache.Count;
        var vendor = Vendor();
        var wrong = 0;
        var lost = 0;
        for (var i = RepeatTrial.Length; i < 200_000; i++)
        {
            wrong += Id(i) == $"id-{i}" ? 0 : 1;
            lost += ReferenceEquals(Vendor(), vendor) ? 0 : 1;
        }

        Assert.Multiple(() =>
        {
            Assert.That(ids.Worthwhile, Is.False, "ids never repeated");
            Assert.That(wrong, Is.Zero);
            Assert.That(cache.Count, Is.EqualTo(afterTrial + 1), "after their trial, ids are no longer kept; the vendor is");
            Assert.That(lost, Is.Zero, "the vendor, no longer pushed out by ids, is found every time");
            Assert.That(vendors.Worthwhile, Is.True);
        });
    }

    [Test]
    public void Text_DistinctValuesThatAreLookedUp_NeverHoldMoreThanTheCapacity()
    {
        var cache = new Utf8TextCache();
        for (var i = 0; i < 100_000; i++)
        {
            // A fresh trial each time: every value is looked up and kept, as a hostile input's values would be during trials.
            var trial = default(RepeatTrial);
            var reader = At(Encoding.UTF8.GetBytes($"\"{i}\""));
            cache.Text(ref reader, ref trial);
        }

        Assert.That(cache.Count, Is.EqualTo(Utf8TextCache.Capacity));
    }

    [Test]
    public void ParseLine_RepeatedValues_AreOneString_AndReadAsTheGeneralReaderReadsThem()
    {
        // The same values line after line, some escaped or non-ASCII, and ids that never repeat: the fast path, its cache
        // warm, reads each line as the general reader does, and gives a repeated value the string it made before.
        var reader = new SubjectReader();
        string[] vendors = ["OpenAI", "Open\\u0041I", "Ölwerk", "\\u00d6lwerk", "Anthropic"];
        var vendorStrings = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var n = 1; n <= 3000; n++)
        {
            var vendor = vendors[n % vendors.Length];
            var line = $$$"""{"kind": "call", "id": "c{{{n}}}", "vendor": "{{{vendor}}}", "model": "m{{{n % 3}}}", "mode": "stateless", "cloud": "Azure", "tags": {"team": "t{{{n % 2}}}", "run": "r{{{n}}}"}}""";
            var bytes = Encoding.UTF8.GetBytes(line);
            var fast = reader.ParseLine(bytes, "logs/a.jsonl", n, tooLong: false)!;
            var general = reader.ParseJsonLine(bytes, "logs/a.jsonl", n);
            var call = (CallSubject)fast.Subject!;
            Assert.That(Describe(fast), Is.EqualTo(Describe(general)), line);
            if (!vendor.Contains('\\', StringComparison.Ordinal))
            {
                if (vendorStrings.TryGetValue(vendor, out var made))
                {
                    Assert.That(call.Vendor, Is.SameAs(made), line);
                }

                vendorStrings[vendor] = call.Vendor!;
            }
        }
    }

    private static string Describe(SubjectInput input) => JsonSerializer.Serialize(new
    {
        input.Kind,
        input.Id,
        input.Source,
        Errors = input.Errors.Select(e => $"{e.Path}: {e.Message}").ToArray(),
        Subject = input.Subject is null ? null : JsonSerializer.Serialize(input.Subject, input.Subject.GetType()),
    });
}
