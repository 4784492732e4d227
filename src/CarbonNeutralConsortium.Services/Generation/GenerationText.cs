namespace CarbonNeutralConsortium.Services.Generation;

/// <summary>
/// The words the generated data is made of, in Korean and English: company and person names, cities of partner
/// countries, request sentences, the notes coordinators and companies write. Fixed lists (part of what a seed means).
/// </summary>
internal static class GenerationText
{
    public static readonly (string Ko, string En)[] CompanyStems =
    [
        ("한빛", "Hanbit"), ("세진", "Sejin"), ("대성", "Daesung"), ("미래", "Mirae"), ("동양", "Dongyang"), ("신성", "Shinsung"), ("태광", "Taekwang"),
        ("성원", "Sungwon"), ("우진", "Woojin"), ("삼화", "Samhwa"), ("한울", "Hanul"), ("보성", "Boseong"), ("청우", "Chungwoo"), ("금강", "Geumgang"),
        ("대한", "Daehan"), ("동진", "Dongjin"), ("제일", "Jeil"), ("영진", "Youngjin"), ("하나", "Hana"), ("새한", "Saehan"), ("일진", "Iljin"),
        ("유니", "Uni"), ("에코", "Eco"), ("그린", "Green"), ("블루", "Blue"), ("넥스", "Nex"), ("이노", "Inno"), ("테라", "Terra"), ("솔라", "Solar"),
        ("누리", "Nuri"), ("아람", "Aram"), ("다온", "Daon"), ("가온", "Gaon"), ("한결", "Hangyeol"), ("도담", "Dodam"), ("라온", "Raon"), ("지오", "Geo"),
        ("세원", "Sewon"), ("대원", "Daewon"), ("경원", "Kyungwon"), ("진성", "Jinsung"), ("동원", "Dongwon"), ("부성", "Busung"), ("화성", "Hwasung"),
        ("남양", "Namyang"), ("서진", "Seojin"), ("태성", "Taesung"), ("상신", "Sangsin"), ("광명", "Gwangmyeong"), ("명진", "Myungjin"), ("오성", "Ohsung"),
        ("한솔", "Hansol"), ("푸른", "Pureun"), ("초록", "Chorok"), ("해오름", "Haeoreum"),
    ];

    public static readonly (string Ko, string En)[] Initials =
    [
        ("에스", "S"), ("제이", "J"), ("케이", "K"), ("디", "D"), ("에이치", "H"), ("티", "T"), ("엠", "M"), ("비", "B"), ("씨", "C"), ("와이", "Y"),
        ("엔", "N"), ("피", "P"), ("에이", "A"), ("이", "E"), ("지", "G"), ("알", "R"),
    ];

    /// <summary>Industry words of company names by sector code.</summary>
    public static readonly Dictionary<string, (string Ko, string En)[]> Industries = new(StringComparer.Ordinal)
    {
        ["PETROCHEMICAL"] = [("케미칼", "Chemical"), ("화학", "Chemicals"), ("소재", "Materials"), ("폴리머", "Polymer"), ("정밀화학", "Fine Chemical"), ("바이오켐", "Biochem")],
        ["AUTOMOTIVE"] = [("모빌리티", "Mobility"), ("오토텍", "Autotech"), ("모터스", "Motors"), ("오토모티브", "Automotive"), ("이브이", "EV"), ("파워트레인", "Powertrain")],
        ["MACHINERY"] = [("정밀기계", "Precision Machinery"), ("기계", "Machinery"), ("엔지니어링", "Engineering"), ("플랜트", "Plant"), ("에너지", "Energy"), ("유체기술", "Fluid Technology")],
        ["MANUFACTURING"] = [("산업", "Industries"), ("금속", "Metal"), ("스틸", "Steel"), ("세라믹", "Ceramics"), ("소재", "Materials"), ("주조", "Foundry")],
        ["ELECTRONICS"] = [("전자", "Electronics"), ("반도체", "Semiconductor"), ("디바이스", "Devices"), ("파워텍", "Powertech"), ("센서", "Sensors"), ("일렉트릭", "Electric")],
        ["ICT"] = [("시스템즈", "Systems"), ("솔루션", "Solutions"), ("데이터", "Data"), ("소프트", "Soft"), ("테크", "Tech"), ("네트웍스", "Networks")],
    };

