using System.Net;

namespace CarbonNeutralConsortium.Benchmarks.Harness;

/// <summary>The hot operations of QUALITY.md, as the users who do them ask for them.</summary>
public static class HotOperations
{
    public const string Queue = "queue";
    public const string CoordinatorRequest = "coordinator-request";
    public const string Workbench = "workbench";
    public const string Ranking = "ranking";
    public const string SmeList = "sme-requests";
    public const string SmeRequest = "sme-request";
    public const string PartnerSearch = "partner-search";
    public const string PartnerPage = "partner-page";
    public const string Dashboard = "dashboard";

    public static IReadOnlyList<Operation> For(Samples s)
    {
        static string E(string value) => WebUtility.UrlEncode(value);
        var words = s.PartnerWords.Count > 0 ? s.PartnerWords : ["energy"];
        return
        [
            new(Queue, "Coordinator queue, filtered and paged", "coordinator",
            [
                "/Coordination", "/Coordination?status=Submitted", $"/Coordination?sector={E(s.QueueSector)}", $"/Coordination?tech={E(s.QueueTechnology)}",
                $"/Coordination?country={E(s.QueueCountry)}", "/Coordination?age=5", "/Coordination?role=Lead", "/Coordination?p=2",
                $"/Coordination?status=Matching&tech={E(s.QueueTechnology)}", "/Coordination?p=20", "/Coordination?role=Contributor",
                $"/Coordination?sector={E(s.QueueSector)}&age=10", "/Coordination?status=Closed", "/Coordination?status=Withdrawn&role=Contributor",
            ]),
            new(CoordinatorRequest, "Request page (coordinator review)", "coordinator", [.. s.InstituteRequests.Select(id => $"/Coordination/Request/{id}")]),
            new(Ranking, "Ranking one request, top 20 (API, retrieval included)", "coordinator",
                [.. s.MatchingRequests.Select(id => $"/api/v1/requests/{id}/matches?top=20")]),
            new(Workbench, "Matching workbench page", "coordinator", [.. s.MatchingRequests.Select(id => $"/Coordination/Matching/{id}")]),
            new(SmeList, "SME request list", "sme",
            [
                "/Requests", "/Requests?status=Closed", "/Requests?p=2", "/Requests?status=Submitted", $"/Requests?q={E("탄소")}", "/Requests?p=3",
            ]),
            new(SmeRequest, "Request page (SME)", "sme", [.. s.CompanyRequests.Select(id => $"/Requests/Details/{id}")]),
            new(PartnerSearch, "Partner search", "coordinator",
            [
                $"/Partners?q={E(words[0])}", $"/Partners?country={E(s.PartnerCountry)}", $"/Partners?tech={E(s.PartnerTechnology)}",
                $"/Partners?q={E(words[Math.Min(1, words.Count - 1)])}&country={E(s.PartnerCountry)}", "/Partners", "/Partners?p=5",
                $"/Partners?institute={E(s.InstituteCode)}", $"/Partners?q={E(words[Math.Min(2, words.Count - 1)])}",
            ]),
            new(PartnerPage, "Partner page (with reverse matching)", "coordinator", [.. s.Partners.Select(id => $"/Partners/Details/{id}")]),
            new(Dashboard, "Admin dashboard, all widgets (period, sector, institute filters)", "admin",
            [
                "/Reports", $"/Reports?sector={E(s.QueueSector)}", $"/Reports?institute={E(s.InstituteCode)}", "/Reports?from=2022-01&to=2026-12",
                $"/Reports?from=2025-01&to=2025-12&sector={E(s.QueueSector)}&institute={E(s.InstituteCode)}", "/Reports?from=2026-06&to=2026-06",
            ]),
        ];
    }

    /// <summary>The pages loaded with wrk, each next to its reference render (the keys of <see cref="ReferenceQueries"/>).</summary>
    public static IReadOnlyList<(string Key, string Name, string Role, string Url)> LoadTargets(Samples s) =>
    [
        (Queue, "Coordinator queue", "coordinator", "/Coordination"),
        (CoordinatorRequest, "Request page (coordinator)", "coordinator", $"/Coordination/Request/{s.InstituteRequests[0]}"),
        (SmeList, "SME request list", "sme", "/Requests"),
        (PartnerSearch, "Partner search", "coordinator", $"/Partners?q={WebUtility.UrlEncode(s.PartnerWords.Count > 0 ? s.PartnerWords[0] : "energy")}"),
    ];
}
