using System.Linq.Expressions;
using System.Reflection;

namespace Compliance.Subjects;

/// <summary>How the evaluator reads a field without boxing: each <see cref="FieldType"/> has one CLR shape.</summary>
internal enum ValueShape
{
    /// <summary>Read as <see cref="object"/> (lists, maps, nested objects, and anything not listed below).</summary>
    Object,

    /// <summary>Read as <see cref="string"/>.</summary>
    String,

    /// <summary>An enum, read as its value widened to <see cref="long"/>.</summary>
    Enum,

    /// <summary>A whole number or a number, read as <see cref="double"/> (as the rule language compares them).</summary>
    Number,

    /// <summary>Read as <see cref="bool"/>.</summary>
    Boolean,

    /// <summary>A <see cref="DateTimeOffset"/>, <see cref="DateTime"/> or <see cref="DateOnly"/>, read as the instant it denotes.</summary>
    Timestamp,
}

/// <summary>Compiles property access into delegates with expression trees: an untyped getter, a typed reader
/// (one per <see cref="ValueShape"/>, returning a nullable value instead of a box), typed setters and a constructor.</summary>
/// <remarks>Compiled once per field and cached by <see cref="SubjectField"/>; the delegates are thread-safe.</remarks>
internal static class FieldAccessors
{
    private static readonly MethodInfo InstantOfDateTime = typeof(FieldAccessors).GetMethod(nameof(InstantOf), [typeof(DateTime)])!;
    private static readonly MethodInfo InstantOfDateOnly = typeof(FieldAccessors).GetMethod(nameof(InstantOf), [typeof(DateOnly)])!;

    /// <summary>The instant a <see cref="DateTime"/> denotes, as the rule language reads it (unspecified kind is UTC).</summary>
    public static DateTimeOffset InstantOf(DateTime t) =>
        t.Kind == DateTimeKind.Unspecified ? new DateTimeOffset(t, TimeSpan.Zero) : new DateTimeOffset(t);

