using CarbonNeutralConsortium.Services.Data;
using Microsoft.EntityFrameworkCore;

namespace CarbonNeutralConsortium.Services.Admin;

public sealed record UserRow(Guid Id, string DisplayName, string Email, string? Role, string? OrganizationCode, string? CompanyNameKo, DateTimeOffset CreatedAt, bool IsActive);

public sealed record UserPage(IReadOnlyList<UserRow> Rows, int Total, int Page, int PageSize)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>The user list's filters: role, organization (institute or agency), active or not, part of a name or e-mail address.</summary>
public sealed record UserFilter(string? Role = null, string? Organization = null, bool? Active = null, string? Query = null);

public sealed class UserQueries(ConsortiumDbContext db)
{
    public const int PageSize = 25;

    /// <summary>Users, newest first, optionally of one role; one page (two queries: count and page).</summary>
    public Task<UserPage> ListAsync(string? role, int page, CancellationToken cancellationToken = default) =>
        ListAsync(new UserFilter(role), page, null, cancellationToken);

    /// <summary>Users matching the filter, newest first; one page of <paramref name="take"/> (default <see cref="PageSize"/>).</summary>
    public async Task<UserPage> ListAsync(UserFilter filter, int page, int? take, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var role = filter.Role;
        var size = take ?? PageSize;
        page = Math.Max(1, page);
        var users =
            from u in db.Users.AsNoTracking()
            join ur in db.UserRoles.AsNoTracking() on u.Id equals ur.UserId into userRoles
            from ur in userRoles.DefaultIfEmpty()
            join r in db.Roles.AsNoTracking() on ur.RoleId equals r.Id into roles
            from r in roles.DefaultIfEmpty()
            join c in db.Companies.AsNoTracking() on u.CompanyId equals c.Id into companies
            from c in companies.DefaultIfEmpty()
            select new { u, RoleName = r != null ? r.Name : null, CompanyNameKo = c != null ? c.NameKo : null };
        if (!string.IsNullOrEmpty(role))
        {
            users = users.Where(x => x.RoleName == role);
        }

        if (!string.IsNullOrEmpty(filter.Organization))
        {
            users = users.Where(x => x.u.OrganizationCode == filter.Organization);
        }

        if (filter.Active is { } active)
        {
            users = users.Where(x => x.u.IsActive == active);
        }

        if (!string.IsNullOrWhiteSpace(filter.Query))
        {
            var pattern = "%" + filter.Query.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
                .Replace("_", "\\_", StringComparison.Ordinal) + "%";
            users = users.Where(x => EF.Functions.ILike(x.u.DisplayName, pattern) || EF.Functions.ILike(x.u.Email!, pattern));
        }

        var total = await users.CountAsync(cancellationToken);
        page = Math.Min(page, Math.Max(1, (total + size - 1) / size));
        var rows = await users
            .OrderByDescending(x => x.u.CreatedAt).ThenBy(x => x.u.Id)
            .Skip((page - 1) * size).Take(size)
            .Select(x => new UserRow(x.u.Id, x.u.DisplayName, x.u.Email ?? "", x.RoleName, x.u.OrganizationCode, x.CompanyNameKo, x.u.CreatedAt, x.u.IsActive))
            .ToListAsync(cancellationToken);
        return new UserPage(rows, total, page, size);
    }
}