    public static readonly (string Surname, string Roman, double Weight)[] Surnames =
    [
        ("김", "kim", 21), ("이", "lee", 15), ("박", "park", 8), ("최", "choi", 5), ("정", "jung", 4), ("강", "kang", 2.2), ("조", "cho", 2.1), ("윤", "yoon", 2.1),
        ("장", "jang", 2), ("임", "lim", 1.8), ("한", "han", 1.5), ("오", "oh", 1.5), ("서", "seo", 1.5), ("신", "shin", 1.4), ("권", "kwon", 1.4), ("황", "hwang", 1.3),
        ("안", "ahn", 1.3), ("송", "song", 1.3), ("류", "ryu", 1.2), ("홍", "hong", 1.1),
    ];

    public static readonly (string Ko, string Roman)[] GivenNames =
    [
        ("민준", "minjun"), ("서연", "seoyeon"), ("지훈", "jihoon"), ("서준", "seojun"), ("도윤", "doyun"), ("하은", "haeun"), ("지우", "jiwoo"), ("예준", "yejun"),
        ("수아", "sua"), ("지민", "jimin"), ("현우", "hyunwoo"), ("민서", "minseo"), ("준서", "junseo"), ("유진", "yujin"), ("지호", "jiho"), ("채원", "chaewon"),
        ("건우", "geonwoo"), ("수빈", "subin"), ("우진", "woojin"), ("다은", "daeun"), ("성민", "sungmin"), ("영호", "youngho"), ("정훈", "junghoon"), ("미경", "mikyung"),
        ("상훈", "sanghoon"), ("은정", "eunjung"), ("동현", "donghyun"), ("혜진", "hyejin"), ("재원", "jaewon"), ("소영", "soyoung"), ("태윤", "taeyoon"), ("경민", "kyungmin"),
        ("승현", "seunghyun"), ("윤서", "yunseo"), ("시우", "siwoo"), ("민재", "minjae"), ("하준", "hajun"), ("예린", "yerin"), ("준혁", "junhyuk"), ("나연", "nayeon"),
    ];

    public static readonly string[] Departments = ["기술연구소", "기술연구팀", "사업개발팀", "생산기술팀", "품질경영팀", "경영지원팀", "해외사업팀", "전략기획실", "R&D센터", "공정개발팀"];

    public static readonly string[] Positions = ["대표이사", "연구소장", "책임연구원", "선임연구원", "팀장", "부장", "차장", "과장", "대리", "주임"];

    public static readonly (string Code, double Weight)[] Regions =
    [
        ("GYEONGGI", 26), ("SEOUL", 18), ("GYEONGNAM", 8), ("INCHEON", 6), ("CHUNGNAM", 6), ("GYEONGBUK", 6), ("BUSAN", 6), ("DAEGU", 5), ("ULSAN", 4),
        ("CHUNGBUK", 4), ("DAEJEON", 4), ("JEONBUK", 2), ("JEONNAM", 2), ("GWANGJU", 2), ("GANGWON", 1), ("SEJONG", 0.5), ("JEJU", 0.3),
    ];

    public static readonly string[] GenericKo =
        ["실증", "촉매", "공정 설계", "스케일업", "전과정평가", "분리막", "센서", "제어 시스템", "모델링", "효율 향상", "배출 저감", "소재", "전기화학", "재활용", "시뮬레이션", "시제품", "파일럿 플랜트", "인증 시험"];

    public static readonly string[] GenericEn =
        ["pilot plant", "catalyst", "process design", "scale-up", "life-cycle assessment", "membrane", "sensor", "control system", "modelling", "demonstration",
         "efficiency", "emission reduction", "materials", "electrochemistry", "recycling", "simulation", "prototype", "testing facility"];

    public static readonly string[] TitleKo =
    [
        "{L} 기술 도입을 위한 해외 협력기관 모색", "{L} 분야 {G} 국제 공동연구 파트너 발굴", "{L} 관련 {G} 기술 자문 요청", "{L} 상용화를 위한 {G} 협력",
        "{L} 실증 및 {G} 해외 파트너 탐색", "{G} 기반 {L} 고도화 협력 수요",
    ];

