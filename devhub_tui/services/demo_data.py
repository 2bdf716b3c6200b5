"""Static content for the demo store and the scale-data generator (no I/O here).

`PEOPLE` is the hand-written cast of `devhub --demo`: about 40 contacts whose last
interaction (in days before *now*) puts each of them in a chosen status, so every
status, VIPs, snoozes, archived contacts, follow-ups and birthdays show up on
first launch. The pools below feed the bulk generator for benchmark stores.
"""

from __future__ import annotations

from dataclasses import dataclass

# The account of the demo store and, by default, of a generated one (its name is
# in demo_paths: the start-up thread needs it without this module).
from devhub_tui.services.demo_paths import DEMO_USER as DEMO_USER

DEMO_PASSWORD = "demo-password"


@dataclass(frozen=True)
class DemoVip:
    family: str
    company: str
    likes_dislikes: str
    misc_notes: str
    main_app: str
    phone_number: str
    links: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class DemoPerson:
    name: str
    company: str | None = None
    title: str | None = None
    location: str | None = None
    timezone: str | None = None
    nickname: str | None = None
    email: str | None = None
    github: str | None = None
    relationship: str | None = None
    importance: str = "normal"
    vip: bool = False
    cadence: int | None = None
    tags: tuple[str, ...] = ()
    notes: str | None = None
    #: days before now of the newest interaction (None: never contacted)
    last: int | None = None
    #: how many interactions in the last year (the newest one included)
    history: int = 0
    #: days the contact was added before now
    added: int = 400
    #: snoozed until this many days from now
    snooze: int | None = None
    archived: bool = False
    #: birthday in this many days from today (None: no birthday)
    birthday_in: int | None = None
    #: birthday as stored when it is not "soon" (YYYY-MM-DD or --MM-DD)
    birthday: str | None = None
    birth_year: int | None = None
    vip_data: DemoVip | None = None
    #: the status this person is designed to land in (checked by the tests)
    expect: str = "ok"


