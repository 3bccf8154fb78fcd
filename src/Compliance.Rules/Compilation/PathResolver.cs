using Compliance.Conditions;
using Compliance.Subjects;

namespace Compliance.Rules.Compilation;

/// <summary>Resolves dotted paths (<c>cloud</c>, <c>tags.purpose</c>) against a subject type model.</summary>
internal static class PathResolver
{
    public sealed record Failure(string Message, string? Hint);

    public static FieldPath? Resolve(string text, SubjectTypeModel model, string kindName, out Failure? failure)
    {
        failure = null;
        var segments = text.Split('.');
        var chain = new List<SubjectField>();
        var current = model;
        var walked = new List<string>();
        for (var i = 0; i < segments.Length; i++)
        {
            var name = segments[i];
            var field = current.Find(name);
            if (field is null)
            {
                var where = walked.Count == 0 ? $"`{kindName}`" : $"`{string.Join('.', walked)}`";
                failure = new Failure($"unknown path `{text}`: {where} has no field `{name}`",
                    Diagnostics.Suggestions.DidYouMean(name, current.Fields.Select(f => f.Name)));
                return null;
            }

            walked.Add(name);
            chain.Add(field);
            var isLast = i == segments.Length - 1;
            switch (field.Type)
            {
                case FieldType.StringMap when !isLast:
                {
                    var key = string.Join('.', segments[(i + 1)..]);
                    return new FieldPath(text, FieldType.String, null, [], null, null, chain, key);
                }

                case FieldType.Object when !isLast:
                    current = field.ObjectModel!;
                    continue;
                case FieldType.List when !isLast:
                    failure = new Failure($"unknown path `{text}`: `{string.Join('.', walked)}` is a list",
                        $"use `{name}: {{some: {{{string.Join('.', segments[(i + 1)..])}: ...}}}}` to test its elements");
                    return null;
                case var _ when !isLast:
                    failure = new Failure($"unknown path `{text}`: `{string.Join('.', walked)}` has no fields", null);
                    return null;
            }

            var enumType = field.Type == FieldType.Enum ? field.ValueClrType
                : field.ElementType == FieldType.Enum ? SubjectTypeModel.ListElementType(field.ValueClrType) : null;
            if (enumType is not null)
            {
                enumType = Nullable.GetUnderlyingType(enumType) ?? enumType;
            }

            return new FieldPath(text, field.Type, field.ElementType, field.EnumMembers, field.ElementModel, enumType, chain, null);
        }

        failure = new Failure($"unknown path `{text}`", null);
        return null;
    }

    /// <summary>The path for an element of a list of scalars, inside <c>some</c>/<c>every</c>/<c>none</c>.</summary>
    public static FieldPath Self(FieldPath list) =>
        new(string.Empty, list.ElementType!.Value, null, list.EnumMembers, null, list.EnumClrType, [], null);
}
