using System.Globalization;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Companies;
using CarbonNeutralConsortium.Domain.Matches;
using CarbonNeutralConsortium.Domain.Matching;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Accounts;
using CarbonNeutralConsortium.Services.Companies;

namespace CarbonNeutralConsortium.Services.Generation;

/// <summary>One table's load: its COPY column list and the writer of its rows.</summary>
internal sealed record TableLoad(string Table, string Columns, Action<PgCopyWriter> Write);

/// <summary>What the users table gets besides the plan: the password hash (or none), the role ids, Identity's normalizer.</summary>
internal sealed record UserSettings(string? PasswordHash, Guid SmeRole, Guid CoordinatorRole, Guid AdminRole, Func<string, string> Normalize);

/// <summary>
/// The rows of every generated table, written from the plan in PostgreSQL's binary COPY format. Column lists name
/// every column the table has (EF's snake_case names); enums are written by name, as EF stores them.
/// </summary>
internal sealed class TableWriters(GenerationPlan plan, UserSettings users)
{
    public const string AdminEmail = "admin@bench.cnc.example";

    private static readonly byte[][] RequestStatusNames = Names<RequestStatus>();
    private static readonly byte[][] RequestStepNames = Names<RequestStep>();
    private static readonly byte[][] OutcomeNames = Names<RequestOutcome>();
    private static readonly byte[][] SideNames = Names<ActorSide>();
    private static readonly byte[][] EventNames = Names<RequestEvent>();
    private static readonly byte[][] MatchStatusNames = Names<MatchStatus>();
    private static readonly byte[][] DeclineNames = Names<SmeDeclineReason>();
    private static readonly byte[][] AgreementNames = Names<AgreementKind>();
    private static readonly byte[][] NoDealNames = Names<NoDealReason>();
    private static readonly byte[][] SizeNames = Names<CompanySize>();
    private static readonly byte[][] ConsentNames = Names<ConsentKind>();
    private static readonly byte[] Suggested = U(nameof(ContributorOrigin.Suggested));
    private static readonly byte[] Added = U(nameof(ContributorOrigin.Added));
    private static readonly byte[] SystemName = U(Domain.Common.Actor.System.Name);

    private readonly GenerationReference _ref = plan.Reference;
    private readonly byte[][] _institutes = [.. plan.Reference.Institutes.Select(U)];
    private readonly byte[][] _coordinatorNames = [.. plan.Reference.Institutes.Select(code => U("코디네이터 " + code))];
    private readonly byte[] _coordinatorCode = U(plan.Reference.Coordinator);
    private readonly byte[][] _leafNameKo = [.. plan.Reference.Leaves.Select(l => U(l.NameKo))];
    private readonly byte[][] _leafNameEn = [.. plan.Reference.Leaves.Select(l => U(l.NameEn))];
    private readonly byte[][] _leafNameEnInline = [.. plan.Reference.Leaves.Select(l => U(Inline(l.NameEn)))];
    private readonly byte[][] _genericKo = [.. GenerationText.GenericKo.Select(U)];
    private readonly byte[][] _genericEn = [.. GenerationText.GenericEn.Select(U)];
    private readonly byte[][] _cooperationKo = [.. plan.Reference.CooperationTypes.Select(c => U(c.NameKo))];
    private readonly byte[][] _cooperationEn = [.. plan.Reference.CooperationTypes.Select(c => U(Inline(c.NameEn)))];
    private readonly Template[] _titleKo = [.. GenerationText.TitleKo.Select(Template.Parse)];
    private readonly Template[] _titleEn = [.. GenerationText.TitleEn.Select(Template.Parse)];
    private readonly Template[] _openingKo = [.. GenerationText.SummaryOpeningKo.Select(Template.Parse)];
    private readonly Template[] _openingEn = [.. GenerationText.SummaryOpeningEn.Select(Template.Parse)];
    private readonly Template[] _cooperationSentenceKo = [.. GenerationText.CooperationSentenceKo.Select(Template.Parse)];
    private readonly Template[] _cooperationSentenceEn = [.. GenerationText.CooperationSentenceEn.Select(Template.Parse)];
    private readonly Template _trlKo = Template.Parse(GenerationText.TrlSentenceKo);
    private readonly Template _trlEn = Template.Parse(GenerationText.TrlSentenceEn);
    private readonly Template _focusKo = Template.Parse(GenerationText.FocusSentenceKo);
    private readonly Template _focusEn = Template.Parse(GenerationText.FocusSentenceEn);
    private readonly byte[][] _detailsKo = [.. GenerationText.DetailsKo.Select(U)];
    private readonly byte[][] _detailsEn = [.. GenerationText.DetailsEn.Select(U)];
    private readonly byte[] _engineVersion = U(plan.Engine.Version);

