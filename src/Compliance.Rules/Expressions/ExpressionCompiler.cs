using System.Linq.Expressions;
using System.Linq.Dynamic.Core.Exceptions;
using System.Runtime.ExceptionServices;
using RulesEngine.ExpressionBuilders;
using RulesEngine.Models;

namespace Compliance.Rules.Expressions;

/// <summary>Compiles <c>expression:</c> conditions with Microsoft.RulesEngine's parser, after checking the tree against the allow-list.</summary>
internal sealed class ExpressionCompiler
{
    private readonly RuleExpressionParser _parser = new(new ReSettings { IsExpressionCaseSensitive = true });
    private readonly IReadOnlyCollection<Type> _dataTypes;
    private readonly IReadOnlyDictionary<string, string> _typeNames;

    /// <param name="dataTypes">The subject types and the types nested in them, which expressions may read.</param>
    /// <param name="typeNames">CLR type names to the names users know them by (kind names), for messages.</param>
    public ExpressionCompiler(IReadOnlyCollection<Type> dataTypes, IReadOnlyDictionary<string, string> typeNames)
    {
        _dataTypes = dataTypes;
        _typeNames = typeNames;
    }

    /// <summary>The longest expression accepted, in characters.</summary>
    public const int MaxLength = 4096;

    /// <summary>The stack of the thread that parses, checks and compiles an expression. The parser recurses about fifteen
    /// frames per bracket: 2,000 nested brackets (within <see cref="MaxLength"/>) overflow an 8 MB stack and kill the
    /// process, so the work runs on a thread whose stack is large enough for any expression of at most
    /// <see cref="MaxLength"/> characters (measured: the deepest such expressions need under 16 MB).</summary>
    internal const int CompilerStackBytes = 64 * 1024 * 1024;

    public sealed record Result(Func<object, bool>? Predicate, string? SyntaxError, int? Position, string? Forbidden);

    public Result Compile(string text, Type subjectType)
    {
        if (text.Length > MaxLength)
        {
            return new Result(null, $"the expression is longer than the limit of {MaxLength} characters", null, null);
        }

        Result? result = null;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    result = CompileOnThisThread(text, subjectType);
                }
#pragma warning disable CA1031 // An exception escaping a thread kills the process; it is rethrown on the caller's thread below.
                catch (Exception exception)
#pragma warning restore CA1031
                {
                    failure = ExceptionDispatchInfo.Capture(exception);
                }
            },
            CompilerStackBytes)
        {
            IsBackground = true,
            Name = "compliance expression compiler",
        };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result!;
    }

    private Result CompileOnThisThread(string text, Type subjectType)
    {
        var parameter = Expression.Parameter(subjectType, "subject");
        Expression body;
        try
        {
            body = _parser.Parse(text, [parameter], typeof(bool));
        }
        catch (ParseException ex)
        {
            return new Result(null, Lower(ex.Message), ex.Position, null);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or NotSupportedException or InvalidCastException)
        {
            return new Result(null, Lower(ex.Message), null, null);
        }

        if (body.Type != typeof(bool))
        {
            return new Result(null, "the expression must be true or false", null, null);
        }

        if (ExpressionAllowList.Check(body, _dataTypes) is { } forbidden)
        {
            return new Result(null, null, null, forbidden);
        }

        body = OrdinalStrings.Rewrite(body);
        var objectParameter = Expression.Parameter(typeof(object), "value");
        var lambda = Expression.Lambda<Func<object, bool>>(
            Expression.Block([parameter], Expression.Assign(parameter, Expression.Convert(objectParameter, subjectType)), body),
            objectParameter);
        return new Result(lambda.Compile(), null, null, null);
    }

    private string Lower(string message)
    {
        message = message.TrimEnd('.');
        foreach (var (clr, kind) in _typeNames)
        {
            message = message.Replace($"'{clr}'", $"`{kind}`", StringComparison.Ordinal);
        }

        return message.Length > 0 ? char.ToLowerInvariant(message[0]) + message[1..] : message;
    }
}
