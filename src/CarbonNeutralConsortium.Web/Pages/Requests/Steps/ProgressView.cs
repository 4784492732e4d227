using CarbonNeutralConsortium.Domain.Requests;

namespace CarbonNeutralConsortium.Web.Pages.Requests.Steps;

/// <summary>The wizard's progress list: the current step, and which steps a link may lead to.</summary>
/// <param name="RequestId">Null on /Requests/New (no draft yet: no links).</param>
public sealed record ProgressView(Guid? RequestId, RequestStep Current, RequestStep? Completed)
{
    public static readonly IReadOnlyList<RequestStep> Steps = Enum.GetValues<RequestStep>();

    /// <summary>A step is reachable when every step before it was saved at least once.</summary>
    public bool IsReachable(RequestStep step) => RequestId is not null && (int)step <= (int)(Completed ?? 0) + 1;

    /// <summary>The step the wizard opens on: the one after the last saved step.</summary>
    public static RequestStep DefaultStep(RequestStep? completed) =>
        completed is null ? RequestStep.Need : (RequestStep)Math.Min((int)completed.Value + 1, (int)RequestStep.Review);

    public static string Url(Guid id, RequestStep step) => $"/Requests/Edit/{id}/{step}";
}
