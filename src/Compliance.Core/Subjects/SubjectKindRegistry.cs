using FluentValidation;

namespace Compliance.Subjects;

/// <summary>The subject kinds a rule set knows: the built-in <c>call</c> and <c>deployment</c>, plus any registered.</summary>
/// <remarks>Immutable and thread-safe; <see cref="With{T}"/> returns a new registry.</remarks>
public sealed class SubjectKindRegistry
{
    private readonly Dictionary<string, SubjectKind> _byName;
    private readonly Dictionary<Type, SubjectKind> _byType;
    private readonly Dictionary<Type, SubjectTypeModel> _models;

    private SubjectKindRegistry(IEnumerable<Registration> kinds)
    {
        _byName = new Dictionary<string, SubjectKind>(StringComparer.Ordinal);
        _byType = [];
        _models = [];
        Registrations = kinds.ToArray();
        foreach (var (name, type, validator, quickCheck) in Registrations)
        {
            var kind = new SubjectKind(name, type, ModelFor(type), validator, quickCheck);
            _byName[name] = kind;
            _byType[type] = kind;
        }

        Kinds = _byName.Values.ToArray();
    }

    /// <summary>The built-in kinds: <c>call</c> (<see cref="CallSubject"/>) and <c>deployment</c> (<see cref="DeploymentSubject"/>).</summary>
    /// <remarks>Their validators are built when a subject first fails the quick check (every registry made from this one
    /// shares them), not when the registry is.</remarks>
    public static SubjectKindRegistry Default { get; } = new(
    [
        new("call", typeof(CallSubject), new Lazy<IValidator>(() => new CallSubjectValidator()),
            subject => subject is CallSubject call && CallSubjectValidator.IsCertainlyValid(call)),
        new("deployment", typeof(DeploymentSubject), new Lazy<IValidator>(() => new DeploymentSubjectValidator()),
            subject => subject is DeploymentSubject deployment && DeploymentSubjectValidator.IsCertainlyValid(deployment)),
    ]);

    /// <summary>Every registered kind.</summary>
    public IReadOnlyList<SubjectKind> Kinds { get; }

    private Registration[] Registrations { get; }

    /// <summary>Returns a registry that also knows <typeparamref name="T"/> under <paramref name="name"/>.</summary>
    /// <param name="name">The kind's name, as rule files' <c>appliesTo</c> and subjects' <c>kind</c> spell it.</param>
    /// <param name="validator">An optional validator run on every subject of the kind before it is judged.</param>
    /// <typeparam name="T">The subject's CLR type: a class whose public properties are its fields.</typeparam>
    /// <exception cref="ArgumentException">The name or the type is already registered, or the name is not lowercase letters, digits and dashes.</exception>
    public SubjectKindRegistry With<T>(string name, IValidator<T>? validator = null)
        where T : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!System.Text.RegularExpressions.Regex.IsMatch(name, "^[a-z][a-zA-Z0-9-]*$"))
        {
            throw new ArgumentException($"kind name `{name}` must start with a lowercase letter and hold only letters, digits and dashes", nameof(name));
        }

        if (_byName.ContainsKey(name))
        {
            throw new ArgumentException($"kind `{name}` is already registered", nameof(name));
        }

        if (_byType.ContainsKey(typeof(T)))
        {
            throw new ArgumentException($"type `{typeof(T).Name}` is already registered as kind `{_byType[typeof(T)].Name}`", nameof(T));
        }

        return new SubjectKindRegistry(Registrations.Append(new Registration(name, typeof(T), validator is null ? null : new Lazy<IValidator>(validator), null)));
    }

    /// <summary>Finds a kind by name.</summary>
    public SubjectKind? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>Finds the kind registered for a CLR type.</summary>
    public SubjectKind? Find(Type type) => _byType.GetValueOrDefault(type);

    internal SubjectTypeModel ModelFor(Type type)
    {
        if (_models.TryGetValue(type, out var model))
        {
            return model;
        }

        model = new SubjectTypeModel(type, this);
        _models[type] = model; // before populating, so that self-referencing types terminate
        model.Populate();
        return model;
    }

    /// <summary>A registered kind: its name, CLR type, validator (built on first use) and quick validity check.</summary>
    private readonly record struct Registration(string Name, Type Type, Lazy<IValidator>? Validator, Func<object, bool>? QuickCheck);
}
