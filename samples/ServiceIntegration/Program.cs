// A worker that audits model API calls with AddCompliance: the rules load when the host starts, reload when a file
// under the rules folder changes, and an edit that does not load keeps the last good rules (the log says why).
// Run from the repository root, then edit a file under rules/ and watch the log:
//   dotnet run --project samples/ServiceIntegration -- --rules rules
// `--audits N` stops after N rounds (the default, 0, runs until Ctrl+C).
using Compliance.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ServiceIntegration;

var builder = Host.CreateApplicationBuilder(args);

// <snippet:add-compliance>
builder.Services.AddCompliance(options =>
{
    options.RulesPath = builder.Configuration["rules"] ?? "rules";   // relative to the content root
    options.ReloadDebounce = TimeSpan.FromMilliseconds(250);
});
// </snippet:add-compliance>

// <snippet:logging-filter>
// Loads, failed loads and each rule diagnostic log at Information and above; file changes at Debug.
builder.Logging.AddFilter("Compliance.Hosting", LogLevel.Debug);
// </snippet:logging-filter>

builder.Services.AddSingleton(new AuditSettings(builder.Configuration.GetValue("audits", 0), TimeSpan.FromSeconds(5)));
builder.Services.AddHostedService<CallAuditor>();
builder.Build().Run();
