// A chat gateway whose model client goes through the Compliance gate in Enforce mode, with the bundled rules: a stateless
// call to an Azure OpenAI endpoint goes ahead, and a stateless call to api.openai.com is refused before it is sent
// (msft-openai/azure-stateless-exclusivity). Both clients send their requests to a stand-in server on the loopback
// address, so the sample runs without a network or an API key. Run from the repository's root:
//   dotnet run --project samples/ChatGateway
using System.ClientModel;
using System.ClientModel.Primitives;
using ChatGateway;
using Compliance.Extensions.AI;
using Compliance.Rules;
using Microsoft.Extensions.AI;
using OpenAI;

var rules = new RuleSetLoader().Load(args.Length > 0 ? args[0] : "rules");
using var standIn = new StandInServer();

IChatClient Gateway(string endpoint) =>
    new ChatClientBuilder(new OpenAIClient(new ApiKeyCredential("stand-in"), new OpenAIClientOptions
        {
            Endpoint = new Uri(endpoint),
            Transport = new HttpClientPipelineTransport(new HttpClient(new ToStandIn(standIn.Uri))),
        }).GetChatClient("gpt-4o").AsIChatClient())
        .UseCompliance(rules, o =>
        {
            o.Mode = ComplianceMode.Enforce;
            o.Describe = (call, _) => call with { Id = $"support-{call.Cloud}", Customer = "contoso", Product = "support-assistant" };
        })
        .Build();

ChatMessage[] question = [new(ChatRole.User, "Where is my order?")];
foreach (var endpoint in new[] { "https://contoso.openai.azure.com/openai/v1/", "https://api.openai.com/v1/" })
{
    var host = new Uri(endpoint).Host;
    try
    {
        var answer = await Gateway(endpoint).GetResponseAsync(question);
        Console.WriteLine($"allowed  {host}: {answer.Text}");
    }
    catch (ComplianceRefusedException refused)
    {
        Console.WriteLine($"refused  {host}: {refused.Message}");
    }
}

Console.WriteLine($"the stand-in server received {standIn.Requests} request(s)");
