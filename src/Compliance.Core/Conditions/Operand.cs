using System.Globalization;

namespace Compliance.Conditions;

/// <summary>A value written in a rule, already converted to the type of the path it is compared with.</summary>
/// <param name="Value">The typed value: text, an enum member, a number (<see cref="double"/>), a boolean,
/// a <see cref="DateOnly"/> or a <see cref="DateTimeOffset"/>.</param>
/// <param name="Text">The value as the rule file wrote it.</param>
public sealed record Operand(object Value, string Text)
{
    /// <inheritdoc/>
    public override string ToString() => Text;

    internal static string Format(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture),
        Enum e => Subjects.SubjectTypeModel.CamelCase(e.ToString()),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