    public IReadOnlyList<TableLoad> All =>
    [
        new("overseas_partners", "id, external_id, name, name_ko, country_code, partner_type_code, technology_codes, cooperation_types, trl_min, trl_max, keywords, " +
            "description, website, contact_email, linked_institutes, is_active, created_at, updated_at, owner_organization_code, search_terms", WritePartners),
        new("companies", "id, business_registration_number, name_ko, name_en, size, sector_code, registered_at, description, employees, founded_year, " +
            "profile_updated_at, region_code, technology_codes, website", WriteCompanies),
        new("contact_persons", "id, company_id, name, department, \"position\", email, phone, created_at, updated_at, removed_at", WriteContacts),
        new("contact_consents", "id, contact_person_id, kind, granted, text_version, purpose, items, retention, right_to_refuse, culture, recorded_by_user_id, " +
            "recorded_by_name, recorded_at", WriteConsents),
        new("users", "id, display_name, company_id, organization_code, preferred_culture, created_at, privacy_consent_at, privacy_consent_version, is_active, " +
            "user_name, normalized_user_name, email, normalized_email, email_confirmed, password_hash, security_stamp, concurrency_stamp, phone_number, " +
            "phone_number_confirmed, two_factor_enabled, lockout_end, lockout_enabled, access_failed_count, last_sign_in_at", WriteUsers),
        new("user_roles", "user_id, role_id", WriteUserRoles),
        new("partnership_requests", "id, company_id, client_key, reference_number, status, completed_step, title, public_summary, cooperation_type_code, " +
            "sector_code, technology_codes, keywords, trl_current, trl_target, preferred_countries, excluded_countries, preferred_partner_types, desired_start, " +
            "duration_months, deadline, budget_min_krw, budget_max_krw, confidential_details, contact_person_id, share_contact_abroad, lead_organization_code, " +
            "is_convergence, created_by_user_id, created_at, updated_at, first_submitted_at, submitted_at, last_activity_at, expiry_warning_sent_at, closed_at, " +
            "outcome, status_changed_at", WriteRequests),
        new("request_contributors", "request_id, organization_code, origin, technology_codes, request_status, request_status_changed_at, request_sector_code, " +
            "request_technology_codes, request_preferred_countries", WriteContributors),
        new("request_status_changes", "id, request_id, \"from\", \"to\", actor_user_id, actor_name, actor_side, actor_organization_code, note, at, event, event_detail",
            WriteRequestHistory),
        new("matches", "id, request_id, partner_id, status, factors, score, rank, engine_version, proposal_note, proposed_by_user_id, proposed_by_name, " +
            "proposed_by_organization_code, proposed_at, responded_at, sme_decline_reason, decline_comment, partner_contacted_at, partner_responded_at, " +
            "meeting_held_on, agreement_kind, no_deal_reason, outcome_comment, outcome_at", WriteMatches),
        new("match_status_changes", "id, match_id, \"from\", \"to\", actor_user_id, actor_name, actor_side, note, at", WriteMatchHistory),
    ];

    public static string SmeEmail(int company) => $"sme.{company + 1}@bench.cnc.example";

    public static string CoordinatorEmail(string institute) => $"coordinator.{institute.ToLowerInvariant()}@bench.cnc.example";

    // ---- Partners ----

    private void WritePartners(PgCopyWriter w)
    {
        var partners = plan.Partners;
        var keywords = new List<byte[]>(8);
        var words = new List<string?>(12);
        for (var p = 0; p < partners.Length; p++)
        {
            ref readonly var partner = ref partners[p];
            var country = _ref.Countries[partner.Country];
            var (name, nameKo) = PartnerNames(partner, country);
            var description = PartnerDescription(partner, name);
            keywords.Clear();
            words.Clear();
            words.Add(name);
            words.Add(nameKo);
            words.Add(description);
            for (var k = 0; k < partner.KeywordCount; k++)
            {
                keywords.Add(plan.Keywords.Utf8[partner.Keyword(k)]);
                words.Add(plan.Keywords.Words[partner.Keyword(k)]);
            }

            w.Row(20);
            w.Uuid(partner.Id);
            var at = w.BeginValue();
            w.Append("GEN-"u8);
            w.AppendDigits(p + 1, 7);
            w.EndValue(at);
            w.Text(name);
            w.TextOrNull(nameKo);
            w.Text(country.CodeUtf8);
            w.Text(_ref.PartnerTypes[partner.Type].CodeUtf8);
            var leaves = w.BeginArray(partner.LeafCount);
            for (var k = 0; k < partner.LeafCount; k++)
            {
                w.Text(_ref.Leaves[partner.Leaf(k)].CodeUtf8);
            }

            w.EndValue(leaves);
            MaskArray(w, partner.CooperationMask, _ref.CooperationTypes.Length, i => _ref.CooperationTypes[i].CodeUtf8);
            w.Int32OrNull(partner.TrlMin == 0 ? -1 : partner.TrlMin);
            w.Int32OrNull(partner.TrlMax == 0 ? -1 : partner.TrlMax);
            w.TextArray(keywords.ToArray());
            w.Text(description);
            at = w.BeginValue();
            w.Append("https://partner-"u8);
            w.AppendDigits(p + 1);
            w.Append(".example.org"u8);
            w.EndValue(at);
            if (partner.HasContactEmail)
            {
                at = w.BeginValue();
                w.Append("contact@partner-"u8);
                w.AppendDigits(p + 1);
                w.Append(".example.org"u8);
                w.EndValue(at);
            }
            else
            {
                w.Null();
            }

            MaskArray(w, partner.LinkedMask, _institutes.Length, i => _institutes[i]);
            w.Bool(partner.Active);
            w.Timestamp(partner.CreatedAt);
            w.Timestamp(partner.UpdatedAt);
            w.Text(partner.Owner < _institutes.Length ? _institutes[partner.Owner] : _coordinatorCode);
            var terms = TextTerms.Extract(words);
            var array = w.BeginArray(terms.Count);
            foreach (var term in terms)
            {
                w.Text(term);
            }

            w.EndValue(array);
        }
    }

