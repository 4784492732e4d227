namespace CarbonNeutralConsortium.Services.Admin;

/// <summary>
/// A technology code an admin deleted. The reference-data seeder (run by every <c>cnc seed</c> and <c>eng/run.sh</c>)
/// inserts the codes of the bundled taxonomy that are missing: it skips these, so a deletion stays deleted. Adding the
/// code again removes the mark.
/// </summary>
public sealed class DeletedTechnologyCode
{
    private DeletedTechnologyCode() { }

    public DeletedTechnologyCode(string code, DateTimeOffset deletedAt)
    {
        Code = code;
        DeletedAt = deletedAt;
    }

    public string Code { get; private set; } = "";

    public DateTimeOffset DeletedAt { get; private set; }
}