# Default cadences: VIP/high 14 days (due soon from 10.5), normal 30 (from 23),
# low 90 (from 83); needs attention at 1x, overdue at 2x the cadence.
PEOPLE: tuple[DemoPerson, ...] = (
    # -- VIPs ---------------------------------------------------------------
    DemoPerson(
        "Ada Lovelace", "Analytical Engines", "Principal engineer", "London", "Europe/London",
        nickname="ada", email="ada@analytical.example", github="ada-lovelace",
        relationship="mentor", vip=True, tags=("rust", "mentor", "london"),
        notes="Met at RustConf. Thinks in types. Prefers mornings.",
        last=3, history=18, birthday_in=5, birth_year=1985, expect="ok",
        vip_data=DemoVip(
            "Partner Sam; two kids (Iris 7, Leo 4)",
            "Leading the compiler team; hiring two seniors this quarter",
            "Loves: oolong tea, bouldering, mechanical keyboards. Dislikes: calls before 9",
            "Ask how the Berlin move went. Recommended 'Crafting Interpreters'.",
            "Signal", "+44 20 7946 0101",
            (("github", "https://github.com/ada-lovelace"), ("mastodon", "https://hachyderm.io/@ada")),
        ),
    ),
    DemoPerson(
        "Kwame Mensah", "Ledgerly", "CTO", "Accra", "Africa/Accra",
        nickname="kwame", email="kwame@ledgerly.example", github="kmensah",
        relationship="friend", vip=True, tags=("fintech", "founders", "go"),
        last=12, history=14, expect="due-soon",
        vip_data=DemoVip(
            "Married to Efua; newborn daughter Ama (March)",
            "Series A closed; scaling the platform team from 6 to 20",
            "Loves: jollof debates, Arsenal, Go generics. Dislikes: YAML",
            "Owes me an intro to their payments lead.",
            "WhatsApp", "+233 30 201 4455",
            (("linkedin", "https://linkedin.com/in/kwame-mensah"),),
        ),
    ),
    DemoPerson(
        "Mei Tanaka", "Kumo Cloud", "Staff SRE", "Tokyo", "Asia/Tokyo",
        nickname="mei", email="mei.tanaka@kumo.example", github="meitanaka",
        relationship="former colleague", vip=True, tags=("sre", "kubernetes", "kubecon-2026"),
        last=20, history=11, expect="needs-attention",
        vip_data=DemoVip(
            "Brother Kenji is a chef in Osaka",
            "On-call lead; pushing for SLO-based alerting",
            "Loves: trail running, vinyl, incident write-ups. Dislikes: pager fatigue",
            "Wants feedback on her KubeCon CFP draft.",
            "Telegram", "+81 3 1234 5678",
            (("github", "https://github.com/meitanaka"),),
        ),
    ),
    DemoPerson(
        "Sofía Restrepo", "Nubo", "VP Engineering", "Medellín", "America/Bogota",
        nickname="sofi", email="sofia@nubo.example", relationship="investor intro",
        vip=True, tags=("hiring", "founders"), last=41, history=6, birthday_in=11,
        birth_year=1979, expect="overdue",
        vip_data=DemoVip(
            "Twins starting university in the autumn",
            "Building a remote-first team across LATAM",
            "Loves: specialty coffee, salsa, clear RFCs. Dislikes: surprise meetings",
            "Potential advisor for the side project.",
            "WhatsApp", "+57 4 444 5566",
        ),
    ),
    DemoPerson(
        "Priya Natarajan", "Open Source Collective", "Maintainer", "Bengaluru", "Asia/Kolkata",
        nickname="priya", email="priya@oss.example", github="priyan",
        relationship="collaborator", vip=True, tags=("oss", "python", "pycon-2026"),
        last=2, history=22, snooze=None, expect="ok",
        vip_data=DemoVip(
            "Parents visiting in December",
            "Core maintainer of a popular HTTP client; funded by a grant until June",
            "Loves: carnatic music, type hints, good issue templates. Dislikes: drive-by PRs",
            "Co-writing a PyCon tutorial with her.",
            "Matrix", "+91 80 4000 1234",
            (("github", "https://github.com/priyan"), ("website", "https://priya.example")),
        ),
    ),
    DemoPerson(
        "Tomás Oliveira", "Bitwise Ventures", "Partner", "Lisbon", "Europe/Lisbon",
        nickname="tomas", email="tomas@bitwise.example", relationship="investor", vip=True,
        tags=("investor",), last=30, history=5, snooze=6, expect="snoozed",
        vip_data=DemoVip(
            "", "Invests in developer tools; fund III closing",
            "Loves: surfing, pastel de nata. Dislikes: vague metrics",
            "Snoozed until after his fund close.", "Email", "+351 21 000 1122",
        ),
    ),
    # -- high importance ----------------------------------------------------
    DemoPerson(
        "Jonas Becker", "Fernweh GmbH", "Engineering manager", "Berlin", "Europe/Berlin",
        nickname="jonas", email="jonas.becker@fernweh.example", github="jbecker",
        relationship="former manager", importance="high", tags=("mentor", "berlin"),
        last=6, history=9, expect="ok",
    ),
    DemoPerson(
        "Amara Okafor", "Paystack-ish", "Senior backend engineer", "Lagos", "Africa/Lagos",
        nickname="amara", email="amara@payish.example", github="amarao",
        relationship="mentee", importance="high", tags=("mentee", "go", "fintech"),
        last=12, history=12, expect="due-soon",
    ),
    DemoPerson(
        # no zone yet: his screen suggests Europe/Paris from Lyon (z sets it, issue 21)
        "Lucas Martin", "Vélo Labs", "Founder", "Lyon", None,
        email="lucas@velo.example", relationship="founder friend", importance="high",
        tags=("founders", "hardware"), last=19, history=7, expect="needs-attention",
    ),
    DemoPerson(
        "Hannah Schmidt", "Datenwerk", "Data engineer", "Hamburg", "Europe/Berlin",
        nickname="hanna", email="h.schmidt@datenwerk.example", importance="high",
        tags=("data", "python"), last=45, history=4, expect="overdue",
    ),
    # -- normal -------------------------------------------------------------
    DemoPerson(
        "Diego Hernández", "Rustacean Co", "Rust developer", "Mexico City", "America/Mexico_City",
        nickname="diego", email="diego@rustacean.example", github="dhernandez",
        relationship="meetup friend", tags=("rust", "meetup"), last=1, history=10,
        expect="ok",
    ),
    DemoPerson(
        "Chloé Dubois", "Pixel & Co", "Design engineer", "Paris", "Europe/Paris",
        email="chloe@pixel.example", tags=("design", "frontend"), last=9, history=8,
        birthday_in=2, birth_year=1993, expect="ok",
    ),
    DemoPerson(
        "Oluwaseun Adeyemi", "Cloudflare-ish", "Systems engineer", "London", "Europe/London",
        nickname="seun", github="seun-a", tags=("networking", "london"), last=15, history=6,
        expect="ok",
    ),
    DemoPerson(
        "Elena Popescu", "Bucharest Tech Hub", "Community lead", "Bucharest",
        "Europe/Bucharest", email="elena@bth.example", tags=("community", "meetup"),
        last=24, history=5, expect="due-soon",
    ),
    DemoPerson(
        "Wei Chen", "Lattice AI", "ML engineer", "Singapore", "Asia/Singapore",
        nickname="wei", email="wei.chen@lattice.example", github="weichen",
        tags=("ml", "python"), last=27, history=9, expect="due-soon",
    ),
    DemoPerson(
        "Marta Kowalska", "Gdańsk Games", "Gameplay programmer", "Gdańsk", "Europe/Warsaw",
        email="marta@gdgames.example", tags=("gamedev", "cpp"), last=35, history=3,
        expect="needs-attention",
    ),
    DemoPerson(
        "Noah Williams", "Shopfront", "Staff frontend engineer", "Toronto", "America/Toronto",
        email="noah@shopfront.example", github="noahw", tags=("typescript", "frontend"),
        last=52, history=4, expect="needs-attention",
    ),
    DemoPerson(
        "Fatima Zahra", "Atlas Health", "Security engineer", "Casablanca",
        "Africa/Casablanca", email="fatima@atlas.example", tags=("security",), last=74,
        history=3, expect="overdue",
    ),
    DemoPerson(
        "Ivan Petrov", "Northwind", "Platform engineer", "Sofia", "Europe/Sofia",
        github="ipetrov", tags=("kubernetes", "sre"), last=130, history=2, expect="overdue",
    ),
    DemoPerson(
        "Grace Kim", "Seoulwave", "Product engineer", "Seoul", "Asia/Seoul",
        email="grace@seoulwave.example", tags=("frontend", "kubecon-2026"), last=4,
        history=5, birthday_in=9, expect="ok",
    ),
    DemoPerson(
        "Rafael Souza", "Brasa Dev", "Developer advocate", "São Paulo", "America/Sao_Paulo",
        nickname="rafa", email="rafa@brasa.example", github="rafasouza",
        tags=("devrel", "python", "pycon-2026"), last=33, history=6,
        expect="needs-attention",
    ),
    DemoPerson(
        "Sara Lindqvist", "Nordkod", "Tech lead", "Stockholm", "Europe/Stockholm",
        email="sara@nordkod.example", tags=("rust", "hiring"), last=18, history=7,
        birthday="1988-09-14", expect="ok",
    ),
    DemoPerson(
        "Yusuf Demir", "Istanbul Labs", "Backend engineer", "Istanbul", "Europe/Istanbul",
        email="yusuf@ilabs.example", tags=("go",), last=None, added=3, expect="ok",
        notes="Added after the Go meetup; haven't talked properly yet.",
    ),
    DemoPerson(
        "Zoë van Dijk", "Polder Systems", "Embedded engineer", "Utrecht", "Europe/Amsterdam",
        nickname="zoe", email="zoe@polder.example", tags=("embedded", "rust"), last=None,
        added=40, expect="needs-attention",
    ),
    DemoPerson(
        "Arjun Mehta", "Quanta", "Quant developer", "Mumbai", "Asia/Kolkata",
        email="arjun@quanta.example", tags=("fintech", "cpp"), last=61, history=4,
        expect="overdue",
    ),
    DemoPerson(
        "Lena Novak", "Ljubljana Cloud", "SRE", "Ljubljana", "Europe/Ljubljana",
        email="lena@ljcloud.example", tags=("sre",), last=22, history=6, snooze=10,
        expect="snoozed",
    ),
    DemoPerson(
        "Mateo Rossi", "Trattoria Tech", "Freelance developer", "Bologna", "Europe/Rome",
        email="mateo@trattoria.example", tags=("freelance",), last=12, history=3,
        birthday_in=13, expect="ok",
    ),
    DemoPerson(
        "Aisha Bello", "Greenline Energy", "Data scientist", "Abuja", "Africa/Lagos",
        email="aisha@greenline.example", tags=("data", "ml"), last=8, history=4,
        expect="ok",
    ),
    DemoPerson(
        "Oskar Nilsson", "Fika Labs", "Engineering manager", "Malmö", "Europe/Stockholm",
        email="oskar@fika.example", tags=("hiring",), last=28, history=3, expect="due-soon",
    ),
    # -- low importance -----------------------------------------------------
    DemoPerson(
        "Beatriz Lima", "Recruit Co", "Tech recruiter", "Porto", "Europe/Lisbon",
        email="beatriz@recruit.example", importance="low", tags=("recruiter",), last=40,
        history=2, expect="ok",
    ),
    DemoPerson(
        "Kenji Watanabe", "Onsen Software", "iOS developer", "Osaka", "Asia/Tokyo",
        email="kenji@onsen.example", importance="low", tags=("mobile",), last=86, history=2,
        expect="due-soon",
    ),
    DemoPerson(
        "Nadia Haddad", "Cedar Analytics", "Analyst", "Beirut", "Asia/Beirut",
        importance="low", tags=("data",), last=120, history=2, expect="needs-attention",
    ),
    DemoPerson(
        "Patrick O'Brien", "Dublin Devs", "Meetup organiser", "Dublin", "Europe/Dublin",
        email="patrick@dublindevs.example", importance="low", tags=("meetup", "community"),
        last=200, history=2, expect="overdue",
    ),
    DemoPerson(
        "Hiroshi Sato", "Kaizen Tools", "CLI tools author", "Kyoto", "Asia/Tokyo",
        github="hsato", importance="low", tags=("oss", "cli"), last=15, history=1,
        expect="ok",
    ),
    # -- custom cadence, paused, archived ----------------------------------
    DemoPerson(
        "Laura García", "Madrid Cloud", "Solutions architect", "Madrid", "Europe/Madrid",
        email="laura@madridcloud.example", cadence=7, tags=("cloud",), last=6, history=12,
        expect="due-soon",
    ),
    DemoPerson(
        "Ethan Brooks", "Ex-colleague", "Retired", "Portland", "America/Los_Angeles",
        email="ethan@brooks.example", cadence=0, tags=("former-colleague",), last=300,
        history=2, expect="paused", notes="Reminders off: we catch up when he visits.",
    ),
    DemoPerson(
        "Olga Ivanova", "Old Startup", "Co-founder", "Tallinn", "Europe/Tallinn",
        email="olga@oldstartup.example", tags=("founders",), last=400, history=1,
        archived=True, expect="paused",
    ),
    DemoPerson(
        "Samir Khan", "Lahore Labs", "Backend lead", "Lahore", "Asia/Karachi",
        email="samir@lahorelabs.example", cadence=60, tags=("python", "hiring"), last=55,
        history=4, expect="due-soon",
    ),
    DemoPerson(
        "Julia Novak", "Prague Data", "Analytics engineer", "Prague", "Europe/Prague",
        email="julia@praguedata.example", cadence=180, tags=("data",), last=100,
        history=3, expect="ok",
    ),
    DemoPerson(
        "Ben Carter", "Indie", "Indie hacker", "Austin", "America/Chicago",
        email="ben@indie.example", github="bencarter", tags=("founders", "typescript"),
        last=0, history=8, expect="ok",
    ),
)

