using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Companies;
using CarbonNeutralConsortium.Domain.Tests.Support;

namespace CarbonNeutralConsortium.Domain.Tests;

public class ContactPersonTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 1, 0, 0, TimeSpan.Zero);
    private static readonly Actor Member = new(Guid.NewGuid(), "홍길동", ActorSide.Company);
    private static readonly ConsentNotice Collection = new(ConsentKind.Collection, "2026-11", "연락 목적", "이름, 이메일", "삭제 시까지", "거부할 수 있음", "ko");
    private static readonly ConsentNotice Transfer = new(ConsentKind.OverseasTransfer, "2026-11", "해외 후보기관 제공", "이름, 이메일", "3년", "거부해도 불이익 없음", "ko");

    private static ContactPerson NewPerson(DateTimeOffset? at = null) => ContactPerson.Create(Guid.NewGuid(), " 김담당 ", " 연구소 ", "책임", " kim@example.com ", "02-123-4567",
        Collection, Member, new FixedTimeProvider(at ?? Now));

    [Fact]
    public void Creating_a_person_records_the_collection_consent_with_the_notice_shown()
    {
        var person = NewPerson();

        Assert.Equal("김담당", person.Name);
        Assert.Equal("연구소", person.Department);
        Assert.Equal("kim@example.com", person.Email);
        var consent = Assert.Single(person.Consents);
        Assert.Equal(ConsentKind.Collection, consent.Kind);
        Assert.True(consent.Granted);
        Assert.Equal("2026-11", consent.TextVersion);
        Assert.Equal("연락 목적", consent.Purpose);
        Assert.Equal("이름, 이메일", consent.Items);
        Assert.Equal("삭제 시까지", consent.Retention);
        Assert.Equal("거부할 수 있음", consent.RightToRefuse);
        Assert.Equal("ko", consent.Culture);
        Assert.Equal(Member.UserId, consent.RecordedByUserId);
        Assert.Equal(Now, consent.RecordedAt);
        Assert.True(person.HasConsent(ConsentKind.Collection));
        Assert.False(person.HasConsent(ConsentKind.OverseasTransfer));
    }

    [Fact]
    public void Transfer_consent_needs_the_collection_consent()
    {
        var person = NewPerson();
        person.RecordConsent(Collection, false, Member, new FixedTimeProvider(Now.AddMinutes(1)));

        var ex = Assert.Throws<DomainException>(() => person.RecordConsent(Transfer, true, Member, new FixedTimeProvider(Now.AddMinutes(2))));

        Assert.Equal("Contact.CollectionConsentFirst", ex.Code);
        Assert.False(person.HasConsent(ConsentKind.OverseasTransfer));
    }

    [Fact]
    public void A_refusal_of_transfer_is_recorded_even_without_collection_consent()
    {
        var person = NewPerson();
        person.RecordConsent(Collection, false, Member, new FixedTimeProvider(Now.AddMinutes(1)));

        var refusal = person.RecordConsent(Transfer, false, Member, new FixedTimeProvider(Now.AddMinutes(2)));

        Assert.False(refusal.Granted);
        Assert.Equal(3, person.Consents.Count);
    }

    [Fact]
    public void The_latest_record_of_a_kind_decides()
    {
        var person = NewPerson();
        person.RecordConsent(Transfer, true, Member, new FixedTimeProvider(Now.AddMinutes(1)));
        Assert.True(person.HasConsent(ConsentKind.OverseasTransfer));

        person.RecordConsent(Transfer, false, Member, new FixedTimeProvider(Now.AddMinutes(2)));
        Assert.False(person.HasConsent(ConsentKind.OverseasTransfer));

        person.RecordConsent(Transfer, true, Member, new FixedTimeProvider(Now.AddMinutes(3)));
        Assert.True(person.HasConsent(ConsentKind.OverseasTransfer));
        Assert.True(person.HasConsent(ConsentKind.Collection));
        Assert.Equal(4, person.Consents.Count);
    }

    [Fact]
    public void Two_records_at_the_same_instant_are_decided_by_their_order()
    {
        var person = NewPerson();
        var clock = new FixedTimeProvider(Now.AddMinutes(1));
        person.RecordConsent(Transfer, true, Member, clock);
        person.RecordConsent(Transfer, false, Member, clock);

        Assert.False(person.HasConsent(ConsentKind.OverseasTransfer));
    }

    [Fact]
    public void Removing_blanks_the_personal_data_and_keeps_the_consent_history()
    {
        var person = NewPerson();
        person.RecordConsent(Transfer, true, Member, new FixedTimeProvider(Now.AddMinutes(1)));

        person.Remove(new FixedTimeProvider(Now.AddDays(1)));

        Assert.Equal("", person.Name);
        Assert.Equal("", person.Email);
        Assert.Null(person.Department);
        Assert.Null(person.Position);
        Assert.Null(person.Phone);
        Assert.Equal(Now.AddDays(1), person.RemovedAt);
        Assert.Equal(2, person.Consents.Count);
        Assert.All(person.Consents, c => Assert.Equal("이름, 이메일", c.Items));
        Assert.False(person.HasConsent(ConsentKind.Collection));
        Assert.Equal("Contact.Removed", Assert.Throws<DomainException>(() => person.Update("새 이름", null, null, "n@example.com", null, new FixedTimeProvider(Now.AddDays(2)))).Code);
        Assert.Equal("Contact.Removed", Assert.Throws<DomainException>(() => person.RecordConsent(Transfer, true, Member, new FixedTimeProvider(Now.AddDays(2)))).Code);
    }

    [Theory]
    [InlineData("", "kim@example.com", "Contact.NameRequired")]
    [InlineData("김담당", " ", "Contact.EmailRequired")]
    public void Name_and_email_are_required(string name, string email, string code)
    {
        var ex = Assert.Throws<DomainException>(() =>
            ContactPerson.Create(Guid.NewGuid(), name, null, null, email, null, Collection, Member, new FixedTimeProvider(Now)));

        Assert.Equal(code, ex.Code);
    }

    [Fact]
    public void Over_long_details_are_refused()
    {
        var person = NewPerson();

        var ex = Assert.Throws<DomainException>(() => person.Update(new string('가', 101), null, null, "kim@example.com", null, new FixedTimeProvider(Now)));

        Assert.Equal("Contact.TooLong", ex.Code);
        Assert.Equal("김담당", person.Name);
    }
}
