using CarbonNeutralConsortium.Domain.Common;

namespace CarbonNeutralConsortium.Domain.Requests;

/// <summary>
/// A note the coordinators of a request's institutes keep for each other. The company never sees it: it is stored
/// apart from the message thread and the status history, and only institute-side queries read it.
/// </summary>
public sealed class RequestInternalNote
{
    public const int TextMaxLength = 4000;

    private RequestInternalNote() { }

    public Guid Id { get; private set; }

    public Guid RequestId { get; private set; }

    public Guid? AuthorUserId { get; private set; }

    public string AuthorName { get; private set; } = "";

    public string OrganizationCode { get; private set; } = "";

    public string Text { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public static RequestInternalNote Write(PartnershipRequest request, Actor author, string text, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(author);
        if (author.Side != ActorSide.Institute || string.IsNullOrEmpty(author.OrganizationCode))
        {
            throw new DomainException("InternalNote.InstitutesOnly");
        }

        var body = (text ?? "").Trim();
        if (body.Length == 0)
        {
            throw new DomainException("InternalNote.TextRequired");
        }

        if (body.Length > TextMaxLength)
        {
            throw new DomainException("InternalNote.TextTooLong");
        }

        return new RequestInternalNote
        {
            Id = Guid.CreateVersion7(),
            RequestId = request.Id,
            AuthorUserId = author.UserId,
            AuthorName = author.Name,
            OrganizationCode = author.OrganizationCode,
            Text = body,
            CreatedAt = clock.GetUtcNow(),
        };
    }
}
