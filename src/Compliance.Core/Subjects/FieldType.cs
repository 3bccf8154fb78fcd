namespace Compliance.Subjects;

/// <summary>The type of a subject field as the rule language sees it.</summary>
public enum FieldType
{
    /// <summary>Text; compared ignoring case.</summary>
    String,

    /// <summary>One of a fixed set of names, such as <c>stateless</c>/<c>stateful</c>.</summary>
    Enum,

    /// <summary>A whole number.</summary>
    Integer,

    /// <summary>A number.</summary>
    Number,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary>An instant; compared by its UTC calendar date against a date in a rule.</summary>
    Timestamp,

    /// <summary>A map from text to text, such as <c>tags</c>; reached by <c>tags.key</c>.</summary>
    StringMap,

    /// <summary>A list of values, such as <c>partners</c> or <c>calls</c>.</summary>
    List,

    /// <summary>A nested object whose fields are reached by dotted paths.</summary>
    Object,
}