    public static readonly string[] TitleEn =
    [
        "Partner sought for {l} ({g})", "Joint R&D on {l}: {g}", "Licensing {l} technology with {g} know-how", "{L}: demonstration and {g}",
        "Technical consulting on {g} for {l}", "Scaling up {l} with a {g} partner",
    ];

    public static readonly string[] SummaryOpeningKo =
    [
        "당사는 {L} 분야에서 {G} 역량을 갖춘 해외 협력기관을 찾고 있습니다.", "{L} 기술의 상용화를 위해 {G} 경험이 있는 파트너가 필요합니다.",
        "현재 {L} 관련 시제품을 개발 중이며 {G} 단계의 협력을 희망합니다.",
    ];

    public static readonly string[] SummaryOpeningEn =
    [
        "We are looking for an overseas partner with {g} expertise in {l}.", "To bring our {l} technology to market we need a partner experienced in {g}.",
        "We are developing a {l} prototype and would like to cooperate on {g}.",
    ];

    public static readonly string[] CooperationSentenceKo = ["{C} 형태의 협력을 우선 검토합니다.", "희망 협력 유형은 {C}입니다."];

    public static readonly string[] CooperationSentenceEn = ["We consider {C} first.", "The cooperation we seek: {C}."];

    public static readonly string TrlSentenceKo = "현재 TRL {A} 수준이며 TRL {B}까지 끌어올리는 것이 목표입니다.";

    public static readonly string TrlSentenceEn = "We are at TRL {A} and aim for TRL {B}.";

    public static readonly string FocusSentenceKo = "특히 {G}에 대한 기술 검증이 필요합니다.";

    public static readonly string FocusSentenceEn = "Validation of the {g} is the most urgent part.";

    public static readonly string[] DetailsKo =
    [
        "사내 연구인력 5명이 전담하며 시험 설비를 보유하고 있습니다.", "관련 국내 특허 2건을 보유하고 있으며 해외 출원을 준비 중입니다.",
        "주요 고객사의 탄소 감축 요구에 대응하기 위한 과제입니다.", "정부 R&D 과제와 연계하여 매칭 자금을 확보할 계획입니다.",
        "파일럿 설비는 공장 내에 구축되어 있어 실증이 가능합니다.", "기술이전 시 로열티 조건은 협의 가능합니다.",
        "2년 내 양산 적용을 목표로 하고 있습니다.", "협력 성과는 공동 특허로 출원하기를 희망합니다.",
    ];

    public static readonly string[] DetailsEn =
    [
        "Five of our researchers work on this full time and we own test equipment.", "We hold two Korean patents and are preparing filings abroad.",
        "This answers our main customers' demand for lower emissions.", "We plan matching funds through a government R&D programme.",
        "A pilot line in our plant is available for demonstration.", "Royalty terms for a licence are open to negotiation.",
    ];

    public static readonly string[] QuestionsKo =
    [
        "현재 개발 단계와 목표 TRL을 구체적으로 알려 주세요.", "희망하는 협력 형태(공동연구·기술이전 등)를 명확히 해 주세요.",
        "예산 범위와 자체 매칭 자금 계획을 알려 주세요.", "보유 특허와 기술 자료를 첨부해 주실 수 있을까요?",
        "해외 협력기관에 제공 가능한 시험 데이터의 범위를 알려 주세요.", "선호 국가를 정한 이유가 있다면 알려 주세요.",
    ];

    public static readonly string[] DeclineReasonsKo =
    [
        "협의체 지원 범위를 벗어난 수요입니다.", "요청하신 기술 분야의 해외 후보기관을 찾기 어렵습니다.",
        "중복 접수된 수요입니다. 먼저 접수된 수요로 진행합니다.", "제출된 정보로는 기술 수요를 판단하기 어렵습니다.",
        "제안 가능한 후보기관을 모두 검토했으나 적합한 곳이 없었습니다.",
    ];

    public static readonly string[] WithdrawReasonsKo =
        ["내부 사업 계획이 변경되었습니다.", "자체 개발로 방향을 바꾸었습니다.", "예산을 확보하지 못했습니다.", "다른 경로로 협력기관을 찾았습니다."];

    public static readonly string[] WithdrawReasonsEn =
        ["Our business plans changed.", "We decided to develop this in house.", "We could not secure the budget.", "We found a partner another way."];

