using Gateway;
using Gateway.Admin;
using Gateway.Display;
using Gateway.Health;
using Gateway.Hosting;
using Gateway.Journal;
using Gateway.Observability;
using Gateway.OpenApi;
using Gateway.Payments;
using Gateway.Refunds;
using Gateway.Reports;
using Gateway.Sandbox;
using Gateway.Settings;
using Gateway.WebMoney;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory,
});

builder.AddGatewayHost();
builder.AddServiceHosting();
builder.AddSettings();
builder.AddSandbox();
builder.AddWebMoney();
builder.AddJournal();
builder.AddPayments();
builder.AddRefunds();
builder.AddDisplay();
builder.AddHealth();
builder.AddReports();
builder.AddAdmin();
builder.AddObservability();
builder.AddOpenApiContract();

var app = builder.Build();

app.UseDisplayGate();      // first: the LAN listener serves the display and its hub, nothing else
app.UseGatewayHost();
app.MapPayments();
app.MapRefunds();
app.MapSettings();
app.MapHealth();
await app.StartSandboxAsync(); // Development without settings: in-process emulator, settings read from its bundle
app.MapSandbox();
app.MapDisplay();
app.MapReports();
app.MapAdmin();
app.MapObservability();

return await app.RunGatewayAsync(); // the exit code: non-zero after a failure, so the service manager restarts it

/// <summary>Entry point; public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
