using System.Reflection;

namespace Compliance.Extensions.AI.Tests;

/// <summary>samples/ChatGateway, run as <c>dotnet run --project samples/ChatGateway</c> runs it from the repository's root.</summary>
[NonParallelizable]
public sealed class ChatGatewaySampleTests
{
    [Test]
    public async Task TheSample_PrintsOneAllowedAndOneRefusedCall()
    {
        var entryPoint = Assembly.Load("ChatGateway").EntryPoint!;
        var (directory, output) = (Environment.CurrentDirectory, Console.Out);
        using var printed = new StringWriter { NewLine = "\n" };
        try
        {
            Environment.CurrentDirectory = BundledRules.RepoRoot();
            Console.SetOut(printed);
            var result = entryPoint.Invoke(null, [Array.Empty<string>()]);
            if (result is Task task)
            {
                await task;
            }
        }
        finally
        {
            Environment.CurrentDirectory = directory;
            Console.SetOut(output);
        }

        Assert.That(printed.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[]
        {
            "allowed  contoso.openai.azure.com: Your order ships tomorrow.",
            "refused  api.openai.com: the model call `support-OpenAI` was refused before it was sent; its verdict is violation: msft-openai/azure-stateless-exclusivity",
            "the stand-in server received 1 request(s)",
        }));
    }
}