    private (string Name, string? NameKo) PartnerNames(in PartnerFacts partner, NamedInfo country)
    {
        var cities = GenerationText.Cities[country.Code];
        var (city, cityKo) = cities[partner.City % cities.Length];
        var area = _ref.Areas[_ref.Leaves[partner.Leaf0].Area].Code;
        var (field, fieldKo) = GenerationText.Fields[area];
        var person = GenerationText.WesternSurnames[partner.Person];
        switch (partner.Type)
        {
            case 0:
                return partner.Pattern switch
                {
                    0 => ($"University of {city} · {person} Group", partner.HasKoreanName ? $"{cityKo} 대학교 {field.Split(' ')[0]} 연구실" : null),
                    1 => ($"{city} University · {person} Laboratory", partner.HasKoreanName ? $"{cityKo} 대학교" : null),
                    _ => ($"{city} Institute of Technology · {person} Lab for {field}", partner.HasKoreanName ? $"{cityKo} 공과대학교 {fieldKo} 연구실" : null),
                };
            case 1:
                return partner.Pattern switch
                {
                    0 => ($"{city} Research Centre for {field}", partner.HasKoreanName ? $"{cityKo} {fieldKo} 연구센터" : null),
                    1 => ($"Institute for {field}, {city} · {person} Group", partner.HasKoreanName ? $"{cityKo} {fieldKo} 연구소" : null),
                    _ => ($"{city} {field} Laboratory", partner.HasKoreanName ? $"{cityKo} {fieldKo} 연구소" : null),
                };
            case 2:
                var suffixes = GenerationText.CompanySuffixes.TryGetValue(country.Code, out var list) ? list : ["Ltd"];
                return ($"{GenerationText.Brands[partner.Brand]} {GenerationText.FieldWords[area]} {suffixes[partner.Suffix % suffixes.Length]}", null);
            case 3:
                return partner.Pattern switch
                {
                    0 => ($"{city} Energy Agency", partner.HasKoreanName ? $"{cityKo} 에너지청" : null),
                    1 => ($"{country.NameEn} Agency for {field}", partner.HasKoreanName ? $"{country.NameKo} {fieldKo} 진흥청" : null),
                    _ => ($"{city} Cleantech Office", partner.HasKoreanName ? $"{cityKo} 청정기술청" : null),
                };
            default:
                return partner.Pattern switch
                {
                    0 => ($"{field} Consortium {city}", null),
                    1 => ($"{city} Cleantech Cluster", null),
                    _ => ($"{GenerationText.Brands[partner.Brand]} Innovation Network", null),
                };
        }
    }

    private string PartnerDescription(PartnerFacts partner, string name)
    {
        var en = string.Join(" and ", Enumerable.Range(0, partner.LeafCount).Select(k => Inline(_ref.Leaves[partner.Leaf(k)].NameEn)));
        var ko = string.Join(", ", Enumerable.Range(0, partner.LeafCount).Select(k => _ref.Leaves[partner.Leaf(k)].NameKo));
        return $"{name} works on {en}, with {GenerationText.GenericEn[partner.Generic1]} and {GenerationText.GenericEn[partner.Generic2]}. " +
            $"{ko} 분야의 {GenerationText.GenericKo[partner.GenericKo]} 협력.";
    }

    // ---- Companies, contacts, users ----

    private void WriteCompanies(PgCopyWriter w)
    {
        Span<byte> brn = stackalloc byte[10];
        for (var c = 0; c < plan.Companies.Length; c++)
        {
            ref readonly var company = ref plan.Companies[c];
            var sector = _ref.Sectors[company.Sector];
            w.Row(14);
            w.Uuid(company.Id);
            BusinessNumber(company.BrnBody, brn);
            w.Text(brn);
            var (ko, en) = CompanyNames(company, sector);
            w.Text(ko);
            w.TextOrNull(en);
            w.Text(SizeNames[company.Size]);
            w.Text(sector.CodeUtf8);
            w.Timestamp(company.RegisteredAt);
            if (company.HasProfile && company.HasDescription)
            {
                w.Text($"{sector.NameKo} 분야의 {(company.Size == 0 ? "중소기업" : "중견기업")}으로 {_ref.Leaves[company.Tech0].NameKo} 관련 제품과 기술을 개발합니다.");
            }
            else
            {
                w.Null();
            }

            w.Int32OrNull(company.HasProfile ? company.Employees : -1);
            w.Int32OrNull(company.HasProfile ? company.FoundedYear : -1);
            w.TimestampOrNull(company.ProfileUpdatedAt);
            w.TextOrNull(company.HasProfile ? GenerationText.Regions[company.Region].Code : null);
            if (company.HasProfile)
            {
                var distinct = company.Tech1 == company.Tech0 ? 1 : company.Tech2 == company.Tech0 || company.Tech2 == company.Tech1 ? 2 : 3;
                var count = Math.Min(company.TechCount, distinct);
                var array = w.BeginArray(count);
                w.Text(_ref.Leaves[company.Tech0].CodeUtf8);
                if (count > 1)
                {
                    w.Text(_ref.Leaves[company.Tech1].CodeUtf8);
                }

                if (count > 2)
                {
                    w.Text(_ref.Leaves[company.Tech2].CodeUtf8);
                }

                w.EndValue(array);
            }
            else
            {
                w.TextArray([]);
            }

            if (company.HasProfile && company.HasWebsite)
            {
                var at = w.BeginValue();
                w.Append("https://www.company"u8);
                w.AppendDigits(c + 1);
                w.Append(".example.kr"u8);
                w.EndValue(at);
            }
            else
            {
                w.Null();
            }
        }
    }

