using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Matches;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Matches;
using CarbonNeutralConsortium.Services.Notifications;
using CarbonNeutralConsortium.Services.Requests;
using CarbonNeutralConsortium.Services.Tests.Support;
using CarbonNeutralConsortium.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Services.Tests;

public class MatchResponseServiceTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private static readonly Actor Lead = new(null, "코디 KRICT", ActorSide.Institute, "KRICT");

    [Fact]
    public async Task Accepting_the_first_proposal_connects_the_request()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var (member, id, matches) = await WithProposalsAsync(provider, 2);

        var result = await Service(provider, (s, m) => s.AcceptAsync(id, matches[0].Id, m.CompanyId, RequestFixtures.ActorOf(m), matches[0].Version, default), member);

        Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => e.Code)));
        Assert.Equal(RequestStatus.Connected, (await RequestFixtures.LoadAsync(provider, id)).Status);
        Assert.Equal([MatchStatus.AcceptedBySme, MatchStatus.Proposed], (await MatchesAsync(provider, id)).Select(m => m.Status));
        Assert.Equal("Connected", (await RequestFixtures.NotificationsAsync(provider, member.UserId)).Last().Status);
        Assert.Contains("Request.Connected", await RequestFixtures.AuditActionsAsync(provider, id));
        Assert.Contains("Match.Accepted", await AuditActionsAsync(provider, matches[0].Id));

        // A second acceptance keeps the request connected.
        var second = await Service(provider, (s, m) => s.AcceptAsync(id, matches[1].Id, m.CompanyId, RequestFixtures.ActorOf(m), matches[1].Version, default), member);
        Assert.True(second.Succeeded);
        Assert.Equal(RequestStatus.Connected, (await RequestFixtures.LoadAsync(provider, id)).Status);
    }

    [Fact]
    public async Task Declining_every_proposal_sends_the_request_back_to_matching()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var (member, id, matches) = await WithProposalsAsync(provider, 2);

        var first = await Service(provider, (s, m) => s.DeclineAsync(id, matches[0].Id, m.CompanyId, RequestFixtures.ActorOf(m), SmeDeclineReason.CountryNotSuitable, null, matches[0].Version, default), member);
        Assert.True(first.Succeeded);
        Assert.Equal(RequestStatus.PartnersProposed, (await RequestFixtures.LoadAsync(provider, id)).Status);

        var second = await Service(provider, (s, m) => s.DeclineAsync(id, matches[1].Id, m.CompanyId, RequestFixtures.ActorOf(m), SmeDeclineReason.Other, "이미 자체 개발 중", matches[1].Version, default), member);

        Assert.True(second.Succeeded);
        var request = await RequestFixtures.LoadAsync(provider, id);
        Assert.Equal(RequestStatus.Matching, request.Status);
        Assert.Equal((RequestStatus.PartnersProposed, RequestStatus.Matching), (request.History.OrderBy(h => h.At).Last().From!.Value, request.History.OrderBy(h => h.At).Last().To));
        var declined = (await MatchesAsync(provider, id)).Single(m => m.Id == matches[1].Id);
        Assert.Equal((SmeDeclineReason.Other, "이미 자체 개발 중"), (declined.SmeDeclineReason!.Value, declined.DeclineComment!));
        Assert.Contains("Request.ReturnedToMatching", await RequestFixtures.AuditActionsAsync(provider, id));
    }

    [Fact]
    public async Task Declining_with_other_and_no_text_is_a_field_error_and_changes_nothing()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var (member, id, matches) = await WithProposalsAsync(provider, 1);

        var result = await Service(provider, (s, m) => s.DeclineAsync(id, matches[0].Id, m.CompanyId, RequestFixtures.ActorOf(m), SmeDeclineReason.Other, "  ", matches[0].Version, default), member);

        Assert.Equal(("Comment", "Match.DeclineCommentRequired"), (Assert.Single(result.Errors).Field, result.Errors[0].Code));
        Assert.Equal(MatchStatus.Proposed, (await MatchesAsync(provider, id))[0].Status);
        Assert.Equal(RequestStatus.PartnersProposed, (await RequestFixtures.LoadAsync(provider, id)).Status);
    }

    [Fact]
    public async Task An_answer_on_a_stale_page_is_a_conflict_and_another_company_gets_not_found()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var (member, id, matches) = await WithProposalsAsync(provider, 1);
        var other = await RequestFixtures.NewCompanyAsync(provider);

        var foreign = await Service(provider, (s, m) => s.AcceptAsync(id, matches[0].Id, m.CompanyId, RequestFixtures.ActorOf(m), matches[0].Version, default), other);
        var stale = await Service(provider, (s, m) => s.AcceptAsync(id, matches[0].Id, m.CompanyId, RequestFixtures.ActorOf(m), matches[0].Version + 7, default), member);
        var wrongRequest = await Service(provider, (s, m) => s.AcceptAsync(Guid.NewGuid(), matches[0].Id, m.CompanyId, RequestFixtures.ActorOf(m), matches[0].Version, default), member);

        Assert.True(foreign.IsNotFound());
        Assert.Equal(RequestResultCodes.Conflict, Assert.Single(stale.Errors).Code);
        Assert.True(wrongRequest.IsNotFound());
        Assert.Equal(MatchStatus.Proposed, (await MatchesAsync(provider, id))[0].Status);
    }

    [Fact]
    public async Task Accepting_twice_with_the_same_version_accepts_once_and_is_no_conflict()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var (member, id, matches) = await WithProposalsAsync(provider, 1);

        var first = await Service(provider, (s, m) => s.AcceptAsync(id, matches[0].Id, m.CompanyId, RequestFixtures.ActorOf(m), matches[0].Version, default), member);
        var second = await Service(provider, (s, m) => s.AcceptAsync(id, matches[0].Id, m.CompanyId, RequestFixtures.ActorOf(m), matches[0].Version, default), member);

        Assert.True(first.Succeeded);
        Assert.True(second.Succeeded, string.Join(", ", second.Errors.Select(e => e.Code)));
        Assert.Equal(first.Value, second.Value);
        var request = await RequestFixtures.LoadAsync(provider, id);
        Assert.Single(request.History, h => h.To == RequestStatus.Connected);
        Assert.Single(await AuditActionsAsync(provider, matches[0].Id), a => a == "Match.Accepted");
        Assert.Single(await RequestFixtures.NotificationsAsync(provider, member.UserId), n => n.Status == "Connected");
    }

    [Fact]
    public async Task Declining_twice_with_the_same_version_declines_once_and_is_no_conflict()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var (member, id, matches) = await WithProposalsAsync(provider, 1);

        var results = new List<Common.ServiceResult<uint>>();
        for (var i = 0; i < 2; i++)
        {
            results.Add(await Service(provider, (s, m) => s.DeclineAsync(id, matches[0].Id, m.CompanyId, RequestFixtures.ActorOf(m), SmeDeclineReason.CountryNotSuitable, null,
                matches[0].Version, default), member));
        }

        Assert.All(results, r => Assert.True(r.Succeeded, string.Join(", ", r.Errors.Select(e => e.Code))));
        var request = await RequestFixtures.LoadAsync(provider, id);
        Assert.Equal(RequestStatus.Matching, request.Status);
        Assert.Single(request.History, h => h.To == RequestStatus.Matching && h.From == RequestStatus.PartnersProposed);
        Assert.Single(await AuditActionsAsync(provider, matches[0].Id), a => a == "Match.Declined");
    }

    [Fact]
    public async Task A_meeting_then_an_agreement_closes_the_request_with_the_agreement_outcome()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var (member, id, matches) = await WithProposalsAsync(provider, 2);
        var accepted = await Service(provider, (s, m) => s.AcceptAsync(id, matches[0].Id, m.CompanyId, RequestFixtures.ActorOf(m), matches[0].Version, default), member);
        var today = KoreaTime.Today(TimeProvider.System);

        var missingDate = await Service(provider, (s, m) => s.ReportOutcomeAsync(id, matches[0].Id, m.CompanyId, RequestFixtures.ActorOf(m),
            new MatchOutcomeInput(MatchOutcomeKind.Meeting, null, null, null, null), accepted.Value, default), member);
        var future = await Service(provider, (s, m) => s.ReportOutcomeAsync(id, matches[0].Id, m.CompanyId, RequestFixtures.ActorOf(m),
            new MatchOutcomeInput(MatchOutcomeKind.Meeting, today.AddDays(3), null, null, null), accepted.Value, default), member);
        var meeting = await Service(provider, (s, m) => s.ReportOutcomeAsync(id, matches[0].Id, m.CompanyId, RequestFixtures.ActorOf(m),
            new MatchOutcomeInput(MatchOutcomeKind.Meeting, today, null, null, null), accepted.Value, default), member);
        var noKind = await Service(provider, (s, m) => s.ReportOutcomeAsync(id, matches[0].Id, m.CompanyId, RequestFixtures.ActorOf(m),
            new MatchOutcomeInput(MatchOutcomeKind.Agreement, null, null, null, null), meeting.Value, default), member);
        var agreement = await Service(provider, (s, m) => s.ReportOutcomeAsync(id, matches[0].Id, m.CompanyId, RequestFixtures.ActorOf(m),
            new MatchOutcomeInput(MatchOutcomeKind.Agreement, null, AgreementKind.Mou, null, "MOU 체결"), meeting.Value, default), member);

        Assert.Equal(("MeetingDate", "Match.MeetingDateRequired"), (missingDate.Errors[0].Field, missingDate.Errors[0].Code));
        Assert.Equal(("MeetingDate", "Match.MeetingDateOutOfRange"), (future.Errors[0].Field, future.Errors[0].Code));
        Assert.True(meeting.Succeeded);
        Assert.Equal(("AgreementKind", "Match.AgreementKindRequired"), (noKind.Errors[0].Field, noKind.Errors[0].Code));
        Assert.True(agreement.Succeeded, string.Join(", ", agreement.Errors.Select(e => e.Code)));
        var request = await RequestFixtures.LoadAsync(provider, id);
        Assert.Equal((RequestStatus.Closed, RequestOutcome.Agreement), (request.Status, request.Outcome!.Value));
        var match = (await MatchesAsync(provider, id)).Single(m => m.Id == matches[0].Id);
        Assert.Equal((MatchStatus.Agreement, AgreementKind.Mou, today), (match.Status, match.AgreementKind!.Value, match.MeetingHeldOn!.Value));
        Assert.Equal("Closed", (await RequestFixtures.NotificationsAsync(provider, member.UserId)).Last().Status);
    }

    [Fact]
    public async Task No_deal_closes_the_request_once_no_proposal_is_pending_and_every_accepted_partner_ended_without_a_deal()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var (member, id, matches) = await WithProposalsAsync(provider, 2);
        var accepted = await Service(provider, (s, m) => s.AcceptAsync(id, matches[0].Id, m.CompanyId, RequestFixtures.ActorOf(m), matches[0].Version, default), member);

        var otherReason = await Service(provider, (s, m) => s.ReportOutcomeAsync(id, matches[0].Id, m.CompanyId, RequestFixtures.ActorOf(m),
            new MatchOutcomeInput(MatchOutcomeKind.NoDeal, null, null, NoDealReason.Other, null), accepted.Value, default), member);
        var noDeal = await Service(provider, (s, m) => s.ReportOutcomeAsync(id, matches[0].Id, m.CompanyId, RequestFixtures.ActorOf(m),
            new MatchOutcomeInput(MatchOutcomeKind.NoDeal, null, null, NoDealReason.CommercialTerms, null), accepted.Value, default), member);

        Assert.Equal(("Comment", "Match.NoDealCommentRequired"), (otherReason.Errors[0].Field, otherReason.Errors[0].Code));
        Assert.True(noDeal.Succeeded);
        Assert.Equal(RequestStatus.Connected, (await RequestFixtures.LoadAsync(provider, id)).Status); // the second proposal is still pending

        var declined = await Service(provider, (s, m) => s.DeclineAsync(id, matches[1].Id, m.CompanyId, RequestFixtures.ActorOf(m), SmeDeclineReason.TimingNotRight, null, matches[1].Version, default), member);

        Assert.True(declined.Succeeded);
        var request = await RequestFixtures.LoadAsync(provider, id);
        Assert.Equal((RequestStatus.Closed, RequestOutcome.NoDeal), (request.Status, request.Outcome!.Value));
        Assert.Contains("Request.Closed", await RequestFixtures.AuditActionsAsync(provider, id));
    }

    private static async Task<(RequestFixtures.Member Member, Guid RequestId, List<Match> Matches)> WithProposalsAsync(IServiceProvider provider, int count)
    {
        var member = await RequestFixtures.NewCompanyAsync(provider);
        var id = await TestRequests.CreateInStateAsync(provider, member.CompanyId, member.UserId, RequestStatus.PartnersProposed);
        if (count > 1)
        {
            var proposals = new List<PartnerProposal>();
            for (var i = 1; i < count; i++)
            {
                proposals.Add(RequestFixtures.Proposal(await RequestFixtures.NewPartnerAsync(provider), 60 - i));
            }

            var result = await provider.InScopeAsync(sp => sp.GetRequiredService<RequestLifecycleService>().ProposePartnersAsync(id, Lead, proposals, null, default));
            Assert.True(result.Succeeded);
        }

        return (member, id, await MatchesAsync(provider, id));
    }

    private static Task<List<Match>> MatchesAsync(IServiceProvider provider, Guid requestId) =>
        provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Matches.AsNoTracking().Where(m => m.RequestId == requestId)
            .OrderByDescending(m => m.Score).ToListAsync());

    private static Task<List<string>> AuditActionsAsync(IServiceProvider provider, Guid entityId) =>
        RequestFixtures.AuditActionsAsync(provider, entityId);

    private static Task<Common.ServiceResult<uint>> Service(IServiceProvider provider, Func<MatchResponseService, RequestFixtures.Member, Task<Common.ServiceResult<uint>>> call,
        RequestFixtures.Member member) =>
        provider.InScopeAsync(sp => call(sp.GetRequiredService<MatchResponseService>(), member));
}