#: (person's name, due in days from today, note, done)
FOLLOW_UPS: tuple[tuple[str, int, str, bool], ...] = (
    ("Kwame Mensah", -4, "Send the payments-lead intro email", False),
    ("Mei Tanaka", -1, "Review her KubeCon CFP draft", False),
    ("Amara Okafor", 2, "Mock interview for the staff promo", False),
    ("Ada Lovelace", 5, "Birthday: bring oolong tea", False),
    ("Lucas Martin", -9, "Share the hardware supplier list", False),
    ("Priya Natarajan", 10, "Finish our tutorial outline", False),
    ("Wei Chen", -20, "Send the eval harness repo", True),
    ("Rafael Souza", 14, "PyCon travel plans", False),
)

#: per interaction type, what the notes look like ({t} = a topic)
NOTE_TEMPLATES: dict[str, tuple[str, ...]] = {
    "coffee": ("talked about {t}", "coffee near the office; {t}", "catch-up: {t}"),
    "call": ("quick call about {t}", "phone catch-up, mostly {t}", "called re {t}"),
    "video-call": ("video call: {t}", "zoom about {t}", "screen-shared {t}"),
    "email": ("emailed about {t}", "replied to their email on {t}", "sent notes on {t}"),
    "message": ("DMs about {t}", "chatted about {t}", "sent a link on {t}"),
    "meetup": ("saw them at the meetup; {t}", "meetup hallway chat: {t}"),
    "conference": ("conference dinner, {t}", "met at the conference: {t}"),
    "pairing": ("paired on {t}", "pairing session: {t}"),
    "code-review": ("reviewed their PR on {t}", "code review: {t}"),
    "mentoring": ("mentoring session: {t}", "1:1 on {t}"),
    "meeting": ("meeting about {t}", "sync on {t}"),
    "intro": ("introduced them to someone for {t}",),
    "resource-shared": ("shared an article on {t}", "sent a book rec on {t}"),
    "interview": ("interviewed for a role; {t}",),
    "other": ("{t}",),
}

