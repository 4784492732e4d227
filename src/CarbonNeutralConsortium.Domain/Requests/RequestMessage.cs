using CarbonNeutralConsortium.Domain.Common;

namespace CarbonNeutralConsortium.Domain.Requests;

/// <summary>A message in a request's thread between the company and its institutes (questions, answers).</summary>
public sealed class RequestMessage
{
    public const int BodyMaxLength = 4000;

    private RequestMessage() { }

    public Guid Id { get; private set; }

    public Guid RequestId { get; private set; }

    public Guid? AuthorUserId { get; private set; }

    public string AuthorName { get; private set; } = "";

    public ActorSide AuthorSide { get; private set; }

    public string? AuthorOrganizationCode { get; private set; }

    public string Body { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public static RequestMessage Write(PartnershipRequest request, Actor author, string body, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(author);
        if (request.Status == RequestStatus.Draft)
        {
            throw new DomainException("Message.DraftHasNoThread");
        }

        if (request.Status.IsTerminal())
        {
            throw new DomainException("Message.RequestClosed");
        }

        var text = (body ?? "").Trim();
        if (text.Length == 0)
        {
            throw new DomainException("Message.BodyRequired");
        }

        if (text.Length > BodyMaxLength)
        {
            throw new DomainException("Message.BodyTooLong");
        }

        request.RecordActivity(clock);
        return new RequestMessage
        {
            Id = Guid.CreateVersion7(),
            RequestId = request.Id,
            AuthorUserId = author.UserId,
            AuthorName = author.Name,
            AuthorSide = author.Side,
            AuthorOrganizationCode = author.OrganizationCode,
            Body = text,
            CreatedAt = clock.GetUtcNow(),
        };
    }
}