    /// <summary>A Korean company name (한빛케미칼(주), 주식회사 에스제이모빌리티, ...) and, for most, an English one.</summary>
    private static (string Ko, string? En) CompanyNames(in CompanyFacts company, SectorInfo sector)
    {
        var industries = GenerationText.Industries[sector.Code];
        var (industryKo, industryEn) = industries[company.Industry % industries.Length];
        string stemKo, stemEn;
        if (company.NameKind == 0)
        {
            (stemKo, stemEn) = GenerationText.CompanyStems[company.Stem % GenerationText.CompanyStems.Length];
        }
        else
        {
            var n = GenerationText.Initials.Length;
            var (a, b) = (GenerationText.Initials[company.Stem / n % n], GenerationText.Initials[company.Stem % n]);
            (stemKo, stemEn) = (a.Ko + b.Ko, a.En + b.En);
        }

        var ko = company.Form switch
        {
            0 => $"{stemKo}{industryKo}(주)",
            1 => $"주식회사 {stemKo}{industryKo}",
            _ => $"(주){stemKo}{industryKo}",
        };
        var en = company.BrnBody % 10 < 7 ? $"{stemEn} {industryEn} {company.Form switch { 0 => "Co., Ltd.", 1 => "Inc.", _ => "Corp." }}" : null;
        return (ko, en);
    }

    private void WriteContacts(PgCopyWriter w)
    {
        for (var c = 0; c < plan.Companies.Length; c++)
        {
            ref readonly var company = ref plan.Companies[c];
            Contact(w, c, company.Contact1, company.Surname, company.GivenName, company.Department, company.Position, company.Contact1At, 1);
            if (company.HasContact2)
            {
                Contact(w, c, company.Contact2, company.Contact2Surname, company.Contact2Given, (byte)((company.Department + 3) % GenerationText.Departments.Length),
                    (byte)((company.Position + 2) % GenerationText.Positions.Length), company.Contact2At, 2);
            }
        }
    }

    private void Contact(PgCopyWriter w, int c, Uid id, byte surname, byte given, byte department, byte position, long at, int which)
    {
        var phone = Rng.For(plan.Options.Seed, RngStream.Contact, (c * 4L) + which);
        w.Row(10);
        w.Uuid(id);
        w.Uuid(plan.Companies[c].Id);
        w.Text(PersonName(surname, given));
        w.Text(GenerationText.Departments[department]);
        w.Text(GenerationText.Positions[position]);
        var email = w.BeginValue();
        w.Append(GenerationText.GivenNames[given].Roman);
        w.Append((byte)'.');
        w.Append(GenerationText.Surnames[surname].Roman);
        w.Append("@company"u8);
        w.AppendDigits(c + 1);
        w.Append(".example.kr"u8);
        w.EndValue(email);
        var number = w.BeginValue();
        w.Append("010-"u8);
        w.AppendDigits(phone.Range(2000, 9999));
        w.Append((byte)'-');
        w.AppendDigits(phone.Range(0, 9999), 4);
        w.EndValue(number);
        w.Timestamp(at);
        w.Timestamp(at);
        w.Null();
    }

    private void WriteConsents(PgCopyWriter w)
    {
        for (var c = 0; c < plan.Companies.Length; c++)
        {
            ref readonly var company = ref plan.Companies[c];
            Consents(w, c, company.Contact1, company.Contact1At, 1);
            if (company.HasContact2)
            {
                Consents(w, c, company.Contact2, company.Contact2At, 2);
            }
        }
    }

    private void Consents(PgCopyWriter w, int c, Uid contact, long at, int which)
    {
        ref readonly var company = ref plan.Companies[c];
        var ids = Rng.For(plan.Options.Seed, RngStream.Contact, -1 - ((c * 4L) + which));
        Consent(w, Uid.V7(at, ref ids), contact, ConsentKind.Collection, at, company);
        var transfer = plan.ConsentTransferAt(c, which);
        if (transfer != long.MaxValue && transfer < plan.Now)
        {
            Consent(w, Uid.V7(transfer, ref ids), contact, ConsentKind.OverseasTransfer, transfer, company);
        }
    }

    private void Consent(PgCopyWriter w, Uid id, Uid contact, ConsentKind kind, long at, in CompanyFacts company)
    {
        var collection = kind == ConsentKind.Collection;
        w.Row(13);
        w.Uuid(id);
        w.Uuid(contact);
        w.Text(ConsentNames[(int)kind]);
        w.Bool(true);
        w.Text(ConsentTexts.Version);
        w.Text(collection ? GenerationText.Consent.CollectionPurpose : GenerationText.Consent.TransferPurpose);
        w.Text(collection ? GenerationText.Consent.CollectionItems : GenerationText.Consent.TransferItems);
        w.Text(collection ? GenerationText.Consent.CollectionRetention : GenerationText.Consent.TransferRetention);
        w.Text(collection ? GenerationText.Consent.CollectionRefuse : GenerationText.Consent.TransferRefuse);
        w.Text("ko"u8);
        w.Uuid(company.UserId);
        w.Text(PersonName(company.Surname, company.GivenName));
        w.Timestamp(at);
    }

    private void WriteUsers(PgCopyWriter w)
    {
        var rng = Rng.For(plan.Options.Seed, RngStream.Users, 1);
        User(w, plan.AdminId, "협의체 관리자", null, _ref.Coordinator, "ko", plan.StaffCreatedAt, AdminEmail, ref rng);
        for (var i = 0; i < _institutes.Length; i++)
        {
            User(w, plan.CoordinatorIds[i], "코디네이터 " + _ref.Institutes[i], null, _ref.Institutes[i], "ko", plan.StaffCreatedAt + ((i + 1) * Pg.Minute),
                CoordinatorEmail(_ref.Institutes[i]), ref rng);
        }

        for (var c = 0; c < plan.Companies.Length; c++)
        {
            ref readonly var company = ref plan.Companies[c];
            User(w, company.UserId, PersonName(company.Surname, company.GivenName), company.Id, null, company.English ? "en" : "ko", company.RegisteredAt, SmeEmail(c), ref rng);
        }
    }