TOPICS: tuple[str, ...] = (
    "rust async runtimes", "their move to Berlin", "hiring a staff engineer",
    "the PyCon talk proposal", "Postgres vacuum tuning", "kids starting school",
    "open-sourcing their CLI", "SQLite in production", "taking a sabbatical",
    "Kubernetes costs", "a side project in Zig", "conference travel",
    "mentoring juniors", "their new puppy", "LLM evals", "terminal UIs",
    "the promo packet", "on-call burnout", "a startup idea", "climbing trip",
    "Go generics", "type checking a monorepo", "migrating off Heroku",
    "their wedding plans", "remote team rituals", "a talk on observability",
    "learning Japanese", "the new MacBook", "WebAssembly at the edge",
    "a failed deploy", "negotiating an offer", "writing a book", "Nix flakes",
    "the reading list", "fundraising", "visa paperwork", "property-based testing",
    "CRDTs for sync", "marathon training", "the incident review",
)

TYPE_WEIGHTS: tuple[tuple[str, int], ...] = (
    ("message", 30), ("email", 18), ("coffee", 10), ("call", 10), ("video-call", 10),
    ("meeting", 6), ("meetup", 4), ("code-review", 3), ("pairing", 3), ("mentoring", 2),
    ("conference", 1), ("resource-shared", 1), ("intro", 1), ("interview", 1),
)

