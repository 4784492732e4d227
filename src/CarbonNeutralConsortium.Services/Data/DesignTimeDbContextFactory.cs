using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CarbonNeutralConsortium.Services.Data;

/// <summary>For `dotnet ef migrations add`: builds the model without a host. No database is contacted.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<ConsortiumDbContext>
{
    public ConsortiumDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<ConsortiumDbContext>();
        var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Default") ?? "Host=127.0.0.1;Database=cnc_design_time";
        DependencyInjection.ConfigureDbContext(builder, connectionString);
        return new ConsortiumDbContext(builder.Options);
    }
}