    private void User(PgCopyWriter w, Uid id, string name, Uid? company, string? organization, string culture, long createdAt, string email, ref Rng rng)
    {
        var normalized = users.Normalize(email);
        w.Row(24);
        w.Uuid(id);
        w.Text(name);
        w.UuidOrNull(company);
        w.TextOrNull(organization);
        w.Text(culture);
        w.Timestamp(createdAt);
        if (company is not null)
        {
            w.Timestamp(createdAt);
            w.Text(PortalIdentityOptions.PrivacyConsentVersion);
        }
        else
        {
            w.Null();
            w.Null();
        }

        w.Bool(true);
        w.Text(email);
        w.Text(normalized);
        w.Text(email);
        w.Text(normalized);
        w.Bool(true);
        w.TextOrNull(users.PasswordHash);

        // Identity's security stamp: 20 random bytes in Base32 (here from the seeded generator); concurrency stamp: a GUID.
        const string base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var stamp = w.BeginValue();
        for (var k = 0; k < 32; k++)
        {
            w.Append((byte)base32[rng.Next(32)]);
        }

        w.EndValue(stamp);
        w.Text(Uid.V4(ref rng).ToGuid().ToString("D", CultureInfo.InvariantCulture));
        w.Null();
        w.Bool(false);
        w.Bool(false);
        w.Null();
        w.Bool(true);
        w.Int32(0);
        // Everyone signed in lately: the retention job erases only accounts unused for years.
        w.Timestamp(plan.Now);
    }

    private void WriteUserRoles(PgCopyWriter w)
    {
        w.Row(2);
        w.Uuid(plan.AdminId);
        w.Uuid(ToUid(users.AdminRole));
        var coordinator = ToUid(users.CoordinatorRole);
        foreach (var id in plan.CoordinatorIds)
        {
            w.Row(2);
            w.Uuid(id);
            w.Uuid(coordinator);
        }

        var sme = ToUid(users.SmeRole);
        for (var c = 0; c < plan.Companies.Length; c++)
        {
            w.Row(2);
            w.Uuid(plan.Companies[c].UserId);
            w.Uuid(sme);
        }
    }

    // ---- Requests ----

    private void WriteRequests(PgCopyWriter w)
    {
        var requests = plan.Requests;
        for (var i = 0; i < requests.Length; i++)
        {
            ref readonly var r = ref requests[i];
            ref readonly var company = ref plan.Companies[r.Company];
            var step = r.CompletedStep;
            w.Row(37);
            w.Uuid(r.Id);
            w.Uuid(company.Id);
            w.Uuid(r.ClientKey);
            if (r.ReferenceSequence > 0)
            {
                var at = w.BeginValue();
                w.Append("CNC-"u8);
                w.AppendDigits(Pg.DateOf(Pg.KstDay(r.FirstSubmittedAt)).Year);
                w.Append((byte)'-');
                w.AppendDigits(r.ReferenceSequence, 6);
                w.EndValue(at);
            }
            else
            {
                w.Null();
            }

            w.Text(RequestStatusNames[(int)r.Status]);
            if (step == 0)
            {
                w.Null();
            }
            else
            {
                w.Text(RequestStepNames[step - 1]);
            }

            Title(w, r);
            if (step >= 1)
            {
                Summary(w, r);
                w.Text(_ref.CooperationTypes[r.Cooperation].CodeUtf8);
            }
            else
            {
                w.Null();
                w.Null();
            }

            if (step >= 2)
            {
                w.Text(_ref.Sectors[r.Sector].CodeUtf8);
                WriteLeaves(w, r);
                var words = w.BeginArray(r.KeywordCount);
                for (var k = 0; k < r.KeywordCount; k++)
                {
                    w.Text(plan.Keywords.Utf8[r.Keyword(k)]);
                }

                w.EndValue(words);
                w.Int32(r.TrlCurrent);
                w.Int32OrNull(r.TrlTarget == 0 ? -1 : r.TrlTarget);
            }
            else
            {
                w.Null();
                w.TextArray([]);
                w.TextArray([]);
                w.Null();
                w.Null();
            }

            if (step >= 3)
            {
                WritePreferredCountries(w, r);
                if (r.Excluded == RequestFacts.None)
                {
                    w.TextArray([]);
                }
                else
                {
                    var excluded = w.BeginArray(1);
                    w.Text(_ref.Countries[r.Excluded].CodeUtf8);
                    w.EndValue(excluded);
                }

                MaskArray(w, r.TypeMask, _ref.PartnerTypes.Length, k => _ref.PartnerTypes[k].CodeUtf8);
            }
            else
            {
                w.TextArray([]);
                w.TextArray([]);
                w.TextArray([]);
            }

            if (step >= 4)
            {
                w.DateOrNull(r.DesiredStart);
                w.Int32OrNull(r.DurationMonths);
                w.DateOrNull(r.Deadline);
                w.Int64OrNull(r.BudgetMin);
                w.Int64OrNull(r.BudgetMax);
            }
            else
            {
                w.Null();
                w.Null();
                w.Null();
                w.Null();
                w.Null();
            }

            if (step >= 5)
            {
                Details(w, r);
                w.Uuid(company.Contact1);
                w.Bool(r.ShareAbroad);
            }
            else
            {
                w.Null();
                w.Null();
                w.Bool(false);
            }

            if (r.Lead == RequestFacts.None)
            {
                w.Null();
            }
            else
            {
                w.Text(_institutes[r.Lead]);
            }

            w.Bool(r.IsConvergence);
            w.Uuid(company.UserId);
            w.Timestamp(r.CreatedAt);
            w.Timestamp(r.UpdatedAt);
            w.TimestampOrNull(r.FirstSubmittedAt);
            w.TimestampOrNull(r.SubmittedAt);
            w.Timestamp(r.LastActivityAt);
            w.TimestampOrNull(r.WarningAt);
            w.TimestampOrNull(r.ClosedAt);
            if (r.Outcome == 0)
            {
                w.Null();
            }
            else
            {
                w.Text(OutcomeNames[r.Outcome - 1]);
            }

            w.Timestamp(r.StatusChangedAt);
        }
    }