    /// <summary>The instant a <see cref="DateOnly"/> denotes: its midnight UTC.</summary>
    public static DateTimeOffset InstantOf(DateOnly d) => new(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    public static ValueShape ShapeOf(FieldType type, Type clrType)
    {
        var underlying = Nullable.GetUnderlyingType(clrType) ?? clrType;
        return type switch
        {
            FieldType.String when underlying == typeof(string) => ValueShape.String,
            FieldType.Enum when underlying.IsEnum && Enum.GetUnderlyingType(underlying) != typeof(ulong) => ValueShape.Enum,
            FieldType.Integer or FieldType.Number => ValueShape.Number,
            FieldType.Boolean => ValueShape.Boolean,
            FieldType.Timestamp => ValueShape.Timestamp,
            _ => ValueShape.Object,
        };
    }

    /// <summary><c>o =&gt; (object?)((T)o).Property</c>.</summary>
    public static Func<object, object?> Getter(PropertyInfo property)
    {
        var target = Expression.Parameter(typeof(object), "target");
        var read = Expression.Property(Expression.Convert(target, property.DeclaringType!), property);
        return Expression.Lambda<Func<object, object?>>(Expression.Convert(read, typeof(object)), target).Compile();
    }

    /// <summary>A typed reader for the property: <c>Func&lt;object, string?&gt;</c>, <c>Func&lt;object, long?&gt;</c>,
    /// <c>Func&lt;object, double?&gt;</c>, <c>Func&lt;object, bool?&gt;</c>, <c>Func&lt;object, DateTimeOffset?&gt;</c>,
    /// or the untyped getter for <see cref="ValueShape.Object"/>.</summary>
    public static Delegate Reader(PropertyInfo property, ValueShape shape)
    {
        var target = Expression.Parameter(typeof(object), "target");
        var read = Expression.Property(Expression.Convert(target, property.DeclaringType!), property);
        var (result, body) = shape switch
        {
            ValueShape.String => (typeof(string), (Expression)read),
            ValueShape.Enum => (typeof(long?), Lift(read, typeof(long?), v => Expression.Convert(v, typeof(long)))),
            ValueShape.Number => (typeof(double?), Lift(read, typeof(double?), v => Expression.Convert(v, typeof(double)))),
            ValueShape.Boolean => (typeof(bool?), Lift(read, typeof(bool?), v => v)),
            ValueShape.Timestamp => (typeof(DateTimeOffset?), Lift(read, typeof(DateTimeOffset?), Instant)),
            _ => (typeof(object), Expression.Convert(read, typeof(object))),
        };
        var delegateType = typeof(Func<,>).MakeGenericType(typeof(object), result);
        return Expression.Lambda(delegateType, body, target).Compile();
    }

    /// <summary><c>(o, v) =&gt; ((T)o).Property = convert(v)</c>, for a value of type <paramref name="valueType"/>.</summary>
    /// <remarks>Integer conversions are checked: an out-of-range value throws <see cref="OverflowException"/>.</remarks>
    public static Delegate Setter(PropertyInfo property, Type valueType)
    {
        var target = Expression.Parameter(typeof(object), "target");
        var value = Expression.Parameter(valueType, "value");
        var propertyType = property.PropertyType;
        var underlying = Nullable.GetUnderlyingType(propertyType) ?? propertyType;
        Expression converted = value;
        if (underlying == typeof(DateTime) && valueType == typeof(DateTimeOffset))
        {
            converted = Expression.Property(value, nameof(DateTimeOffset.UtcDateTime));
        }
        else if (underlying == typeof(DateOnly) && valueType == typeof(DateTimeOffset))
        {
            converted = Expression.Call(typeof(DateOnly).GetMethod(nameof(DateOnly.FromDateTime))!,
                Expression.Property(value, nameof(DateTimeOffset.UtcDateTime)));
        }
        else if (underlying != valueType && valueType.IsValueType)
        {
            converted = valueType == typeof(long) && underlying.IsEnum
                ? Expression.Convert(value, underlying)
                : Expression.ConvertChecked(value, underlying);
        }

        if (converted.Type != propertyType)
        {
            converted = Expression.Convert(converted, propertyType);
        }

        var body = Expression.Assign(Expression.Property(Expression.Convert(target, property.DeclaringType!), property), converted);
        var delegateType = typeof(Action<,>).MakeGenericType(typeof(object), valueType);
        return Expression.Lambda(delegateType, body, target, value).Compile();
    }

    /// <summary><c>() =&gt; new T()</c>; <see langword="null"/> when the type has no public parameterless constructor.</summary>
    public static Func<object>? Constructor(Type type)
    {
        if (type.IsAbstract || (type.IsClass && type.GetConstructor(Type.EmptyTypes) is null))
        {
            return null;
        }

        return Expression.Lambda<Func<object>>(Expression.Convert(Expression.New(type), typeof(object))).Compile();
    }

    private static Expression Instant(Expression value) =>
        value.Type == typeof(DateTimeOffset) ? value
        : value.Type == typeof(DateTime) ? Expression.Call(InstantOfDateTime, value)
        : Expression.Call(InstantOfDateOnly, value);

    /// <summary>Reads a value (nullable or not) into <paramref name="result"/>, a nullable type, converting a present value.</summary>
    private static Expression Lift(Expression read, Type result, Func<Expression, Expression> convert)
    {
        if (Nullable.GetUnderlyingType(read.Type) is null)
        {
            return Expression.Convert(convert(read), result);
        }

        var local = Expression.Variable(read.Type, "value");
        return Expression.Block(result, [local],
            Expression.Assign(local, read),
            Expression.Condition(
                Expression.Property(local, "HasValue"),
                Expression.Convert(convert(Expression.Property(local, "Value")), result),
                Expression.Constant(null, result)));
    }
}