    public static readonly string[] MatchingNotesKo =
    [
        "미국·독일 대학 중심으로 후보를 찾습니다.", "실증 경험이 있는 연구기관 위주로 검토합니다.", "기존 협력 네트워크의 기관을 먼저 확인합니다.",
        "기술이전이 가능한 기업을 우선 찾습니다.",
    ];

    /// <summary>Transfer notes: {O} is the new lead's name.</summary>
    public static readonly string[] TransferNotesKo =
    [
        "{O}의 전문 분야에 더 가까운 수요라 이관합니다.", "기술 분야 검토 결과 {O}이(가) 주관하는 것이 적절합니다.", "{O} 요청으로 주관기관을 변경합니다.",
    ];

    public static readonly string[] ContributorNotesKo = ["공정 데이터 분석 협력을 위해 참여를 요청합니다.", "융복합 과제로 기획하기 위해 추가합니다.", "시험·인증 지원을 위해 추가합니다."];

    public static readonly string[] LowRankNotesKo =
    [
        "순위는 낮지만 기존 공동연구 실적이 있는 기관입니다.", "기업이 직접 언급한 기관이라 함께 제안합니다.", "실증 설비를 보유하고 있어 제안합니다.",
    ];

    public static readonly string[] ProposalNotesKo = ["실증 설비를 보유한 기관입니다.", "최근 유사 과제 수행 실적이 있습니다.", "기술이전 경험이 많은 곳입니다."];

    public static readonly string[] SmeDeclineCommentsKo = ["이미 유사한 기관과 협의 중입니다.", "희망 국가와 맞지 않습니다.", "내부 검토 결과 우선순위가 낮습니다."];

    public static readonly string[] SmeDeclineCommentsEn = ["We already talk to a similar partner.", "Not a country we can work with.", "Low priority after our internal review."];

    public static readonly string[] PartnerAcceptedCommentsKo = ["관심이 있으며 화상회의를 희망한다는 회신입니다.", "기술 자료를 받아 검토하겠다는 회신입니다."];

    public static readonly string[] PartnerDeclinedCommentsKo = ["현재 여력이 없어 참여가 어렵다는 회신입니다.", "해당 기술은 더 이상 연구하지 않는다는 회신입니다."];

    public static readonly string[] AgreementCommentsKo = ["비밀유지협약 체결 후 공동연구 과제를 기획 중입니다.", "양해각서를 체결했습니다.", "기술이전 계약을 체결했습니다."];

    public static readonly string[] NoDealCommentsKo = ["기술 수준 차이로 협력을 보류합니다.", "비용 조건이 맞지 않았습니다.", "내부 우선순위 변경으로 중단합니다."];