    private void Title(PgCopyWriter w, in RequestFacts r)
    {
        var at = w.BeginValue();
        var template = r.English ? _titleEn[r.TitleTemplate % _titleEn.Length] : _titleKo[r.TitleTemplate % _titleKo.Length];
        Fill(w, template, r, r.Generic1);
        w.EndValue(at);
    }

    private void Summary(PgCopyWriter w, in RequestFacts r)
    {
        var at = w.BeginValue();
        Fill(w, r.English ? _openingEn[r.SummaryTemplate] : _openingKo[r.SummaryTemplate], r, r.Generic1);
        w.Append((byte)' ');
        Fill(w, r.English ? _cooperationSentenceEn[r.CooperationSentence] : _cooperationSentenceKo[r.CooperationSentence], r, r.Generic1);
        if (r.TrlSentence && r.TrlTarget != 0)
        {
            w.Append((byte)' ');
            Fill(w, r.English ? _trlEn : _trlKo, r, r.Generic1);
        }

        if (r.FocusSentence)
        {
            w.Append((byte)' ');
            Fill(w, r.English ? _focusEn : _focusKo, r, r.Generic2);
        }

        w.EndValue(at);
    }

    private void Details(PgCopyWriter w, in RequestFacts r)
    {
        if (r.Details1 == RequestFacts.None)
        {
            w.Null();
            return;
        }

        var texts = r.English ? _detailsEn : _detailsKo;
        var at = w.BeginValue();
        w.Append(texts[r.Details1 % texts.Length]);
        if (r.Details2 != RequestFacts.None && r.Details2 % texts.Length != r.Details1 % texts.Length)
        {
            w.Append((byte)' ');
            w.Append(texts[r.Details2 % texts.Length]);
        }

        w.EndValue(at);
    }

    /// <summary>Writes a template's text: {L} the first leaf's name (as is), {l} inside a sentence, {G}/{g} a generic word, {C} the cooperation type, {A}/{B} the TRLs.</summary>
    private void Fill(PgCopyWriter w, Template template, in RequestFacts r, byte generic)
    {
        foreach (var part in template.Parts)
        {
            switch (part.Slot)
            {
                case 'L':
                    w.Append(r.English ? _leafNameEn[r.Leaf0] : _leafNameKo[r.Leaf0]);
                    break;
                case 'l':
                    w.Append(r.English ? _leafNameEnInline[r.Leaf0] : _leafNameKo[r.Leaf0]);
                    break;
                case 'G':
                case 'g':
                    w.Append(r.English ? _genericEn[generic % _genericEn.Length] : _genericKo[generic % _genericKo.Length]);
                    break;
                case 'C':
                    w.Append(r.English ? _cooperationEn[r.Cooperation] : _cooperationKo[r.Cooperation]);
                    break;
                case 'A':
                    w.AppendDigits(r.TrlCurrent);
                    break;
                case 'B':
                    w.AppendDigits(r.TrlTarget);
                    break;
                default:
                    w.Append(part.Text);
                    break;
            }
        }
    }

    private void WriteContributors(PgCopyWriter w)
    {
        var requests = plan.Requests;
        for (var i = 0; i < requests.Length; i++)
        {
            ref readonly var r = ref requests[i];
            if (r.Lead == RequestFacts.None)
            {
                continue;
            }

            for (var o = 0; o < _institutes.Length; o++)
            {
                var bit = 1 << o;
                if ((r.SuggestedMask & bit) != 0)
                {
                    w.Row(9);
                    w.Uuid(r.Id);
                    w.Text(_institutes[o]);
                    w.Text(Suggested);
                    var count = 0;
                    for (var k = 0; k < r.LeafCount; k++)
                    {
                        count += (_ref.Leaves[r.Leaf(k)].Experts & bit) != 0 ? 1 : 0;
                    }

                    var array = w.BeginArray(count);
                    for (var k = 0; k < r.LeafCount; k++)
                    {
                        if ((_ref.Leaves[r.Leaf(k)].Experts & bit) != 0)
                        {
                            w.Text(_ref.Leaves[r.Leaf(k)].CodeUtf8);
                        }
                    }

                    w.EndValue(array);
                    WriteContributorStatus(w, r);
                }
                else if ((r.AddedMask & bit) != 0)
                {
                    w.Row(9);
                    w.Uuid(r.Id);
                    w.Text(_institutes[o]);
                    w.Text(Added);
                    w.TextArray([]);
                    WriteContributorStatus(w, r);
                }
            }
        }
    }

    /// <summary>
    /// The contributor's copy of the request's status and its time, sector, technology codes and preferred countries (kept by
    /// triggers once loaded; see the Queue and ContributionFilters migrations): as <see cref="WriteRequests"/> writes them.
    /// </summary>
    private void WriteContributorStatus(PgCopyWriter w, in RequestFacts r)
    {
        w.Text(RequestStatusNames[(int)r.Status]);
        w.Timestamp(r.StatusChangedAt);
        w.Text(_ref.Sectors[r.Sector].CodeUtf8);
        WriteLeaves(w, r);
        WritePreferredCountries(w, r);
    }