FIRST_NAMES: tuple[str, ...] = (
    "Ada", "Alan", "Alice", "Amara", "Amir", "Ana", "Andrea", "Anna", "Arjun", "Aylin",
    "Ben", "Bianca", "Bo", "Carla", "Carlos", "Chen", "Chloé", "Chris", "Daniel", "Daria",
    "David", "Diego", "Dmitri", "Elena", "Eli", "Emma", "Erik", "Fatima", "Felix", "Freya",
    "Gabriel", "Grace", "Hana", "Hannah", "Hiro", "Ibrahim", "Ines", "Ivan", "Jae", "James",
    "Jin", "João", "Jonas", "Julia", "Kai", "Kenji", "Kofi", "Lara", "Laura", "Lea", "Leo",
    "Lin", "Lucas", "Luca", "Maria", "Marta", "Mateo", "Maya", "Mei", "Mia", "Mohammed",
    "Nadia", "Naomi", "Nikolai", "Noah", "Nora", "Olga", "Omar", "Oskar", "Paulo", "Priya",
    "Rafael", "Ravi", "Rosa", "Ruth", "Sam", "Sara", "Seun", "Sofia", "Sören", "Tariq",
    "Tom", "Tomás", "Uma", "Vera", "Victor", "Wei", "Xin", "Yara", "Yusuf", "Zane", "Zoë",
    "Łukasz", "Ngozi", "Thandiwe", "Mateus", "Ilse", "Farah", "Dae", "Emeka",
)

