using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Domain.Tests.Support;

namespace CarbonNeutralConsortium.Domain.Tests;

public class PartnershipRequestTests
{
    // 2026-11-24 23:30 KST (14:30 UTC): "today" is 2026-11-24 in Korea.
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 14, 30, 0, TimeSpan.Zero);
    private static readonly TimeProvider Clock = new FixedTimeProvider(Now);
    private static readonly DateOnly Today = new(2026, 11, 24);
    private static readonly Actor Sme = new(Guid.NewGuid(), "담당자", ActorSide.Company);
    private static readonly Actor Coordinator = new(null, "KRICT 코디네이터", ActorSide.Institute, "KRICT");
    private static readonly RoutingDecision Routing = new("KRICT", [new ContributorSuggestion("ETRI", ["DX.AI"])]);

    private static PartnershipRequest Draft() => PartnershipRequest.CreateDraft(Guid.NewGuid(), Guid.NewGuid(), "메탄 개질 촉매", Sme, Clock);

    private static PartnershipRequest Complete()
    {
        var request = Draft();
        request.SetNeed("메탄 개질 촉매", "요약", "technology_introduction", Clock);
        request.SetTechnology("PETROCHEMICAL", ["CCUS.METHANE", "DX.AI"], ["메탄"], 3, 6, Clock);
        request.SetPartner(["CA"], ["RU"], ["university"], Clock);
        request.SetTimeline(Today.AddMonths(1), 12, Today.AddMonths(6), 1_000, 2_000, Clock);
        request.SetConfidentiality("기밀", Guid.NewGuid(), false, Clock);
        return request;
    }

    private static string Code(Action action) => Assert.Throws<DomainException>(action).Code;

    [Fact]
    public void A_new_draft_records_its_creation_in_the_history_and_has_no_reference_number()
    {
        var request = Draft();

        Assert.Equal(RequestStatus.Draft, request.Status);
        Assert.Null(request.ReferenceNumber);
        Assert.Null(request.CompletedStep);
        var created = Assert.Single(request.History);
        Assert.Null(created.From);
        Assert.Equal(RequestStatus.Draft, created.To);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_title_is_required(string title) => Assert.Equal("Request.TitleRequired", Code(() => Draft().SetNeed(title, null, null, Clock)));

    [Fact]
    public void Need_step_limits_title_and_summary_and_trims()
    {
        var request = Draft();
        Assert.Equal("Request.TitleTooLong", Code(() => request.SetNeed(new string('가', 201), null, null, Clock)));
        Assert.Equal("Request.SummaryTooLong", Code(() => request.SetNeed("제목", new string('a', 2001), null, Clock)));

        request.SetNeed("  " + new string('가', 200) + " ", "  요약 ", " joint_research ", Clock);
        Assert.Equal(200, request.Title.Length);
        Assert.Equal("요약", request.PublicSummary);
        Assert.Equal("joint_research", request.CooperationTypeCode);
        Assert.Equal(RequestStep.Need, request.CompletedStep);
    }

    [Fact]
    public void Technology_step_checks_limits_and_trl()
    {
        var request = Draft();
        var eleven = Enumerable.Range(1, 11).Select(i => "A.B" + i).ToList();
        Assert.Equal("Request.TooManyTechnologyCodes", Code(() => request.SetTechnology("S", eleven, [], null, null, Clock)));
        Assert.Equal("Request.TooManyKeywords", Code(() => request.SetTechnology("S", [], Enumerable.Range(1, 21).Select(i => "k" + i), null, null, Clock)));
        Assert.Equal("Request.KeywordTooLong", Code(() => request.SetTechnology("S", [], [new string('k', 51)], null, null, Clock)));
        Assert.Equal("Request.TrlOutOfRange", Code(() => request.SetTechnology("S", [], [], 0, null, Clock)));
        Assert.Equal("Request.TrlOutOfRange", Code(() => request.SetTechnology("S", [], [], 1, 10, Clock)));
        Assert.Equal("Request.TrlTargetBelowCurrent", Code(() => request.SetTechnology("S", [], [], 5, 4, Clock)));
        Assert.Null(request.CompletedStep is RequestStep.Technology ? "saved" : null);

        request.SetTechnology("PETROCHEMICAL", ["CCUS.METHANE", "CCUS.METHANE", " "], ["메탄", "메탄", new string('k', 50)], 9, 9, Clock);
        Assert.Equal(["CCUS.METHANE"], request.TechnologyCodes);
        Assert.Equal(2, request.Keywords.Count);
        Assert.Equal(RequestStep.Technology, request.CompletedStep);
    }

    [Fact]
    public void A_country_cannot_be_both_preferred_and_excluded()
    {
        var request = Draft();
        Assert.Equal("Request.CountryPreferredAndExcluded", Code(() => request.SetPartner(["CA", "US"], ["US"], [], Clock)));
        Assert.Equal("Request.TooManyCountries", Code(() => request.SetPartner(Enumerable.Range(0, 51).Select(i => "C" + i), [], [], Clock)));
        Assert.Empty(request.PreferredCountries);

        request.SetPartner(["CA", "US"], ["RU"], ["university"], Clock);
        Assert.Equal(["CA", "US"], request.PreferredCountries);
        Assert.Equal(["RU"], request.ExcludedCountries);
    }

    [Fact]
    public void Timeline_dates_are_checked_against_today_in_korea()
    {
        var request = Draft();
        Assert.Equal("Request.DeadlineOutOfRange", Code(() => request.SetTimeline(null, null, Today.AddDays(-1), null, null, Clock)));
        Assert.Equal("Request.DeadlineOutOfRange", Code(() => request.SetTimeline(null, null, Today.AddYears(5).AddDays(1), null, null, Clock)));
        Assert.Equal("Request.DesiredStartOutOfRange", Code(() => request.SetTimeline(Today.AddDays(-1), null, null, null, null, Clock)));
        Assert.Equal("Request.DurationOutOfRange", Code(() => request.SetTimeline(null, 0, null, null, null, Clock)));
        Assert.Equal("Request.DurationOutOfRange", Code(() => request.SetTimeline(null, 121, null, null, null, Clock)));

        // Today and exactly five years ahead are allowed (today is already the 24th in Korea while it is the 24th 14:30 UTC).
        request.SetTimeline(Today, 120, Today.AddYears(5), null, null, Clock);
        Assert.Equal(Today.AddYears(5), request.Deadline);
    }

    [Fact]
    public void Budget_must_be_in_range_and_max_not_below_min()
    {
        var request = Draft();
        Assert.Equal("Request.BudgetOutOfRange", Code(() => request.SetTimeline(null, null, null, -1, null, Clock)));
        Assert.Equal("Request.BudgetOutOfRange", Code(() => request.SetTimeline(null, null, null, null, PartnershipRequest.MaxBudgetKrw + 1, Clock)));
        Assert.Equal("Request.BudgetMaxBelowMin", Code(() => request.SetTimeline(null, null, null, 200, 100, Clock)));

        request.SetTimeline(null, null, null, 0, PartnershipRequest.MaxBudgetKrw, Clock);
        Assert.Equal(PartnershipRequest.MaxBudgetKrw, request.BudgetMaxKrw);
    }

    [Fact]
    public void Confidential_details_are_limited_and_sharing_needs_a_contact()
    {
        var request = Draft();
        Assert.Equal("Request.DetailsTooLong", Code(() => request.SetConfidentiality(new string('a', 8001), null, false, Clock)));

        request.SetConfidentiality("기밀", null, true, Clock);
        Assert.False(request.ShareContactAbroad);
        var contact = Guid.NewGuid();
        request.SetConfidentiality("기밀", contact, true, Clock);
        Assert.True(request.ShareContactAbroad);
        Assert.Equal(contact, request.ContactPersonId);
    }

    [Fact]
    public void Missing_for_submission_names_the_step_of_every_missing_field()
    {
        var missing = Draft().MissingForSubmission();

        Assert.Equal(
            [(RequestStep.Need, "PublicSummary"), (RequestStep.Need, "CooperationTypeCode"), (RequestStep.Technology, "SectorCode"), (RequestStep.Technology, "TechnologyCodes"),
             (RequestStep.Technology, "TrlCurrent"), (RequestStep.Timeline, "Deadline"), (RequestStep.Confidentiality, "ContactPersonId")],
            missing);
        Assert.Empty(Complete().MissingForSubmission());
    }

    [Fact]
    public void An_incomplete_draft_cannot_be_submitted() =>
        Assert.Equal("Request.Incomplete", Code(() => Draft().Submit(Sme, Routing, "CNC-2026-000001", Clock)));

    [Fact]
    public void Submitting_routes_gives_the_reference_and_records_the_transition()
    {
        var request = Complete();

        request.Submit(Sme, Routing, "CNC-2026-000001", Clock);

        Assert.Equal(RequestStatus.Submitted, request.Status);
        Assert.Equal("CNC-2026-000001", request.ReferenceNumber);
        Assert.Equal("KRICT", request.LeadOrganizationCode);
        Assert.True(request.IsConvergence);
        var contributor = Assert.Single(request.Contributors);
        Assert.Equal(("ETRI", ContributorOrigin.Suggested), (contributor.OrganizationCode, contributor.Origin));
        Assert.Equal(["DX.AI"], contributor.TechnologyCodes);
        Assert.Equal(Now, request.FirstSubmittedAt);
        var last = request.History.Last();
        Assert.Equal((RequestStatus.Draft, RequestStatus.Submitted, "system:Routing"), (last.From!.Value, last.To, last.Note));
        Assert.False(request.Status.IsEditableByCompany());
        Assert.Equal("Request.NotEditable", Code(() => request.SetNeed("다른 제목", null, null, Clock)));
        Assert.Equal("Request.NotSubmittable", Code(() => request.Submit(Sme, Routing, "CNC-2026-000002", Clock)));
    }

    [Fact]
    public void Resubmitting_keeps_the_reference_and_added_contributors_and_recomputes_suggestions()
    {
        var request = Complete();
        request.Submit(Sme, Routing, "CNC-2026-000001", Clock);
        request.StartReview(Coordinator, Clock);
        request.ReturnForInformation(Coordinator, "용량을 알려 주세요.", Clock);
        Assert.True(request.Status.IsEditableByCompany());

        // The SME drops the AI code; routing now suggests another institute.
        request.SetTechnology("PETROCHEMICAL", ["CCUS.METHANE", "H2.STORAGE"], [], 3, 6, Clock);
        var later = new FixedTimeProvider(Now.AddDays(2));
        request.Submit(Sme, new RoutingDecision("KRICT", [new ContributorSuggestion("KIMM", ["H2.STORAGE"])]), "CNC-2026-000099", later);

        Assert.Equal(RequestStatus.Submitted, request.Status);
        Assert.Equal("CNC-2026-000001", request.ReferenceNumber);
        Assert.Equal("KIMM", Assert.Single(request.Contributors).OrganizationCode);
        Assert.Equal(Now, request.FirstSubmittedAt);
        Assert.Equal(Now.AddDays(2), request.SubmittedAt);
        var last = request.History.Last();
        Assert.Equal((RequestStatus.NeedsInformation, RequestStatus.Submitted, "system:Resubmitted"), (last.From!.Value, last.To, last.Note));
    }

    [Fact]
    public void Submitting_with_a_deadline_that_passed_meanwhile_is_refused()
    {
        var request = Complete();
        var afterDeadline = new FixedTimeProvider(Now.AddMonths(7));

        Assert.Equal("Request.DeadlineOutOfRange", Code(() => request.Submit(Sme, Routing, "CNC-2026-000001", afterDeadline)));
        Assert.Equal(RequestStatus.Draft, request.Status);
    }
}