    /// <summary>Cities of partner countries (English, Korean), for institution names.</summary>
    public static readonly Dictionary<string, (string En, string Ko)[]> Cities = new(StringComparer.Ordinal)
    {
        ["US"] = [("Illinois", "일리노이"), ("Texas", "텍사스"), ("Michigan", "미시간"), ("Colorado", "콜로라도"), ("Boston", "보스턴"), ("Chicago", "시카고"), ("Houston", "휴스턴"),
            ("Berkeley", "버클리"), ("Pittsburgh", "피츠버그"), ("Seattle", "시애틀"), ("Atlanta", "애틀랜타"), ("Minnesota", "미네소타"), ("Northwestern", "노스웨스턴")],
        ["DE"] = [("Munich", "뮌헨"), ("Aachen", "아헨"), ("Stuttgart", "슈투트가르트"), ("Berlin", "베를린"), ("Dresden", "드레스덴"), ("Karlsruhe", "카를스루에"), ("Hamburg", "함부르크")],
        ["JP"] = [("Tokyo", "도쿄"), ("Osaka", "오사카"), ("Kyoto", "교토"), ("Nagoya", "나고야"), ("Tohoku", "도호쿠"), ("Kyushu", "규슈")],
        ["CN"] = [("Beijing", "베이징"), ("Shanghai", "상하이"), ("Tianjin", "톈진"), ("Zhejiang", "저장"), ("Wuhan", "우한")],
        ["GB"] = [("London", "런던"), ("Manchester", "맨체스터"), ("Cambridge", "케임브리지"), ("Leeds", "리즈"), ("Sheffield", "셰필드")],
        ["FR"] = [("Paris", "파리"), ("Lyon", "리옹"), ("Grenoble", "그르노블"), ("Toulouse", "툴루즈")],
        ["CA"] = [("Calgary", "캘거리"), ("Toronto", "토론토"), ("Waterloo", "워털루"), ("Alberta", "앨버타"), ("Montreal", "몬트리올")],
        ["NL"] = [("Delft", "델프트"), ("Eindhoven", "에인트호번"), ("Utrecht", "위트레흐트"), ("Twente", "트벤테")],
        ["FI"] = [("Helsinki", "헬싱키"), ("Aalto", "알토"), ("Tampere", "탐페레")],
        ["SE"] = [("Stockholm", "스톡홀름"), ("Lund", "룬드"), ("Chalmers", "찰머스")],
        ["CH"] = [("Zurich", "취리히"), ("Lausanne", "로잔"), ("Basel", "바젤")],
        ["IT"] = [("Milan", "밀라노"), ("Turin", "토리노"), ("Bologna", "볼로냐")],
        ["ES"] = [("Madrid", "마드리드"), ("Barcelona", "바르셀로나")],
        ["AU"] = [("Melbourne", "멜버른"), ("Sydney", "시드니"), ("Queensland", "퀸즐랜드")],
        ["DK"] = [("Copenhagen", "코펜하겐"), ("Aarhus", "오르후스")],
        ["NO"] = [("Oslo", "오슬로"), ("Trondheim", "트론헤임")],
        ["BE"] = [("Leuven", "루뱅"), ("Ghent", "헨트")],
        ["AT"] = [("Vienna", "빈"), ("Graz", "그라츠")],
        ["SG"] = [("Singapore", "싱가포르")],
        ["IL"] = [("Haifa", "하이파"), ("Tel Aviv", "텔아비브")],
        ["IN"] = [("Bangalore", "벵갈루루"), ("Chennai", "첸나이"), ("Mumbai", "뭄바이")],
        ["VN"] = [("Hanoi", "하노이"), ("Ho Chi Minh City", "호찌민")],
        ["ID"] = [("Bandung", "반둥"), ("Jakarta", "자카르타")],
        ["SA"] = [("Riyadh", "리야드"), ("Dhahran", "다란")],
        ["AE"] = [("Abu Dhabi", "아부다비"), ("Dubai", "두바이")],
        ["PL"] = [("Warsaw", "바르샤바"), ("Krakow", "크라쿠프")],
        ["CZ"] = [("Prague", "프라하"), ("Brno", "브르노")],
        ["NZ"] = [("Auckland", "오클랜드"), ("Canterbury", "캔터베리")],
        ["TW"] = [("Hsinchu", "신주"), ("Taipei", "타이베이")],
        ["BR"] = [("Sao Paulo", "상파울루"), ("Campinas", "캄피나스")],
    };

    /// <summary>Company suffixes by country (default "Ltd").</summary>
    public static readonly Dictionary<string, string[]> CompanySuffixes = new(StringComparer.Ordinal)
    {
        ["US"] = ["Inc.", "LLC"], ["DE"] = ["GmbH", "AG"], ["JP"] = ["K.K.", "Corporation"], ["GB"] = ["Ltd"], ["FR"] = ["SAS", "SA"], ["CA"] = ["Inc."],
        ["NL"] = ["B.V."], ["FI"] = ["Oy"], ["SE"] = ["AB"], ["CH"] = ["AG", "SA"], ["IT"] = ["S.p.A."], ["ES"] = ["S.L."], ["AU"] = ["Pty Ltd"],
        ["DK"] = ["A/S"], ["NO"] = ["AS"], ["BE"] = ["NV"], ["AT"] = ["GmbH"], ["SG"] = ["Pte Ltd"], ["IN"] = ["Pvt Ltd"], ["CN"] = ["Co., Ltd."],
        ["TW"] = ["Co., Ltd."], ["BR"] = ["Ltda."], ["PL"] = ["Sp. z o.o."], ["CZ"] = ["s.r.o."],
    };