LAST_NAMES: tuple[str, ...] = (
    "Adeyemi", "Ahmed", "Alvarez", "Andersen", "Bakker", "Becker", "Bello", "Brooks",
    "Carter", "Chen", "Costa", "Demir", "Dubois", "Eriksson", "Fischer", "García",
    "Gonzalez", "Haddad", "Hansen", "Hernández", "Horvat", "Ivanova", "Jansen", "Kim",
    "Kowalski", "Kumar", "Larsen", "Lee", "Lima", "Lindqvist", "Liu", "Lopez", "Martin",
    "Mehta", "Mensah", "Meyer", "Moreau", "Müller", "Nakamura", "Ng", "Nguyen", "Nilsson",
    "Novak", "Nowak", "O'Brien", "Okafor", "Oliveira", "Park", "Patel", "Perez", "Petrov",
    "Popescu", "Rossi", "Sato", "Schmidt", "Silva", "Singh", "Smith", "Sousa", "Suzuki",
    "Tanaka", "Taylor", "Torres", "Van Dijk", "Wagner", "Wang", "Watanabe", "Weber",
    "Williams", "Wilson", "Yamamoto", "Yilmaz", "Zhang", "Zielinski", "Abara", "Osei",
    "Dlamini", "Haas", "Quispe", "Rahman",
)

COMPANIES: tuple[str, ...] = (
    "Acme Cloud", "Bitwise", "Brightpath", "ByteForge", "Cedar", "Cobalt Labs", "Datenwerk",
    "Deepfield", "Driftwood", "Edgecase", "Fernweh", "Fika Labs", "Fluxio", "Gridline",
    "Halcyon", "Helix", "Hyperloop Dev", "Ironclad", "Juniper Data", "Kestrel", "Kumo Cloud",
    "Lattice AI", "Ledgerly", "Lumen", "Meridian", "Monolith", "Nimbus", "Nordkod",
    "Northwind", "Nubo", "Oakridge", "Orbital", "Paperplane", "Polder Systems", "Quanta",
    "Quill", "Redwood", "Rustacean Co", "Sandbox", "Seoulwave", "Shopfront", "Signal Peak",
    "Skyhook", "Snowdrop", "Sparrow", "Stackline", "Tessellate", "Tidewater", "Trellis",
    "Umbra", "Vantage", "Vélo Labs", "Waypoint", "Wildflower", "Yonder", "Zephyr",
)

TITLES: tuple[str, ...] = (
    "Software engineer", "Senior software engineer", "Staff engineer", "Principal engineer",
    "Engineering manager", "CTO", "Founder", "SRE", "Data engineer", "ML engineer",
    "Frontend engineer", "Backend engineer", "Developer advocate", "Product manager",
    "Security engineer", "Designer", "Tech lead", "Consultant", "Researcher", "Recruiter",
)

LOCATIONS: tuple[tuple[str, str], ...] = (
    ("London", "Europe/London"), ("Berlin", "Europe/Berlin"), ("Paris", "Europe/Paris"),
    ("Lisbon", "Europe/Lisbon"), ("Madrid", "Europe/Madrid"), ("Amsterdam", "Europe/Amsterdam"),
    ("Stockholm", "Europe/Stockholm"), ("Warsaw", "Europe/Warsaw"), ("Lagos", "Africa/Lagos"),
    ("Nairobi", "Africa/Nairobi"), ("Accra", "Africa/Accra"), ("Cairo", "Africa/Cairo"),
    ("New York", "America/New_York"), ("San Francisco", "America/Los_Angeles"),
    ("Toronto", "America/Toronto"), ("Mexico City", "America/Mexico_City"),
    ("São Paulo", "America/Sao_Paulo"), ("Bogotá", "America/Bogota"),
    ("Bengaluru", "Asia/Kolkata"), ("Singapore", "Asia/Singapore"), ("Tokyo", "Asia/Tokyo"),
    ("Seoul", "Asia/Seoul"), ("Sydney", "Australia/Sydney"), ("Istanbul", "Europe/Istanbul"),
)

