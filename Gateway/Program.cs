using Gateway;
using Gateway.Display;
using Gateway.Health;
using Gateway.Hosting;
using Gateway.Journal;
using Gateway.Observability;
using Gateway.OpenApi;
using Gateway.Payments;
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
builder.AddDisplay();
builder.AddHealth();
builder.AddObservability();
builder.AddOpenApiContract();

var app = builder.Build();

app.UseGatewayHost();
app.MapPayments();
app.MapSettings();
app.MapHealth();
app.MapSandbox();
app.MapDisplay();
app.MapObservability();

app.Run();

/// <summary>Entry point; public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