    public static readonly string[] Brands =
    [
        "Nordhaven", "Helion", "Vantara", "Cedarline", "Arcus", "Lumenis", "Boreal", "Kestrel", "Quantis", "Stratos", "Verdant", "Aurelia", "Halcyon",
        "Meridian", "Solvix", "Tectra", "Orbion", "Caldera", "Zephyr", "Polaris", "Evergreen", "Ionix", "Fjordline", "Sundial", "Graphene Works",
        "Hydrogenics", "CarbonLoop", "Thermion", "Voltaic", "Electra",
    ];

    public static readonly string[] WesternSurnames =
    [
        "Anderson", "Becker", "Chen", "Dubois", "Eriksson", "Fischer", "Garcia", "Hoffmann", "Ito", "Jansen", "Kowalski", "Larsen", "Martin", "Nakamura",
        "Olsen", "Petrov", "Rossi", "Schmidt", "Tanaka", "Virtanen", "Wagner", "Weber", "Wilson", "Yamamoto", "Zhang", "Bianchi", "Novak", "Suzuki", "Patel",
        "Cohen", "Silva", "Nielsen", "Lindqvist", "Moreau", "Keller", "Brown", "Taylor", "Clarke", "Murphy", "Kim",
    ];

    /// <summary>The field of an institution by taxonomy area (English, Korean).</summary>
    public static readonly Dictionary<string, (string En, string Ko)> Fields = new(StringComparer.Ordinal)
    {
        ["H2"] = ("Hydrogen", "수소"), ["CCUS"] = ("Carbon Management", "탄소관리"), ["PROC"] = ("Industrial Decarbonisation", "산업 탈탄소"),
        ["CIRC"] = ("Circular Materials", "자원순환"), ["SEMI"] = ("Semiconductors", "반도체"), ["MOB"] = ("Sustainable Mobility", "모빌리티"),
        ["EFF"] = ("Energy Efficiency", "에너지효율"), ["ENERGY"] = ("Renewable Energy", "재생에너지"), ["DX"] = ("Digital Industry", "디지털 산업"),
        ["STD"] = ("Standards", "표준"),
    };

    /// <summary>One word for a company's name by taxonomy area (Nordhaven Hydrogen GmbH).</summary>
    public static readonly Dictionary<string, string> FieldWords = new(StringComparer.Ordinal)
    {
        ["H2"] = "Hydrogen", ["CCUS"] = "Carbon", ["PROC"] = "Process", ["CIRC"] = "Circular", ["SEMI"] = "Semiconductor", ["MOB"] = "Mobility",
        ["EFF"] = "Efficiency", ["ENERGY"] = "Energy", ["DX"] = "Digital", ["STD"] = "Standards",
    };

    /// <summary>The consent notices of the portal (Korean), as SharedResource has them (Consent.Collection.*, Consent.Transfer.*).</summary>
    public static class Consent
    {
        public const string CollectionPurpose = "기술협력 수요의 상담·검토·진행 상황 안내를 위한 연락";
        public const string CollectionItems = "이름, 부서, 직위, 이메일 주소, 전화번호";
        public const string CollectionRetention = "담당자 삭제 또는 기업의 탈퇴 시까지. 이후 지체 없이 파기하며, 동의 기록은 법령이 정한 기간 동안 보관합니다.";
        public const string CollectionRefuse = "동의를 거부할 권리가 있습니다. 거부하시면 이 분을 담당자로 등록할 수 없으며, 다른 담당자를 지정해야 수요를 제출할 수 있습니다.";

        public const string TransferPurpose = "기업의 수요에 제안된 해외 협력 후보기관이 기술협력을 위해 직접 연락할 수 있도록 연락처 제공(국외 이전)\n" +
            "제공받는 자: 기업의 수요에 제안된 해외 협력 후보기관(대학·연구기관·기업). 이전 국가: 제안된 후보기관의 소재 국가. 이전 시기와 방법: 기업이 소개에 동의한 때에 이메일로 전달";

        public const string TransferItems = "이름, 부서, 직위, 이메일 주소, 전화번호";
        public const string TransferRetention = "제공받는 기관이 기술협력 목적을 달성할 때까지(최대 3년)";
        public const string TransferRefuse = "동의를 거부할 권리가 있으며, 거부해도 담당자 등록과 수요 제출에는 영향이 없습니다. 다만 해외 협력기관과의 직접 연락은 연구기관을 통해서만 이루어집니다.";
    }
}
