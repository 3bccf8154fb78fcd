using System.Collections;
using System.Linq.Dynamic.Core;
using RulesEngine.HelperFunctions;

namespace Compliance.Rules.Expressions;

/// <summary>The types an <c>expression:</c> may name besides the subject's: the ones Microsoft.RulesEngine's parser gives
/// it (<see cref="ExpressionUtils"/>, <see cref="Enumerable"/>, what they derive from and implement, and
/// <see cref="IEnumerable"/>), and no others.</summary>
/// <remarks>RulesEngine's <see cref="RulesEngine.CustomTypeProvider"/> adds every type marked <c>[DynamicLinqType]</c> in
/// any assembly loaded in the process, which it finds by listing the exported types of every loaded assembly: about a
/// tenth of the CPU time of loading a rule set with an expression, on every load, and a set of names that depends on
/// what the host process happens to have loaded (no assembly this tool loads marks a type). Here the set is fixed, so
/// that a rule file means the same in every process. Only <see cref="GetCustomTypes"/> is replaced: resolving a type by
/// name still asks the loaded assemblies, as before. Immutable after construction.</remarks>
internal sealed class ExpressionTypes : RulesEngine.CustomTypeProvider
{
    private readonly HashSet<Type> _types;

    public ExpressionTypes()
        : base([])
    {
        // The closure RulesEngine's provider builds over its own types (it registers no other when given none).
        _types = [typeof(ExpressionUtils), typeof(Enumerable)];
        var queue = new Queue<Type>(_types);
        while (queue.TryDequeue(out var type))
        {
            if (type.BaseType is { } baseType && _types.Add(baseType))
            {
                queue.Enqueue(baseType);
            }

            foreach (var implemented in type.GetInterfaces())
            {
                if (_types.Add(implemented))
                {
                    queue.Enqueue(implemented);
                }
            }
        }

        _types.Add(typeof(IEnumerable));
    }

    /// <summary>The parser's configuration with these types, case-sensitive as the rule language is.</summary>
    public static ParsingConfig Config() => new() { CustomTypeProvider = new ExpressionTypes(), IsCaseSensitive = true };

    /// <inheritdoc/>
    public override HashSet<Type> GetCustomTypes() => _types;
}