    /// <summary>The request's technology codes (a text[]).</summary>
    private void WriteLeaves(PgCopyWriter w, in RequestFacts r)
    {
        var leaves = w.BeginArray(r.LeafCount);
        for (var k = 0; k < r.LeafCount; k++)
        {
            w.Text(_ref.Leaves[r.Leaf(k)].CodeUtf8);
        }

        w.EndValue(leaves);
    }

    /// <summary>The request's preferred countries (a text[]).</summary>
    private void WritePreferredCountries(PgCopyWriter w, in RequestFacts r)
    {
        var preferred = w.BeginArray(r.PreferredCount);
        for (var k = 0; k < r.PreferredCount; k++)
        {
            w.Text(_ref.Countries[r.Preferred(k)].CodeUtf8);
        }

        w.EndValue(preferred);
    }

    private void WriteRequestHistory(PgCopyWriter w)
    {
        var requests = plan.Requests;
        var events = plan.Events;
        for (var i = 0; i < requests.Length; i++)
        {
            ref readonly var r = ref requests[i];
            ref readonly var company = ref plan.Companies[r.Company];
            var ids = Rng.For(plan.Options.Seed, RngStream.Ids, i);
            for (var e = r.EventStart; e < r.EventStart + r.EventCount; e++)
            {
                ref readonly var row = ref events[e];
                w.Row(12);
                w.Uuid(Uid.V7(row.At, ref ids));
                w.Uuid(r.Id);
                if (row.From is { } from)
                {
                    w.Text(RequestStatusNames[(int)from]);
                }
                else
                {
                    w.Null();
                }

                w.Text(RequestStatusNames[(int)row.To]);
                Actor(w, row.Actor, row.Organization, company, withOrganization: true);
                w.TextOrNull(plan.Notes.Of(row.Note));
                w.Timestamp(row.At);
                if (row.Event is { } kind)
                {
                    w.Text(EventNames[(int)kind]);
                    if (kind == RequestEvent.LeadTransferred)
                    {
                        var at = w.BeginValue();
                        w.Append(_institutes[row.Detail1]);
                        w.Append((byte)'>');
                        w.Append(_institutes[row.Detail2]);
                        w.EndValue(at);
                    }
                    else
                    {
                        w.Text(_institutes[row.Detail2]);
                    }
                }
                else
                {
                    w.Null();
                    w.Null();
                }
            }
        }
    }

    /// <summary>actor_user_id, actor_name, actor_side (and actor_organization_code for requests).</summary>
    private void Actor(PgCopyWriter w, ActorKind actor, byte organization, in CompanyFacts company, bool withOrganization)
    {
        switch (actor)
        {
            case ActorKind.Company:
                w.Uuid(company.UserId);
                w.Text(PersonName(company.Surname, company.GivenName));
                w.Text(SideNames[(int)ActorSide.Company]);
                if (withOrganization)
                {
                    w.Null();
                }

                break;
            case ActorKind.Institute:
                w.Uuid(plan.CoordinatorIds[organization]);
                w.Text(_coordinatorNames[organization]);
                w.Text(SideNames[(int)ActorSide.Institute]);
                if (withOrganization)
                {
                    w.Text(_institutes[organization]);
                }

                break;
            default:
                w.Null();
                w.Text(SystemName);
                w.Text(SideNames[(int)ActorSide.System]);
                if (withOrganization)
                {
                    w.Null();
                }

                break;
        }
    }

    // ---- Matches ----

    private void WriteMatches(PgCopyWriter w)
    {
        var matches = plan.Matches;
        for (var m = 0; m < matches.Length; m++)
        {
            ref readonly var match = ref matches[m];
            ref readonly var r = ref plan.Requests[match.Request];
            w.Row(23);
            w.Uuid(match.Id);
            w.Uuid(r.Id);
            w.Uuid(plan.Partners[match.Partner].Id);
            w.Text(MatchStatusNames[(int)match.Status]);
            plan.Factors.WriteJsonb(w, r, plan.Partners[match.Partner], match.Proposer);
            w.Float64(match.Score);
            w.Int32OrNull(match.Rank);
            w.Text(_engineVersion);
            w.TextOrNull(plan.Notes.Of(match.ProposalNote));
            w.Uuid(plan.CoordinatorIds[match.Proposer]);
            w.Text(_coordinatorNames[match.Proposer]);
            w.Text(_institutes[match.Proposer]);
            w.Timestamp(match.ProposedAt);
            w.TimestampOrNull(match.RespondedAt);
            Enum(w, match.SmeDeclined ? match.DeclineReason : RequestFacts.None, DeclineNames);
            w.TextOrNull(match.SmeDeclined ? plan.Notes.Of(match.DeclineComment) : null);
            w.TimestampOrNull(match.ContactedAt);
            w.TimestampOrNull(match.PartnerRespondedAt);
            w.DateOrNull(match.MeetingRecordedAt == 0 ? int.MinValue : match.MeetingDay);
            Enum(w, match.OutcomeAt != 0 && match.Agreement ? match.AgreementKind : RequestFacts.None, AgreementNames);
            Enum(w, match.OutcomeAt != 0 && !match.Agreement ? match.NoDealReason : RequestFacts.None, NoDealNames);
            w.TextOrNull(match.OutcomeAt != 0 ? plan.Notes.Of(match.OutcomeComment) : null);
            w.TimestampOrNull(match.OutcomeAt);
        }
    }

