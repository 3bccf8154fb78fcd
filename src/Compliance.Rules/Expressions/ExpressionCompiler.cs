using System.Globalization;
using System.Linq.Expressions;
using System.Linq.Dynamic.Core;
using System.Linq.Dynamic.Core.Exceptions;
using System.Linq.Dynamic.Core.Parser;
using System.Runtime.ExceptionServices;

namespace Compliance.Rules.Expressions;

/// <summary>Compiles <c>expression:</c> conditions with Microsoft.RulesEngine's parser, after checking the tree against the allow-list.</summary>
/// <remarks>The parser is the one RulesEngine's <c>RuleExpressionParser.Parse</c> runs (System.Linq.Dynamic.Core's, with
/// RulesEngine's types, case-sensitive, a parse error thrown), given <see cref="ExpressionTypes"/> so that no load lists
/// every loaded assembly's types.</remarks>
internal sealed class ExpressionCompiler
{
    private readonly ParsingConfig _config = ExpressionTypes.Config();
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

    /// <summary>What compiling an expression gave: a predicate, or the one problem that stopped it.</summary>
    /// <param name="Predicate">The compiled expression, when it compiled.</param>
    /// <param name="SyntaxError">Why the text is not an expression the parser could read, or could not be compiled.</param>
    /// <param name="Position">Where in the text the parser stopped, when it says.</param>
    /// <param name="Forbidden">The construct the allow-list refused.</param>
    /// <param name="TooComplex">Why the expression could cost too much to evaluate (lambdas nested too deeply).</param>
    /// <param name="Charged">Whether the predicate carries an <see cref="ExpressionBudget"/> (it has lambdas or text operations).</param>
    public sealed record Result(Func<object, bool>? Predicate, string? SyntaxError, int? Position, string? Forbidden, string? TooComplex = null, bool Charged = false);

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

            // The parser converts text constants (`subject.Timestamp > "03/04/2026"`) with the current culture, and its
            // messages follow the UI culture: the same rule file must mean the same on every machine.
            CurrentCulture = CultureInfo.InvariantCulture,
            CurrentUICulture = CultureInfo.InvariantCulture,
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
            body = new ExpressionParser([parameter], text, [], _config).Parse(typeof(bool));
        }
        catch (ParseException ex)
        {
            return new Result(null, Lower(ex.Message), ex.Position, null);
        }
        catch (Exception ex) when (ex is FormatException || (ex is ArgumentException && ex.Message.Contains(NotValidFor, StringComparison.Ordinal)))
        {
            // The parser converts text constants to the type they are compared with while it parses, and lets the
            // conversion's exception escape (`subject.Timestamp > "x"`, `subject.Tokens == "many"`, `Guid("zz")`).
            return new Result(null, Unconvertible(ex), null, null);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or NotSupportedException or InvalidCastException)
        {
            return new Result(null, Lower(ex.Message), null, null);
        }
#pragma warning disable CA1031 // Whatever else the parser throws on a rule file's text (an IndexOutOfRangeException on `''`) is the text's fault, not the caller's.
        catch (Exception ex) when (ex is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            return new Result(null, $"the parser failed on it ({Lower(ex.Message)})", null, null);
        }

        if (body.Type != typeof(bool))
        {
            return new Result(null, "the expression must be true or false", null, null);
        }

        if (ExpressionAllowList.Check(body, _dataTypes) is { } forbidden)
        {
            return new Result(null, null, null, forbidden);
        }

        if (ExpressionCost.LambdaDepth(body) is var depth and > ExpressionCost.MaxLambdaDepth)
        {
            return new Result(null, null, null, null,
                $"the expression nests {depth} lambdas, one inside another; at most {ExpressionCost.MaxLambdaDepth} may nest");
        }

        try
        {
            body = OrdinalStrings.Rewrite(body);
            var budget = Expression.Variable(typeof(ExpressionBudget), "budget");
            body = ExpressionCost.Charge(body, budget, out var charged);
            var objectParameter = Expression.Parameter(typeof(object), "value");
            var subject = Expression.Assign(parameter, Expression.Convert(objectParameter, subjectType));
            var block = charged
                ? Expression.Block([parameter, budget], subject, Expression.Assign(budget, Expression.New(typeof(ExpressionBudget))), body)
                : Expression.Block([parameter], subject, body);
            return new Result(Expression.Lambda<Func<object, bool>>(block, objectParameter).Compile(), null, null, null, null, charged);
        }
#pragma warning disable CA1031 // A tree the allow-list passed but the rewrites or the compiler cannot take is still a problem of the rule file, reported at it.
        catch (Exception ex) when (ex is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            return new Result(null, $"it cannot be compiled ({Lower(ex.Message)})", null, null);
        }
    }

    private const string NotValidFor = " is not a valid value for ";

    /// <summary>The parser's message for a constant it could not convert ("x is not a valid value for DateTimeOffset."), in the user's words.</summary>
    private string Unconvertible(Exception exception)
    {
        var message = exception is ArgumentException { ParamName: { } name }
            ? exception.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal)
            : exception.Message;
        var at = message.LastIndexOf(NotValidFor, StringComparison.Ordinal);
        if (at < 0)
        {
            return Lower(message);
        }

        var type = message[(at + NotValidFor.Length)..].TrimEnd('.');
        var described = type switch
        {
            nameof(DateTimeOffset) or nameof(DateTime) => "a timestamp",
            nameof(DateOnly) => "a date",
            nameof(Boolean) => "true or false",
            nameof(Byte) or nameof(Int16) or nameof(Int32) or nameof(Int64) or nameof(Single) or nameof(Double) or nameof(Decimal) => "a number",
            _ => _typeNames.TryGetValue(type, out var kind) ? $"`{kind}`" : $"`{type}`",
        };
        return $"`{OneLine(message[..at])}` cannot be read as {described}";
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));

    private string Lower(string message)
    {
        message = OneLine(message);
        foreach (var (clr, kind) in _typeNames)
        {
            message = message.Replace($"'{clr}'", $"`{kind}`", StringComparison.Ordinal);
        }

        return Diagnostics.ExceptionText.AsClause(message);
    }
}
