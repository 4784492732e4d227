using CarbonNeutralConsortium.Services.Accounts;
using CarbonNeutralConsortium.Services.Data.Seed;
using CarbonNeutralConsortium.Services.Email;
using CarbonNeutralConsortium.Services.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CarbonNeutralConsortium.Services.Tests;

/// <summary>AddConsortiumServices on its own. No database is contacted here.</summary>
public class DependencyInjectionTests
{
    private const string UnusedDatabase = "Host=127.0.0.1;Port=1;Database=never_opened";

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    [Fact]
    public void Without_a_connection_string_the_service_layer_refuses_to_start()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            new ServiceCollection().AddConsortiumServices(Configuration([])));

        Assert.Contains("ConnectionStrings:Default", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Email_settings_are_read_from_the_configuration_given_to_AddConsortiumServices()
    {
        var configuration = Configuration(new()
        {
            ["ConnectionStrings:Default"] = UnusedDatabase,
            ["Email:FromAddress"] = "portal@consortium.test",
            ["Email:Smtp:Host"] = "mail.consortium.test",
            ["Email:Smtp:Port"] = "2525",
        });

        // Exactly what a host without a registered IConfiguration does (a small tool, a test, a worker).
        using var provider = new ServiceCollection().AddLogging().AddConsortiumServices(configuration).BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<EmailOptions>>().Value;

        Assert.Equal("portal@consortium.test", options.FromAddress);
        Assert.Equal("mail.consortium.test", options.Smtp.Host);
        Assert.Equal(2525, options.Smtp.Port);
    }

    [Fact]
    public async Task SMTP_is_the_default_mail_transport_and_the_pickup_directory_can_be_chosen()
    {
        await using (var smtp = TestServices.Build(UnusedDatabase))
        {
            Assert.IsType<SmtpMailTransport>(smtp.GetRequiredService<IMailTransport>());
        }

        await using var pickup = TestServices.Build(UnusedDatabase, settings: new Dictionary<string, string?> { ["Email:Delivery"] = "PickupDirectory" });
        Assert.IsType<PickupDirectoryMailTransport>(pickup.GetRequiredService<IMailTransport>());
    }

    [Fact]
    public async Task Every_service_of_the_layer_resolves_in_a_scope()
    {
        await using var provider = TestServices.Build(UnusedDatabase);
        await using var scope = provider.CreateAsyncScope();

        Assert.NotNull(scope.ServiceProvider.GetRequiredService<SmeRegistrationService>());
        Assert.NotNull(scope.ServiceProvider.GetRequiredService<StaffAccountService>());
        Assert.NotNull(scope.ServiceProvider.GetRequiredService<PasswordResetService>());
        Assert.NotNull(scope.ServiceProvider.GetRequiredService<ReferenceDataSeeder>());
        Assert.NotNull(scope.ServiceProvider.GetRequiredService<DemoDataSeeder>());
        Assert.Same(TimeProvider.System, scope.ServiceProvider.GetRequiredService<TimeProvider>());
    }
}