    private void WriteMatchHistory(PgCopyWriter w)
    {
        var matches = plan.Matches;
        for (var m = 0; m < matches.Length; m++)
        {
            ref readonly var match = ref matches[m];
            ref readonly var company = ref plan.Companies[plan.Requests[match.Request].Company];
            var ids = Rng.For(plan.Options.Seed, RngStream.Match, -1 - (long)m);
            MatchStatus? state = null;
            MatchRow(w, ref ids, ref state, match, company, match.ProposedAt, MatchStatus.Proposed, ActorKind.Institute, -1);
            if (match.RespondedAt == 0)
            {
                continue;
            }

            MatchRow(w, ref ids, ref state, match, company, match.RespondedAt, match.SmeDeclined ? MatchStatus.DeclinedBySme : MatchStatus.AcceptedBySme,
                ActorKind.Company, match.SmeDeclined ? match.DeclineComment : (short)-1);
            if (match.SmeDeclined)
            {
                continue;
            }

            if (match.ContactedAt != 0)
            {
                MatchRow(w, ref ids, ref state, match, company, match.ContactedAt, MatchStatus.PartnerContacted, ActorKind.Institute, -1);
            }

            if (match.PartnerRespondedAt != 0)
            {
                MatchRow(w, ref ids, ref state, match, company, match.PartnerRespondedAt, match.PartnerDeclined ? MatchStatus.PartnerDeclined : MatchStatus.PartnerAccepted,
                    ActorKind.Institute, match.PartnerComment);
            }

            if (match.MeetingRecordedAt != 0)
            {
                MatchRow(w, ref ids, ref state, match, company, match.MeetingRecordedAt, MatchStatus.MeetingHeld, match.MeetingBy, -1);
            }

            if (match.OutcomeAt != 0)
            {
                MatchRow(w, ref ids, ref state, match, company, match.OutcomeAt, match.Agreement ? MatchStatus.Agreement : MatchStatus.NoDeal, match.OutcomeBy,
                    match.OutcomeComment);
            }
        }
    }

    private void MatchRow(PgCopyWriter w, ref Rng ids, ref MatchStatus? state, in MatchFacts match, in CompanyFacts company, long at, MatchStatus to, ActorKind actor,
        short note)
    {
        w.Row(9);
        w.Uuid(Uid.V7(at, ref ids));
        w.Uuid(match.Id);
        if (state is { } from)
        {
            w.Text(MatchStatusNames[(int)from]);
        }
        else
        {
            w.Null();
        }

        w.Text(MatchStatusNames[(int)to]);
        Actor(w, actor, match.Proposer, company, withOrganization: false);
        w.TextOrNull(plan.Notes.Of(note));
        w.Timestamp(at);
        state = to;
    }

    // ---- Helpers ----

    private static void Enum(PgCopyWriter w, byte value, byte[][] names)
    {
        if (value == RequestFacts.None)
        {
            w.Null();
        }
        else
        {
            w.Text(names[value]);
        }
    }

    private static void MaskArray(PgCopyWriter w, int mask, int count, Func<int, byte[]> code)
    {
        var array = w.BeginArray(global::System.Numerics.BitOperations.PopCount((uint)mask));
        for (var i = 0; i < count; i++)
        {
            if ((mask & (1 << i)) != 0)
            {
                w.Text(code(i));
            }
        }

        w.EndValue(array);
    }

    public static string PersonName(byte surname, byte given) => GenerationText.Surnames[surname].Surname + GenerationText.GivenNames[given].Ko;

    /// <summary>The ten digits of a business registration number: tax office (3), type (2), serial (4), check digit.</summary>
    public static void BusinessNumber(int body, Span<byte> digits)
    {
        ReadOnlySpan<int> types = [81, 82, 85, 86, 87];
        ReadOnlySpan<int> weights = [1, 3, 7, 1, 3, 7, 1, 3, 5];
        var office = 101 + (body / 50_000);
        var type = types[body / 10_000 % 5];
        var serial = body % 10_000;
        var value = (office * 1_000_000L) + (type * 10_000L) + serial;
        for (var i = 8; i >= 0; i--)
        {
            digits[i] = (byte)('0' + (value % 10));
            value /= 10;
        }

        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            sum += (digits[i] - '0') * weights[i];
        }

        sum += (digits[8] - '0') * 5 / 10;
        digits[9] = (byte)('0' + ((10 - (sum % 10)) % 10));
    }

    private static Uid ToUid(Guid guid)
    {
        Span<byte> bytes = stackalloc byte[16];
        guid.TryWriteBytes(bytes, bigEndian: true, out _);
        return new Uid(global::System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes), global::System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));
    }

    /// <summary>A name inside a sentence: "Water electrolysis" → "water electrolysis", "CO2 capture" stays.</summary>
    private static string Inline(string name) => name.Length > 1 && char.IsUpper(name[0]) && char.IsLower(name[1]) ? char.ToLowerInvariant(name[0]) + name[1..] : name;

    private static byte[] U(string text) => GenerationReference.Utf8(text);

    private static byte[][] Names<T>()
        where T : struct, Enum => [.. global::System.Enum.GetValues<T>().OrderBy(v => Convert.ToInt32(v, CultureInfo.InvariantCulture)).Select(v => U(v.ToString()))];

    /// <summary>A sentence pattern: literal parts and slots ({L}, {l}, {G}, {g}, {C}, {A}, {B}).</summary>
    private sealed record Template(IReadOnlyList<(char Slot, byte[] Text)> Parts)
    {
        public static Template Parse(string pattern)
        {
            var parts = new List<(char, byte[])>();
            var i = 0;
            while (i < pattern.Length)
            {
                var open = pattern.IndexOf('{', i);
                if (open < 0 || open + 2 >= pattern.Length || pattern[open + 2] != '}')
                {
                    parts.Add(('\0', U(pattern[i..])));
                    break;
                }

                if (open > i)
                {
                    parts.Add(('\0', U(pattern[i..open])));
                }

                parts.Add((pattern[open + 1], []));
                i = open + 3;
            }

            return new Template(parts);
        }
    }
}
