"""Skills and topics: one spelling for each technology.

A contact's skills (`rust`, `kubernetes`) and the topics of an interaction note
(`talked about #rust and #wasm`) are normalised the same way: lower-cased, a
leading ``#`` dropped, inner spaces made ``-``, and a common alias replaced by its
one name (`js` → `javascript`, `k8s` → `kubernetes`, `golang` → `go`). A skill
the table doesn't know is kept as typed, lower-cased.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from devhub_tui.core.validation import ValidationError

__all__ = [
    "MAX_SKILL_LEN",
    "SKILL_ALIASES",
    "extract_topics",
    "normalize_skill",
    "normalize_skills",
    "parse_skills",
    "suggest_skills",
]

#: Longest skill or topic (characters, after normalising).
MAX_SKILL_LEN = 40
#: Most skills one contact carries.
MAX_SKILLS = 100

#: alias → the one name. Keys and values are already lower-case.
SKILL_ALIASES: dict[str, str] = {
    # languages
    "js": "javascript", "ecmascript": "javascript", "es6": "javascript",
    "node": "nodejs", "node.js": "nodejs", "node-js": "nodejs",
    "ts": "typescript",
    "py": "python", "python3": "python", "py3": "python",
    "golang": "go", "go-lang": "go",
    "rs": "rust", "rustlang": "rust", "rust-lang": "rust",
    "c++": "cpp", "cplusplus": "cpp", "c-plus-plus": "cpp",
    "c#": "csharp", "c-sharp": "csharp", "dotnet": ".net", "dot-net": ".net",
    "objective-c": "objc", "obj-c": "objc",
    "rb": "ruby", "ror": "rails", "ruby-on-rails": "rails", "rubyonrails": "rails",
    "kt": "kotlin",
    "ex": "elixir", "exs": "elixir",
    "erl": "erlang",
    "hs": "haskell",
    "ml": "machine-learning", "machine learning": "machine-learning",
    "sh": "shell", "bash": "shell", "zsh": "shell", "shell-script": "shell",
    "ps": "powershell", "pwsh": "powershell",
    "clj": "clojure",
    "pl": "perl",
    "r-lang": "r", "rlang": "r",
    "jl": "julia",
    "zig-lang": "zig",
    "sol": "solidity",
    # web
    "reactjs": "react", "react.js": "react", "react-js": "react",
    "vuejs": "vue", "vue.js": "vue", "vue-js": "vue",
    "angularjs": "angular", "angular.js": "angular",
    "nextjs": "next.js", "next": "next.js",
    "nuxtjs": "nuxt", "nuxt.js": "nuxt",
    "sveltekit": "svelte",
    "tailwindcss": "tailwind", "tailwind-css": "tailwind",
    "wasm": "webassembly", "web-assembly": "webassembly",
    "gql": "graphql",
    "html5": "html", "css3": "css",
    "django-rest-framework": "django", "drf": "django",
    "fast-api": "fastapi",
    "expressjs": "express", "express.js": "express",
    # data
    "postgres": "postgresql", "psql": "postgresql", "pg": "postgresql", "pgsql": "postgresql",
    "mongo": "mongodb",
    "mssql": "sql-server", "sqlserver": "sql-server",
    "es": "elasticsearch", "elastic": "elasticsearch",
    "sqlite3": "sqlite",
    "redis-db": "redis",
    "dynamo": "dynamodb",
    "kafka-streams": "kafka", "apache-kafka": "kafka",
    "spark": "apache-spark", "pyspark": "apache-spark",
    "tf": "terraform",
    "tensorflow2": "tensorflow",
    "torch": "pytorch",
    "sklearn": "scikit-learn", "scikit": "scikit-learn",
    "ai": "artificial-intelligence",
    "llm": "llms", "large-language-models": "llms",
    "dl": "deep-learning", "deep learning": "deep-learning",
    "nlp": "natural-language-processing",
    "cv": "computer-vision",
    # infra
    "k8s": "kubernetes", "kube": "kubernetes",
    "gcp": "google-cloud", "google-cloud-platform": "google-cloud",
    "aws-cloud": "aws", "amazon-web-services": "aws",
    "azure-cloud": "azure", "ms-azure": "azure",
    "docker-compose": "docker",
    "gh-actions": "github-actions", "gha": "github-actions",
    "ci-cd": "ci/cd", "cicd": "ci/cd",
    "linux-kernel": "linux",
    "ansible-playbooks": "ansible",
    "nix-os": "nixos",
    "infra": "infrastructure", "iac": "infrastructure-as-code",
    "sre": "site-reliability", "devops-engineering": "devops",
    "o11y": "observability",
    "otel": "opentelemetry",
    # mobile and other
    "ios-dev": "ios", "swiftui": "swift",
    "android-dev": "android",
    "rn": "react-native", "reactnative": "react-native",
    "flutter-dev": "flutter",
    "ux": "ux-design", "ui": "ui-design",
    "pm": "product-management",
    "sec": "security", "infosec": "security", "appsec": "security",
    "crypto": "cryptography",
    "blockchain-dev": "blockchain",
    "oss": "open-source", "foss": "open-source", "opensource": "open-source",
    "db": "databases", "dbs": "databases",
    "a11y": "accessibility",
    "i18n": "internationalization",
    "gamedev": "game-development",
    "embedded-systems": "embedded",
}

_SPACES = re.compile(r"\s+")
#: What a skill may hold after normalising: letters (any script), digits, and
#: the marks technology names use (c++, c#, .net, ci/cd, next.js).
_ALLOWED = re.compile(r"^[\w.+#/-]+$")
#: `#word` in a note: the word after a `#` that starts a word (not `a#b`, not `#1`).
_TOPIC = re.compile(r"(?<![\w#&])#([^\W\d_][\w.+#/-]*)")


def normalize_skill(text: str) -> str:
    """The one name of a skill typed as `text`, or ValidationError (one line)."""
    raw = (text or "").strip().lower()
    raw = raw.lstrip("#").strip()
    raw = raw.rstrip(".,;:!?").strip() if raw not in SKILL_ALIASES else raw
    if not raw:
        raise ValidationError("a skill can't be empty")
    if raw in SKILL_ALIASES:
        return SKILL_ALIASES[raw]
    raw = _SPACES.sub("-", raw)
    if raw in SKILL_ALIASES:
        return SKILL_ALIASES[raw]
    if len(raw) > MAX_SKILL_LEN:
        raise ValidationError(f"a skill is at most {MAX_SKILL_LEN} characters")
    if not _ALLOWED.match(raw):
        raise ValidationError(
            f"'{raw[:MAX_SKILL_LEN]}' is not a skill: use letters, digits and . + # / -"
        )
    return raw


def normalize_skills(values: Iterable[str]) -> list[str]:
    """Each value normalised, duplicates dropped, sorted (ValidationError on a bad one)."""
    out = sorted({normalize_skill(v) for v in values if v and v.strip()})
    if len(out) > MAX_SKILLS:
        raise ValidationError(f"a contact has at most {MAX_SKILLS} skills")
    return out


def parse_skills(value: str | Iterable[str]) -> list[str]:
    """Skills typed as one comma-separated text (the form) or one per item (the
    CLI's repeated --skill, where an item may itself hold commas)."""
    items = [value] if isinstance(value, str) else list(value)
    parts = [p for item in items for p in item.split(",")]
    return normalize_skills(parts)


def extract_topics(note: str) -> list[str]:
    """The `#topics` of an interaction note, normalised, in order of first use."""
    out: list[str] = []
    for match in _TOPIC.finditer(note or ""):
        try:
            topic = normalize_skill(match.group(1))
        except ValidationError:
            continue
        if topic not in out:
            out.append(topic)
    return out


#: A topic talked about this many times (or more) is suggested as a skill.
SUGGEST_MIN_TALKS = 2


def suggest_skills(topic_counts: Iterable[tuple[str, int]], skills: Iterable[str],
                   min_count: int = SUGGEST_MIN_TALKS) -> list[str]:
    """The topics talked about at least `min_count` times that are not yet skills, in
    the order given (most talked about first): what the contact screen offers to add
    (nothing changes unless the user accepts)."""
    have = set(skills)
    return [t for t, n in topic_counts if n >= min_count and t not in have]
