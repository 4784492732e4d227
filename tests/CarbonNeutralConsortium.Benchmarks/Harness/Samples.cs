using Npgsql;

namespace CarbonNeutralConsortium.Benchmarks.Harness;

/// <summary>
/// What the harness asks for, picked from the generated database (deterministically: ordered by a hash of the id):
/// the busiest institute and its coordinator, the company with the most requests and its SME user, requests to
/// open, filter values that select something, partners to search for.
/// </summary>
public sealed record Samples(
    string InstituteCode,
    string CoordinatorEmail,
    Guid CoordinatorUserId,
    string SmeEmail,
    Guid SmeUserId,
    Guid SmeCompanyId,
    IReadOnlyList<Guid> InstituteRequests,
    IReadOnlyList<Guid> MatchingRequests,
    IReadOnlyList<Guid> CompanyRequests,
    IReadOnlyList<Guid> Partners,
    string QueueSector,
    string QueueTechnology,
    string QueueCountry,
    IReadOnlyList<string> PartnerWords,
    string PartnerCountry,
    string PartnerTechnology,
    long RequestCount,
    long PartnerCount,
    long MatchCount,
    long DatabaseBytes,
    string AdminEmail)
{
    public const string OpenStatuses = "('Submitted','InReview','NeedsInformation','Matching','PartnersProposed','Connected')";

    public static async Task<Samples> PickAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);

        async Task<T> Scalar<T>(string sql, params object[] args)
        {
            await using var command = Command(sql, args);
            var value = await command.ExecuteScalarAsync(cancellationToken);
            return value is null or DBNull ? throw new InvalidOperationException($"The generated database has no answer to: {sql}") : (T)value;
        }

        async Task<List<T>> List<T>(string sql, params object[] args)
        {
            await using var command = Command(sql, args);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var list = new List<T>();
            while (await reader.ReadAsync(cancellationToken))
            {
                list.Add(reader.GetFieldValue<T>(0));
            }

            return list;
        }

        NpgsqlCommand Command(string sql, object[] args)
        {
            var command = new NpgsqlCommand(sql, connection);
            foreach (var arg in args)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = arg });
            }

            return command;
        }

        var institute = await Scalar<string>($"""
            SELECT lead_organization_code FROM partnership_requests
            WHERE status IN {OpenStatuses} AND lead_organization_code IS NOT NULL
            GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1
            """);
        var coordinator = await Scalar<string>("""
            SELECT u.email FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id
            WHERE r.name = 'InstituteCoordinator' AND u.organization_code = $1 AND u.is_active AND u.email LIKE '%@bench.cnc.example'
            ORDER BY u.email LIMIT 1
            """, institute);
        var company = await Scalar<Guid>("""
            SELECT company_id FROM partnership_requests GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1
            """);
        var sme = await Scalar<string>("SELECT email FROM users WHERE company_id = $1 AND is_active ORDER BY email LIMIT 1", company);
        var coordinatorId = await Scalar<Guid>("SELECT id FROM users WHERE email = $1", coordinator);
        var smeId = await Scalar<Guid>("SELECT id FROM users WHERE email = $1", sme);
        var instituteRequests = await List<Guid>($"""
            SELECT id FROM partnership_requests WHERE lead_organization_code = $1 AND status IN {OpenStatuses}
            ORDER BY md5(id::text) LIMIT 60
            """, institute);
        var matching = await List<Guid>("""
            SELECT id FROM partnership_requests WHERE lead_organization_code = $1 AND status IN ('Matching','PartnersProposed')
            ORDER BY md5(id::text) LIMIT 60
            """, institute);
        var companyRequests = await List<Guid>("""
            SELECT id FROM partnership_requests WHERE company_id = $1 AND status <> 'Draft' ORDER BY md5(id::text) LIMIT 60
            """, company);
        var partners = await List<Guid>("SELECT id FROM overseas_partners WHERE is_active ORDER BY md5(id::text) LIMIT 60");
        var sector = await Scalar<string>($"""
            SELECT sector_code FROM partnership_requests WHERE lead_organization_code = $1 AND status IN {OpenStatuses} AND sector_code IS NOT NULL
            GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1
            """, institute);
        var technology = await Scalar<string>($"""
            SELECT t FROM partnership_requests, unnest(technology_codes) t WHERE lead_organization_code = $1 AND status IN {OpenStatuses}
            GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1
            """, institute);
        var country = await Scalar<string>($"""
            SELECT c FROM partnership_requests, unnest(preferred_countries) c WHERE lead_organization_code = $1 AND status IN {OpenStatuses}
            GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1
            """, institute);
        var words = await List<string>("""
            SELECT w FROM (SELECT id, search_terms FROM overseas_partners ORDER BY md5(id::text) LIMIT 2000) p, unnest(p.search_terms) w
            WHERE length(w) >= 4 AND w ~ '^[a-z]+$' GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 8
            """);
        var partnerCountry = await Scalar<string>("SELECT country_code FROM overseas_partners GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1");
        var partnerTechnology = await Scalar<string>("""
            SELECT t FROM (SELECT technology_codes FROM overseas_partners ORDER BY md5(id::text) LIMIT 2000) p, unnest(p.technology_codes) t
            GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1
            """);
        var requestCount = await Scalar<long>("SELECT count(*) FROM partnership_requests");
        var partnerCount = await Scalar<long>("SELECT count(*) FROM overseas_partners");
        var matchCount = await Scalar<long>("SELECT count(*) FROM matches");
        var size = await Scalar<long>("SELECT pg_database_size(current_database())");
        var admin = await Scalar<string>("""
            SELECT u.email FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id
            WHERE r.name = 'ConsortiumAdmin' AND u.is_active AND u.email LIKE '%@bench.cnc.example' ORDER BY u.email LIMIT 1
            """);
        return new Samples(institute, coordinator, coordinatorId, sme, smeId, company, instituteRequests, matching, companyRequests, partners, sector, technology, country, words,
            partnerCountry, partnerTechnology, requestCount, partnerCount, matchCount, size, admin);
    }
}
