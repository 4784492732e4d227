using System.ComponentModel.DataAnnotations;
using CarbonNeutralConsortium.Domain.Matches;
using CarbonNeutralConsortium.Services.Matching;
using CarbonNeutralConsortium.Services.Requests;
using CarbonNeutralConsortium.Web.Authorization;
using CarbonNeutralConsortium.Web.Infrastructure;
using CarbonNeutralConsortium.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CarbonNeutralConsortium.Web.Pages.Coordination;

/// <summary>
/// The matching workbench of one request: every retrieved candidate ranked with its factor breakdown (paged), a
/// "why not" look-up of any partner by name, and the proposal of 1–5 partners to the company.
/// </summary>
public sealed class MatchingModel(MatchingService matching, IStringLocalizer<SharedResource> localizer) : PageModel
{
    public const int PageSize = 20;
    public const int LookupMaxLength = 100;

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    [BindProperty(SupportsGet = true, Name = "lookup")]
    public string? Lookup { get; set; }

    [BindProperty]
    public ProposeInput Input { get; set; } = new();

    public MatchingRun Run { get; private set; } = null!;

    public IReadOnlyList<RankedCandidate> Rows { get; private set; } = [];

    public IReadOnlyList<PartnerLookup>? LookupResults { get; private set; }

    public string? LookupError { get; private set; }

    public int PageCount => Math.Max(1, (Run.Ranked.Count + PageSize - 1) / PageSize);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostProposeAsync(Guid id, CancellationToken cancellationToken)
    {
        var selected = Input.Selected.Distinct().ToList();
        foreach (var (partnerId, note) in Input.Notes.Where(n => selected.Contains(n.Key)))
        {
            if (note is { Length: > Match.CommentMaxLength })
            {
                ModelState.AddModelError(NoteKey(partnerId), localizer[V.StringLength, localizer["Matching.Note"], Match.CommentMaxLength, 0]);
            }
            else if (note is not null && !PlainTextAttribute.IsPlain(note, multiline: true))
            {
                ModelState.AddModelError(NoteKey(partnerId), localizer[V.PlainText, localizer["Matching.Note"]]);
            }
        }

        if (ModelState.IsValid)
        {
            var picks = selected.Select(p => new ProposalPick(p, Input.Notes.GetValueOrDefault(p))).ToList();
            var result = await matching.ProposeAsync(id, User.ActorOf(), picks, Input.Version, cancellationToken);
            if (result.IsNotFound())
            {
                return NotFound();
            }

            if (result.Succeeded)
            {
                TempData["Status"] = "Matching.Proposed";
                return Redirect($"/Coordination/Request/{id}");
            }

            // The lifecycle's errors about the proposal as a whole (field "Partners": already proposed, unknown partner) have no field on this page.
            ModelState.AddFieldErrors(result.Errors.Select(e => e.Field == "Partners" ? e with { Field = "" } : e), localizer);
        }

        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    public static string NoteKey(Guid partnerId) => $"Input.Notes[{partnerId}]";

    /// <summary>
    /// The ranking and, when asked for, the "why not" look-up in one call of the matching service (its two round trips);
    /// the layout's unread badge is the page's third.
    /// </summary>
    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var lookup = Lookup?.Trim();
        if (!string.IsNullOrEmpty(lookup) && (lookup.Length > LookupMaxLength || !PlainTextAttribute.IsPlain(lookup, multiline: false)))
        {
            LookupError = lookup.Length > LookupMaxLength
                ? localizer[V.StringLength, localizer["Matching.Lookup"], LookupMaxLength, 0]
                : localizer[V.PlainText, localizer["Matching.Lookup"]];
            lookup = null;
        }

        var run = await matching.RankAsync(id, User.ActorOf(), string.IsNullOrEmpty(lookup) ? null : lookup, cancellationToken);
        if (run is null)
        {
            return false;
        }

        Run = run;
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        Rows = [.. run.Ranked.Skip((PageNumber - 1) * PageSize).Take(PageSize)];
        if (Input.Version == 0)
        {
            Input.Version = run.Version;
        }

        if (!string.IsNullOrEmpty(lookup))
        {
            LookupResults = run.Lookups ?? [];
        }

        return true;
    }

    public sealed class ProposeInput
    {
        [Display(Name = "Matching.Select")]
        public List<Guid> Selected { get; set; } = [];

        public Dictionary<Guid, string?> Notes { get; set; } = [];

        public uint Version { get; set; }
    }
}