TAGS: tuple[str, ...] = (
    "rust", "python", "go", "typescript", "java", "cpp", "zig", "elixir", "kubernetes",
    "sre", "data", "ml", "security", "frontend", "backend", "mobile", "gamedev", "embedded",
    "devrel", "oss", "founders", "investor", "hiring", "recruiter", "mentor", "mentee",
    "community", "meetup", "pycon-2026", "kubecon-2026", "rustconf-2025", "fosdem-2026",
    "london", "berlin", "remote", "former-colleague", "university", "book-club",
    "climbing", "running", "design", "fintech", "healthtech", "climate", "web3", "cli",
)

DOMAINS: tuple[str, ...] = (
    "example.com", "example.org", "example.net", "mail.example", "dev.example",
)

#: Skills the bulk generator gives contacts (0-4 each, the first ones most often):
#: what `devhub stack`, `devhub match` and their screens show at scale (issue 20).
SKILLS: tuple[str, ...] = (
    "python", "javascript", "typescript", "go", "rust", "java", "postgresql", "docker",
    "kubernetes", "react", "aws", "sql", "nodejs", "linux", "terraform", "cpp", "kotlin",
    "swift", "ruby", "rails", "django", "redis", "kafka", "google-cloud", "vue", "csharp",
    "machine-learning", "pytorch", "llms", "security", "observability", "elixir",
    "webassembly", "svelte", "scala", "haskell", "zig", "sqlite", "graphql", "nixos",
)

#: Topics of TOPICS the bulk generator marks as `#topics` in notes: the same words
#: with a `#` in front (search finds the same notes: `#` is not part of a word).
HASHTAGGED: dict[str, str] = {
    "rust async runtimes": "#rust async runtimes",
    "Postgres vacuum tuning": "#Postgres vacuum tuning",
    "SQLite in production": "#SQLite in production",
    "Kubernetes costs": "#Kubernetes costs",
    "a side project in Zig": "a side project in #Zig",
    "LLM evals": "#LLM evals",
    "Go generics": "#Go generics",
    "a talk on observability": "a talk on #observability",
    "WebAssembly at the edge": "#WebAssembly at the edge",
    "Nix flakes": "#Nix flakes",
    "CRDTs for sync": "#CRDTs for sync",
    "open-sourcing their CLI": "#open-sourcing their CLI",
}

# -- categories (issue 20) ---------------------------------------------------
INDUSTRIES: tuple[str, ...] = (
    "fintech", "developer tools", "healthcare", "e-commerce", "gaming", "education",
    "media", "climate", "security", "consulting", "government", "open source",
)
RELATIONSHIPS: tuple[str, ...] = (
    "colleague", "former colleague", "friend", "mentor", "mentee", "client", "recruiter",
    "collaborator", "investor", "community",
)
#: The curated demo people's skills and industry (by name).
DEMO_SKILLS: dict[str, tuple[tuple[str, ...], str | None]] = {
    "Ada Lovelace": (("rust", "webassembly", "haskell"), "developer tools"),
    "Kwame Mensah": (("go", "postgresql", "kafka"), "fintech"),
    "Mei Tanaka": (("kubernetes", "go", "observability"), "cloud"),
    "Priya Natarajan": (("python", "open-source"), "open source"),
    "Amara Okafor": (("go", "postgresql"), "fintech"),
    "Hannah Schmidt": (("python", "apache-spark", "postgresql"), "data"),
    "Diego Hernández": (("rust", "webassembly"), "developer tools"),
    "Wei Chen": (("python", "pytorch", "llms"), "ai"),
    "Noah Williams": (("typescript", "react"), "e-commerce"),
    "Fatima Zahra": (("security", "rust"), "healthcare"),
    "Ivan Petrov": (("kubernetes", "terraform", "go"), "cloud"),
}
