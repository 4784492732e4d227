using System.Security.Cryptography;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Coordination;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Notifications;
using CarbonNeutralConsortium.Services.Requests;
using CarbonNeutralConsortium.Services.Tests.Support;
using CarbonNeutralConsortium.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CarbonNeutralConsortium.Services.Tests.Coordination.CoordinationTestData;

namespace CarbonNeutralConsortium.Services.Tests.Coordination;

public class CoordinationServiceTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private static Func<IServiceProvider, CoordinationService> Service => sp => sp.GetRequiredService<CoordinationService>();

    private static Task<CoordinatorRequestView?> ReviewAsync(IServiceProvider provider, Guid id, string organization) =>
        provider.InScopeAsync(sp => sp.GetRequiredService<CoordinatorRequestQueries>().GetAsync(id, organization, default));

    [Fact]
    public async Task Transferring_the_lead_moves_the_request_to_the_new_institute_with_history_audit_and_its_coordinators_told()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var member = await RequestFixtures.NewCompanyAsync(provider);
        var etriCoordinator = await NewCoordinatorAsync(provider, "ETRI", "en");
        var id = await TestRequests.CreateInStateAsync(provider, member.CompanyId, member.UserId, RequestStatus.InReview);
        var before = await LoadAsync(provider, id);

        var result = await provider.InScopeAsync(sp => Service(sp).TransferLeadAsync(id, Krict, "ETRI", "AI 공정 전환이 핵심이라 ETRI가 주관하는 것이 맞습니다.", before.Version, default));

        Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => e.Code)));
        var after = await LoadAsync(provider, id);
        Assert.Equal("ETRI", after.LeadOrganizationCode);
        Assert.Empty(after.Contributors); // ETRI contributed; as the lead it no longer does
        Assert.False(after.IsConvergence);
        Assert.Equal(RequestStatus.InReview, after.Status);
        var entry = after.History.OrderBy(h => h.At).Last();
        Assert.Equal((RequestEvent.LeadTransferred, "KRICT>ETRI", "KRICT"), (entry.Event!.Value, entry.EventDetail!, entry.ActorOrganizationCode!));
        Assert.Equal("AI 공정 전환이 핵심이라 ETRI가 주관하는 것이 맞습니다.", entry.Note);
        Assert.Contains("Request.LeadTransferred", await RequestFixtures.AuditActionsAsync(provider, id));

        Assert.NotNull(await ReviewAsync(provider, id, "ETRI"));
        Assert.Null(await ReviewAsync(provider, id, "KRICT"));
        var notification = Assert.Single(await RequestFixtures.NotificationsAsync(provider, etriCoordinator.Id));
        Assert.Equal((NotificationKind.InstituteLeadTransferred, id), (notification.Kind, notification.RequestId!.Value));
        var mail = Assert.Single(await RequestFixtures.MailsAsync(provider, etriCoordinator.Email, "Request.InstituteLeadTransferred"));
        Assert.Contains("Lead transferred", mail.Subject, StringComparison.Ordinal);
        Assert.Contains($"{TestServices.PublicBaseUrl}/Coordination/Request/{id}", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("코디 KRICT (KRICT)", mail.TextBody, StringComparison.Ordinal);

        // The company is not told (an assignment is between institutes) and never sees the note.
        Assert.Empty(await RequestFixtures.NotificationsAsync(provider, member.UserId));
        var smeView = await provider.InScopeAsync(sp => sp.GetRequiredService<RequestQueries>().GetDetailsAsync(id, member.CompanyId, default));
        Assert.All(smeView!.Timeline, t => Assert.DoesNotContain("ETRI가 주관", t.Note ?? "", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ETRI", "", "Note", "Request.NoteRequired")]
    [InlineData("ETRI", "system:Routing", "Note", "Request.NoteInvalid")]
    [InlineData("XYZ", "사유", "To", CoordinationCodes.InstituteUnknown)]
    [InlineData("KEIT", "사유", "To", CoordinationCodes.InstituteUnknown)]
    [InlineData("KRICT", "사유", "To", "Request.TransferTargetInvalid")]
    [InlineData("", "사유", "To", "Coordination.InstituteRequired")]
    public async Task A_bad_transfer_is_a_field_error_and_changes_nothing(string to, string note, string field, string code)
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var member = await RequestFixtures.NewCompanyAsync(provider);
        var id = await TestRequests.CreateInStateAsync(provider, member.CompanyId, member.UserId, RequestStatus.InReview);
        var before = await LoadAsync(provider, id);

        var result = await provider.InScopeAsync(sp => Service(sp).TransferLeadAsync(id, Krict, to, note, before.Version, default));

        var error = Assert.Single(result.Errors);
        Assert.Equal((field, code), (error.Field, error.Code));
        var after = await LoadAsync(provider, id);
        Assert.Equal(("KRICT", before.Version, before.History.Count), (after.LeadOrganizationCode!, after.Version, after.History.Count));
        Assert.DoesNotContain("Request.LeadTransferred", await RequestFixtures.AuditActionsAsync(provider, id));
    }

    [Fact]
    public async Task Only_the_lead_assigns_another_institute_gets_not_found_and_a_stale_form_is_a_conflict()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var member = await RequestFixtures.NewCompanyAsync(provider);
        var id = await TestRequests.CreateInStateAsync(provider, member.CompanyId, member.UserId, RequestStatus.Submitted);
        var before = await LoadAsync(provider, id);

        var byContributor = await provider.InScopeAsync(sp => Service(sp).TransferLeadAsync(id, Etri, "KIMM", "사유", null, default));
        var byOutsider = await provider.InScopeAsync(sp => Service(sp).AddContributorAsync(id, Kimm, "KIMM", null, null, default));
        var outsiderRemove = await provider.InScopeAsync(sp => Service(sp).RemoveContributorAsync(id, Kimm, "ETRI", null, null, default));
        var unknownRequest = await provider.InScopeAsync(sp => Service(sp).TransferLeadAsync(Guid.NewGuid(), Krict, "ETRI", "사유", null, default));
        await provider.InScopeAsync(sp => sp.GetRequiredService<RequestLifecycleService>().StartReviewAsync(id, Krict, null, default));
        var stale = await provider.InScopeAsync(sp => Service(sp).AddContributorAsync(id, Krict, "KIMM", null, before.Version, default));

        Assert.Equal("Request.OnlyLeadMayAssign", Assert.Single(byContributor.Errors).Code);
        Assert.True(byOutsider.IsNotFound());
        Assert.True(outsiderRemove.IsNotFound());
        Assert.True(unknownRequest.IsNotFound());
        Assert.Equal(RequestResultCodes.Conflict, Assert.Single(stale.Errors).Code);
        var after = await LoadAsync(provider, id);
        Assert.Equal(["ETRI"], after.Contributors.Select(c => c.OrganizationCode));
        Assert.Equal("KRICT", after.LeadOrganizationCode);
    }

    [Fact]
    public async Task Adding_and_removing_contributors_is_recorded_audited_told_and_sets_the_convergence_flag()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var member = await RequestFixtures.NewCompanyAsync(provider);
        var kimmCoordinator = await NewCoordinatorAsync(provider, "KIMM");
        var id = await TestRequests.CreateInStateAsync(provider, member.CompanyId, member.UserId, RequestStatus.InReview);

        var add = await provider.InScopeAsync(sp => Service(sp).AddContributorAsync(id, Krict, "KIMM", "수소 저장 설비 검토가 필요합니다.", null, default));
        var again = await provider.InScopeAsync(sp => Service(sp).AddContributorAsync(id, Krict, "KIMM", null, null, default));
        var removeEtri = await provider.InScopeAsync(sp => Service(sp).RemoveContributorAsync(id, Krict, "ETRI", null, null, default));
        var afterOne = await LoadAsync(provider, id);
        var removeKimm = await provider.InScopeAsync(sp => Service(sp).RemoveContributorAsync(id, Krict, "KIMM", "검토 완료", null, default));
        var removeMissing = await provider.InScopeAsync(sp => Service(sp).RemoveContributorAsync(id, Krict, "KIMM", null, null, default));

        Assert.True(add.Succeeded && removeEtri.Succeeded && removeKimm.Succeeded);
        Assert.Equal(("OrganizationCode", "Request.ContributorInvalid"), (Assert.Single(again.Errors).Field, again.Errors[0].Code));
        Assert.Equal("Request.ContributorInvalid", Assert.Single(removeMissing.Errors).Code);
        Assert.Equal(["KIMM"], afterOne.Contributors.Select(c => c.OrganizationCode));
        Assert.Equal(ContributorOrigin.Added, afterOne.Contributors.Single().Origin);
        Assert.True(afterOne.IsConvergence);
        var after = await LoadAsync(provider, id);
        Assert.Empty(after.Contributors);
        Assert.False(after.IsConvergence);
        var events = after.History.Where(h => h.Event is not null).OrderBy(h => h.At).Select(h => (h.Event!.Value, h.EventDetail, h.Note)).ToList();
        Assert.Equal(
            [(RequestEvent.ContributorAdded, "KIMM", "수소 저장 설비 검토가 필요합니다."), (RequestEvent.ContributorRemoved, "ETRI", null), (RequestEvent.ContributorRemoved, "KIMM", "검토 완료")],
            events);
        var audit = await RequestFixtures.AuditActionsAsync(provider, id);
        Assert.Equal(1, audit.Count(a => a == "Request.ContributorAdded"));
        Assert.Equal(2, audit.Count(a => a == "Request.ContributorRemoved"));
        Assert.Equal(NotificationKind.InstituteContributorAdded, Assert.Single(await RequestFixtures.NotificationsAsync(provider, kimmCoordinator.Id)).Kind);
        var mail = Assert.Single(await RequestFixtures.MailsAsync(provider, kimmCoordinator.Email, "Request.InstituteContributorAdded"));
        Assert.Contains("협력기관", mail.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_internal_note_is_kept_for_the_institutes_newest_first_and_never_reaches_the_company()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var member = await RequestFixtures.NewCompanyAsync(provider);
        var id = await TestRequests.CreateInStateAsync(provider, member.CompanyId, member.UserId, RequestStatus.InReview);
        const string Secret = "예산 규모가 작아 KIMM과 공동 지원을 검토할 것";

        var first = await provider.InScopeAsync(sp => Service(sp).AddInternalNoteAsync(id, Krict, "첫 메모", default));
        var second = await provider.InScopeAsync(sp => Service(sp).AddInternalNoteAsync(id, Etri, Secret, default));
        var empty = await provider.InScopeAsync(sp => Service(sp).AddInternalNoteAsync(id, Krict, "   ", default));
        var tooLong = await provider.InScopeAsync(sp => Service(sp).AddInternalNoteAsync(id, Krict, new string('가', RequestInternalNote.TextMaxLength + 1), default));
        var outsider = await provider.InScopeAsync(sp => Service(sp).AddInternalNoteAsync(id, Kimm, "남의 메모", default));

        Assert.True(first.Succeeded && second.Succeeded);
        Assert.Equal(("Text", "InternalNote.TextRequired"), (Assert.Single(empty.Errors).Field, empty.Errors[0].Code));
        Assert.Equal("InternalNote.TextTooLong", Assert.Single(tooLong.Errors).Code);
        Assert.True(outsider.IsNotFound());
        var notes = await provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().RequestInternalNotes.AsNoTracking().Where(n => n.RequestId == id).ToListAsync());
        Assert.Equal(2, notes.Count);
        Assert.Contains("Request.InternalNoteAdded", await RequestFixtures.AuditActionsAsync(provider, id));

        var review = await ReviewAsync(provider, id, "KRICT");
        Assert.Equal([Secret, "첫 메모"], review!.InternalNotes.Select(n => n.Text));
        Assert.Equal("ETRI", review.InternalNotes[0].Institute.Code);

        var smeView = await provider.InScopeAsync(sp => sp.GetRequiredService<RequestQueries>().GetDetailsAsync(id, member.CompanyId, default));
        Assert.DoesNotContain(Secret, System.Text.Json.JsonSerializer.Serialize(smeView), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_review_view_shows_the_confidential_details_and_contact_to_the_assigned_institutes_only()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var member = await RequestFixtures.NewCompanyAsync(provider);
        var id = await TestRequests.CreateInStateAsync(provider, member.CompanyId, member.UserId, RequestStatus.Submitted);
        await provider.InScopeAsync(sp => Service(sp).AddContributorAsync(id, Krict, "KIMM", "저장 설비 담당", null, default));

        var lead = await ReviewAsync(provider, id, "KRICT");
        var contributor = await ReviewAsync(provider, id, "ETRI");
        var other = await ReviewAsync(provider, id, "KATECH");

        Assert.Null(other);
        Assert.NotNull(lead);
        Assert.True(lead.IsLead);
        Assert.Equal("파일럿 설비 규모: 10 Nm3/h", lead.Request.ConfidentialDetails);
        Assert.Equal((100_000_000L, 300_000_000L), (lead.Request.BudgetMinKrw!.Value, lead.Request.BudgetMaxKrw!.Value));
        Assert.Equal("김담당", lead.Contact!.Name);
        Assert.EndsWith("@example.com", lead.Contact.Email, StringComparison.Ordinal);
        Assert.Equal("02-123-4567", lead.Contact.Phone);
        Assert.True(lead.Contact.TransferConsented && lead.Contact.MayShareAbroad);
        Assert.StartsWith("수요기업", lead.Company.NameKo, StringComparison.Ordinal);
        Assert.Equal(new ReviewActions(StartReview: true, AcceptIntoMatching: false, ReturnForInformation: false, Decline: true, Assign: true, Message: true, OpenMatching: false),
            lead.Actions);
        Assert.Equal(new[] { "ETRI", "KITECH", "KIMM", "KATECH", "KETI" }.Order(), lead.TransferTargets.Select(t => t.Code).Order());
        Assert.Equal(new[] { "KITECH", "KATECH", "KETI" }.Order(), lead.ContributorCandidates.Select(t => t.Code).Order());
        Assert.Equal("저장 설비 담당", lead.Request.Timeline[^1].Note); // the institutes see assignment notes
        Assert.Equal(["ETRI", "KIMM"], lead.Request.Contributors.Select(c => c.Institute.Code));
        Assert.Equal(ContributorOrigin.Suggested, lead.Request.Contributors[0].Origin);
        Assert.Equal(["DX.AI"], lead.Request.Contributors[0].Technologies.Select(t => t.Code));

        Assert.NotNull(contributor);
        Assert.False(contributor.IsLead);
        Assert.False(contributor.Actions.Assign);
        Assert.Empty(contributor.TransferTargets);
        Assert.True(contributor.Actions.StartReview);
    }

    [Fact]
    public async Task A_coordinator_downloads_attachments_of_assigned_requests_only()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var member = await RequestFixtures.NewCompanyAsync(provider);
        var id = await TestRequests.CreateInStateAsync(provider, member.CompanyId, member.UserId, RequestStatus.Submitted);
        var bytes = "%PDF-1.4 test"u8.ToArray();
        var attachmentId = await provider.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            var attachment = RequestAttachment.Create(id, null, "공정도.pdf", bytes.Length, AttachmentKind.Pdf, Convert.ToHexStringLower(SHA256.HashData(bytes)), 0,
                RequestFixtures.ActorOf(member), TimeProvider.System);
            db.RequestAttachments.Add(attachment);
            db.AttachmentContents.Add(new AttachmentContent(attachment.Id, bytes));
            await db.SaveChangesAsync();
            return attachment.Id;
        });

        var lead = await provider.InScopeAsync(sp => Service(sp).GetAttachmentAsync(attachmentId, Krict, default));
        var contributor = await provider.InScopeAsync(sp => Service(sp).GetAttachmentAsync(attachmentId, Etri, default));
        var other = await provider.InScopeAsync(sp => Service(sp).GetAttachmentAsync(attachmentId, Kimm, default));
        var company = await provider.InScopeAsync(sp => Service(sp).GetAttachmentAsync(attachmentId, RequestFixtures.ActorOf(member) with { OrganizationCode = "KRICT" }, default));

        Assert.Equal(("공정도.pdf", "application/pdf"), (lead!.FileName, lead.ContentType));
        Assert.Equal(bytes, lead.Data);
        Assert.NotNull(contributor);
        Assert.Null(other);
        Assert.Null(company);
    }

    [Fact]
    public async Task Submitting_and_resubmitting_tell_the_coordinators_of_the_lead_and_contributing_institutes()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var member = await RequestFixtures.NewCompanyAsync(provider);
        var krict = await NewCoordinatorAsync(provider, "KRICT");
        var etri = await NewCoordinatorAsync(provider, "ETRI", "en");
        var kimm = await NewCoordinatorAsync(provider, "KIMM");
        var id = await TestRequests.CreateCompleteDraftAsync(provider, member.CompanyId, member.UserId);
        var draft = await LoadAsync(provider, id);

        var submitted = await provider.InScopeAsync(sp => sp.GetRequiredService<RequestSubmissionService>().SubmitAsync(id, member.CompanyId, draft.Version, RequestFixtures.ActorOf(member)));
        Assert.True(submitted.Succeeded, string.Join(", ", submitted.Errors.Select(e => e.Code)));

        Assert.Equal(NotificationKind.InstituteRequestSubmitted, Assert.Single(await RequestFixtures.NotificationsAsync(provider, krict.Id)).Kind);
        Assert.Equal(NotificationKind.InstituteRequestSubmitted, Assert.Single(await RequestFixtures.NotificationsAsync(provider, etri.Id)).Kind);
        Assert.Empty(await RequestFixtures.NotificationsAsync(provider, kimm.Id));
        var krictMail = Assert.Single(await RequestFixtures.MailsAsync(provider, krict.Email, "Request.InstituteRequestSubmitted"));
        Assert.Contains("주관기관", krictMail.TextBody, StringComparison.Ordinal);
        Assert.Contains($"/Coordination/Request/{id}", krictMail.TextBody, StringComparison.Ordinal);
        var etriMail = Assert.Single(await RequestFixtures.MailsAsync(provider, etri.Email, "Request.InstituteRequestSubmitted"));
        Assert.Contains("contributing institute", etriMail.TextBody, StringComparison.Ordinal);
        Assert.Contains(submitted.Value!.ReferenceNumber, etriMail.Subject, StringComparison.Ordinal);

        // Returned for information and submitted again.
        await provider.InScopeAsync(sp => sp.GetRequiredService<RequestLifecycleService>().StartReviewAsync(id, Krict, null, default));
        await provider.InScopeAsync(sp => sp.GetRequiredService<RequestLifecycleService>().ReturnForInformationAsync(id, Krict, "처리 용량을 알려 주세요.", null, default));
        var returned = await LoadAsync(provider, id);
        var again = await provider.InScopeAsync(sp => sp.GetRequiredService<RequestSubmissionService>().SubmitAsync(id, member.CompanyId, returned.Version, RequestFixtures.ActorOf(member)));
        Assert.True(again.Succeeded);
        Assert.Equal([NotificationKind.InstituteRequestSubmitted, NotificationKind.InstituteRequestResubmitted],
            (await RequestFixtures.NotificationsAsync(provider, krict.Id)).Select(n => n.Kind));
        Assert.Single(await RequestFixtures.MailsAsync(provider, krict.Email, "Request.InstituteRequestResubmitted"));
    }
}
