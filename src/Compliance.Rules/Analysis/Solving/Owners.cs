using System.Collections;
using System.Collections.ObjectModel;
using Compliance.Subjects;

namespace Compliance.Rules.Analysis.Solving;

/// <summary>Raised when a condition lies outside the fragment the analysis decides exactly.</summary>
internal sealed class NotAnalysableException(SourceLocation location, string reason) : Exception(reason)
{
    public SourceLocation Location { get; } = location;

    public string Reason { get; } = reason;
}

/// <summary>Where the conditions of a problem are evaluated: the subject itself, or an element of one of its lists.</summary>
internal abstract class Owner
{
    /// <summary>The model of the owning object; <see langword="null"/> for an element of a list of scalars.</summary>
    public abstract SubjectTypeModel? Model { get; }

    /// <summary>The subject kind the whole subject belongs to.</summary>
    public abstract SubjectKind Kind { get; }

    /// <summary>The prefix of validation paths for fields of this owner: empty for the subject, <c>calls.</c> for a call of a deployment.</summary>
    public abstract string Prefix { get; }

    /// <summary>Whether this owner is the subject itself.</summary>
    public abstract bool IsRoot { get; }

    /// <summary>Builds a whole subject in which <paramref name="ownerValue"/> stands in this owner's place.</summary>
    public abstract object Root(object ownerValue);
}

internal sealed class RootOwner(SubjectKind kind) : Owner
{
    public override SubjectTypeModel Model => kind.Model;

    public override SubjectKind Kind => kind;

    public override string Prefix => string.Empty;

    public override bool IsRoot => true;

    public override object Root(object ownerValue) => ownerValue;
}

internal sealed class ElementOwner(Owner parent, SubjectField list) : Owner
{
    public SubjectField List { get; } = list;

    public override SubjectTypeModel? Model => List.ElementModel;

    public override SubjectKind Kind => parent.Kind;

    public override string Prefix => parent.Prefix + List.Name + ".";

    /// <summary>The validation path of the element itself (for a list of scalars).</summary>
    public string SelfKey => parent.Prefix + List.Name;

    public override bool IsRoot => false;

    public override object Root(object ownerValue) =>
        parent.Root(Objects.With(parent.Model!, List, Objects.ListOf(List, [ownerValue]), default));
}

/// <summary>Builds subject objects by reflection, the way the subject reader does.</summary>
internal static class Objects
{
    public static object Create(SubjectTypeModel model, SourceLocation at)
    {
        try
        {
            return Activator.CreateInstance(model.ClrType)
                ?? throw new NotAnalysableException(at, AnalysisMessages.CannotBuild);
        }
        catch (MissingMethodException)
        {
            throw new NotAnalysableException(at, AnalysisMessages.CannotBuild);
        }
    }

    public static void Set(object target, SubjectField field, object? value, SourceLocation at)
    {
        if (!field.Property.CanWrite)
        {
            throw new NotAnalysableException(at, AnalysisMessages.CannotSet(field.Name));
        }

        field.Property.SetValue(target, value);
    }

    public static object With(SubjectTypeModel model, SubjectField field, object? value, SourceLocation at)
    {
        var instance = Create(model, at);
        Set(instance, field, value, at);
        return instance;
    }

    public static object ListOf(SubjectField field, IReadOnlyList<object> items)
    {
        var target = Nullable.GetUnderlyingType(field.Property.PropertyType) ?? field.Property.PropertyType;
        var elementClr = SubjectTypeModel.ListElementType(target)!;
        var array = Array.CreateInstance(elementClr, items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            array.SetValue(items[i], i);
        }

        if (target.IsAssignableFrom(array.GetType()))
        {
            return array;
        }

        var typed = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(elementClr))!;
        foreach (var item in items)
        {
            typed.Add(item);
        }

        return typed;
    }

    public static object MapOf(SubjectField field, IReadOnlyDictionary<string, string> entries)
    {
        var dictionary = new Dictionary<string, string>(entries, StringComparer.Ordinal);
        var target = field.Property.PropertyType;
        return target.IsAssignableFrom(typeof(ReadOnlyDictionary<string, string>))
            ? new ReadOnlyDictionary<string, string>(dictionary)
            : dictionary;
    }
}
