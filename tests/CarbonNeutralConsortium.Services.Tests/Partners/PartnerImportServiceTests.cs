using System.Globalization;
using System.Text;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Partners;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Partners;
using CarbonNeutralConsortium.Services.Tests.Support;
using CarbonNeutralConsortium.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Services.Tests.Partners;

public sealed class PartnerImportServiceTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private static Task<ImportPreview> PreviewAsync(IServiceProvider provider, byte[] file, Actor actor) =>
        provider.InScopeAsync(async sp =>
        {
            var result = await sp.GetRequiredService<PartnerImportService>().PreviewAsync(file, "partners.csv", actor, default);
            Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => e.Code)));
            return result.Value!;
        });

    private static Task<Common.ServiceResult<ImportOutcome>> ApplyAsync(IServiceProvider provider, Guid uploadId, bool skipBadRows, Actor actor) =>
        provider.InScopeAsync(sp => sp.GetRequiredService<PartnerImportService>().ApplyAsync(uploadId, skipBadRows, actor, default));

    private static Task<List<OverseasPartner>> PartnersAsync(IServiceProvider provider, string prefix) =>
        provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().OverseasPartners.AsNoTracking()
            .Where(p => p.ExternalId.StartsWith(prefix)).OrderBy(p => p.ExternalId).ToListAsync());

    [Fact]
    public async Task The_preview_counts_adds_changes_unchanged_and_bad_rows_and_lists_changed_fields()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var prefix = PartnerTestData.NewPrefix();
        var krict = PartnerTestData.Coordinator("KRICT");
        await PartnerTestData.AddAsync(provider, "KRICT", PartnerTestData.Data(prefix + "same"), PartnerTestData.Data(prefix + "changed"));
        var file = PartnerTestData.Csv([
            PartnerTestData.Data(prefix + "same"),
            PartnerTestData.Data(prefix + "changed") with { Name = "Renamed", TrlMax = 9 },
            PartnerTestData.Data(prefix + "new", "New Partner"),
            PartnerTestData.Data(prefix + "bad") with { CountryCode = "ZZ" },
        ]);

        var preview = await PreviewAsync(provider, file, krict);

        Assert.Equal((4, 1, 1, 1, 1), (preview.RecordCount, preview.Adds, preview.Changes, preview.Unchanged, preview.BadRows));
        var change = Assert.Single(preview.Rows, r => r.Kind == ImportRowKind.Change);
        Assert.Equal(3, change.Row);
        Assert.Equal([("name", "University of Calgary", "Renamed"), ("trl_max", "7", "9")], change.Changes.Select(c => (c.Column, c.Old, c.New)));
        Assert.Equal((4, prefix + "new"), Assert.Single(preview.Rows, r => r.Kind == ImportRowKind.Add) is var add ? (add.Row, add.ExternalId) : default);
        var error = Assert.Single(preview.Errors);
        Assert.Equal((5, "country", "Csv.UnknownCountry", "ZZ"), (error.Row, error.Column, error.Code, error.Value));
        Assert.Equal(64, preview.Sha256.Length);
        Assert.Equal("University of Calgary", Assert.Single(await PartnersAsync(provider, prefix + "changed")).Name);
        Assert.Empty(await PartnersAsync(provider, prefix + "new"));
    }

    [Fact]
    public async Task A_1000_row_file_with_3_bad_rows_reports_exactly_those_rows_and_changes_nothing()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var prefix = PartnerTestData.NewPrefix();
        var krict = PartnerTestData.Coordinator("KRICT");
        var file = PartnerTestData.GeneratedCsv(prefix, 1000, new Dictionary<int, (string, string)>
        {
            [100] = (PartnerCsv.Country, "XX"),
            [500] = (PartnerCsv.TrlMin, "12"),
            [900] = (PartnerCsv.TechnologyCodes, "CCUS"),
        });
        var partnersBefore = await provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().OverseasPartners.CountAsync());
        var auditBefore = await provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().AuditEntries.CountAsync());

        var preview = await PreviewAsync(provider, file, krict);
        var apply = await ApplyAsync(provider, preview.UploadId, skipBadRows: false, krict);

        Assert.Equal((1000, 997, 0, 3), (preview.RecordCount, preview.Adds, preview.Changes, preview.BadRows));
        Assert.Equal([(101, "country", "Csv.UnknownCountry"), (501, "trl_min", "Csv.TrlOutOfRange"), (901, "technology_codes", "Csv.UnknownTechnology")],
            preview.Errors.Select(e => (e.Row, e.Column, e.Code)));
        Assert.False(apply.Succeeded);
        var refusal = Assert.Single(apply.Errors);
        Assert.Equal(("Import.NothingApplied", 3), (refusal.Code, (int)refusal.Arguments[0]));
        Assert.Equal(partnersBefore, await provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().OverseasPartners.CountAsync()));
        Assert.Equal(auditBefore, await provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().AuditEntries.CountAsync()));
        Assert.Null(await provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().PartnerImportUploads.Where(u => u.Id == preview.UploadId)
            .Select(u => u.AppliedAt).SingleAsync()));

        // Told to skip bad rows, the same upload applies the other 997, owned by the uploader's institute, with one import audit row.
        var skipped = await ApplyAsync(provider, preview.UploadId, skipBadRows: true, krict);

        Assert.True(skipped.Succeeded, string.Join(", ", skipped.Errors.Select(e => e.Code)));
        Assert.Equal(new ImportOutcome(997, 0, 0, 3), skipped.Value);
        var stored = await PartnersAsync(provider, prefix);
        Assert.Equal(997, stored.Count);
        Assert.DoesNotContain(stored, p => p.ExternalId is var id && (id.EndsWith("00100", StringComparison.Ordinal) || id.EndsWith("00500", StringComparison.Ordinal)
            || id.EndsWith("00900", StringComparison.Ordinal)));
        Assert.All(stored, p => Assert.Equal("KRICT", p.OwnerOrganizationCode));
        Assert.Equal("Research group, \"quoted\", with a comma", stored[0].Description);
        var imported = await provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().AuditEntries.AsNoTracking()
            .SingleAsync(a => a.Action == "Partner.Imported" && a.EntityId == preview.UploadId.ToString()));
        Assert.Contains("added 997, changed 0", imported.Details, StringComparison.Ordinal);

        // The same file again: nothing to add or change.
        var again = await PreviewAsync(provider, file, krict);
        Assert.Equal((0, 0, 997, 3), (again.Adds, again.Changes, again.Unchanged, again.BadRows));
    }

    [Fact]
    public async Task Re_importing_an_existing_external_id_updates_the_partner_and_never_duplicates_it()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var prefix = PartnerTestData.NewPrefix();
        var krict = PartnerTestData.Coordinator("KRICT");
        var first = await PreviewAsync(provider, PartnerTestData.Csv([PartnerTestData.Data(prefix + "1")]), krict);
        Assert.True((await ApplyAsync(provider, first.UploadId, false, krict)).Succeeded);
        var original = Assert.Single(await PartnersAsync(provider, prefix));

        var second = await PreviewAsync(provider, PartnerTestData.Csv([PartnerTestData.Data(prefix + "1") with { Keywords = ["methane pyrolysis"], LinkedInstitutes = ["KRICT", "KIMM"] }]), krict);
        var outcome = await ApplyAsync(provider, second.UploadId, false, krict);

        Assert.Equal(new ImportOutcome(0, 1, 0, 0), outcome.Value);
        var updated = Assert.Single(await PartnersAsync(provider, prefix));
        Assert.Equal(original.Id, updated.Id);
        Assert.Equal(["methane pyrolysis"], updated.Keywords);
        Assert.Equal(["KRICT", "KIMM"], updated.LinkedInstitutes);
        Assert.Contains("pyrolysis", updated.SearchTerms);
    }

    [Fact]
    public async Task Applying_an_upload_twice_is_refused_and_only_its_uploader_may_apply_it()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var prefix = PartnerTestData.NewPrefix();
        var krict = PartnerTestData.Coordinator("KRICT");
        var preview = await PreviewAsync(provider, PartnerTestData.Csv([PartnerTestData.Data(prefix + "1")]), krict);

        var byColleague = await ApplyAsync(provider, preview.UploadId, false, PartnerTestData.Coordinator("KRICT"));
        var first = await ApplyAsync(provider, preview.UploadId, false, krict);
        var second = await ApplyAsync(provider, preview.UploadId, false, krict);

        Assert.True(byColleague.Has(PartnerResultCodes.NotFound));
        Assert.True(first.Succeeded);
        Assert.Equal("Import.AlreadyApplied", Assert.Single(second.Errors).Code);
        Assert.Single(await PartnersAsync(provider, prefix));
        Assert.NotNull((await provider.InScopeAsync(sp => sp.GetRequiredService<PartnerImportService>().GetPreviewAsync(preview.UploadId, krict, default)))!.AppliedAt);
    }

    [Fact]
    public async Task A_coordinator_may_not_change_another_institutes_partner_by_import_but_an_admin_may()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var prefix = PartnerTestData.NewPrefix();
        await PartnerTestData.AddAsync(provider, "KETI", PartnerTestData.Data(prefix + "keti"));
        var file = PartnerTestData.Csv([PartnerTestData.Data(prefix + "keti") with { Name = "Changed by KRICT" }, PartnerTestData.Data(prefix + "own")]);
        var krict = PartnerTestData.Coordinator("KRICT");

        var preview = await PreviewAsync(provider, file, krict);
        var unchangedCopy = await PreviewAsync(provider, PartnerTestData.Csv([PartnerTestData.Data(prefix + "keti")]), krict);
        var admin = PartnerTestData.Admin();
        var byAdmin = await PreviewAsync(provider, file, admin);

        var error = Assert.Single(preview.Errors);
        Assert.Equal((2, "external_id", PartnerImportService.OwnedByOtherInstitute, prefix + "keti"), (error.Row, error.Column, error.Code, error.Value));
        Assert.Equal((1, 0), (preview.Adds, preview.Changes));
        Assert.Empty(unchangedCopy.Errors);
        Assert.Empty(byAdmin.Errors);
        Assert.Equal((1, 1), (byAdmin.Adds, byAdmin.Changes));
        Assert.True((await ApplyAsync(provider, byAdmin.UploadId, false, admin)).Succeeded);
        var stored = await PartnersAsync(provider, prefix);
        Assert.Equal(("KETI", "Changed by KRICT"), (stored.Single(p => p.ExternalId == prefix + "keti").OwnerOrganizationCode, stored.Single(p => p.ExternalId == prefix + "keti").Name));
        Assert.Equal("KEIT", stored.Single(p => p.ExternalId == prefix + "own").OwnerOrganizationCode);
    }

    [Fact]
    public async Task An_exported_registry_imports_again_unchanged()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var prefix = PartnerTestData.NewPrefix();
        await PartnerTestData.AddAsync(provider, "KRICT",
            PartnerTestData.Data(prefix + "1", description: "여러 줄 설명,\r\n\"따옴표\" 포함"),
            PartnerTestData.Data(prefix + "2", "Plain", null, "US", "company", ["H2.PRODUCTION", "H2.STORAGE"], [], null, [], null, null));

        var csv = await provider.InScopeAsync(async sp =>
        {
            var queries = sp.GetRequiredService<PartnerQueries>();
            var reference = await queries.GetReferenceAsync(default);
            using var writer = new StringWriter(CultureInfo.InvariantCulture);
            var rows = new List<OverseasPartnerData>();
            await foreach (var batch in queries.ExportBatchesAsync(new PartnerListFilter(Status: PartnerStatusFilter.All), reference, default))
            {
                rows.AddRange(batch);
            }

            PartnerCsv.Write(writer, rows.Where(r => r.ExternalId.StartsWith(prefix, StringComparison.Ordinal)));
            return writer.ToString();
        });
        var preview = await PreviewAsync(provider, Encoding.UTF8.GetBytes(csv), PartnerTestData.Admin());

        Assert.Empty(preview.Errors);
        Assert.Equal((0, 0, 2), (preview.Adds, preview.Changes, preview.Unchanged));
    }

    [Fact]
    public async Task An_empty_or_oversized_file_is_a_field_error_and_nothing_is_stored()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var actor = PartnerTestData.Coordinator("KRICT");

        var empty = await provider.InScopeAsync(sp => sp.GetRequiredService<PartnerImportService>().PreviewAsync([], "a.csv", actor, default));
        var large = await provider.InScopeAsync(sp => sp.GetRequiredService<PartnerImportService>().PreviewAsync(new byte[PartnerImportUpload.MaxBytes + 1], "a.csv", actor, default));

        Assert.Equal((PartnerImportService.FileField, "Import.FileEmpty"), Assert.Single(empty.Errors) is var e ? (e.Field, e.Code) : default);
        Assert.Equal((PartnerImportService.FileField, "Import.FileTooLarge"), Assert.Single(large.Errors) is var l ? (l.Field, l.Code) : default);
        Assert.False(await provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().PartnerImportUploads.AnyAsync(u => u.UploadedByUserId == actor.UserId)));
    }
}
