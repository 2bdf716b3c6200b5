"""The sign-up form's pages: HTML with one hashed inline style, security headers.

Everything a visitor typed goes through `h` (HTML escaping).
"""

from __future__ import annotations

import base64
import hashlib
import html
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from devhub_tui.connect.store import MAX_TALK_LEN, TokenInfo

CSRF_FIELD = "csrf"

_STYLE = """
*{box-sizing:border-box}
body{margin:0;font:17px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
background:#f6f7f9;color:#16181d}
main{max-width:34rem;margin:0 auto;padding:1.25rem 1rem 2.5rem}
h1{font-size:1.45rem;margin:.2rem 0 .25rem}
.event{color:#4a5060;margin:0 0 1.2rem}
label{display:block;font-weight:600;margin:1rem 0 .3rem}
.hint{font-weight:400;color:#5a6070;font-size:.9rem}
input,textarea{width:100%;font:inherit;font-size:17px;padding:.7rem .75rem;
border:1px solid #b8bdc8;border-radius:.55rem;background:#fff;color:#16181d}
textarea{min-height:6.5rem;resize:vertical}
input:focus,textarea:focus{outline:3px solid #7aa7ff;border-color:#2f6fed}
button{margin-top:1.4rem;width:100%;padding:.9rem;font:inherit;font-weight:700;
border:0;border-radius:.6rem;background:#2f6fed;color:#fff}
.error{color:#b3261e;font-size:.95rem;margin:.3rem 0 0}
.notice{margin-top:1.8rem;padding:.9rem 1rem;background:#eef1f6;border-radius:.6rem;
font-size:.92rem;color:#3c4250}
.notice h2{font-size:1rem;margin:0 0 .4rem}
.big{font-size:1.1rem}
""".strip()
_STYLE_HASH = base64.b64encode(hashlib.sha256(_STYLE.encode()).digest()).decode()

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        f"default-src 'none'; style-src 'sha256-{_STYLE_HASH}'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def secured(resp: web.StreamResponse) -> web.StreamResponse:
    """Every reply carries the security headers, and no software version."""
    resp.headers.update(SECURITY_HEADERS)
    resp.headers["Server"] = "devhub"
    return resp


def h(value: Any) -> str:
    """HTML-escape anything for text and attribute values."""
    return html.escape(str(value), quote=True)


@dataclass
class Page:
    status: int
    title: str
    body: str


def _layout(title: str, body: str) -> str:
    return (
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<meta name=\"robots\" content=\"noindex\">"
        f"<title>{h(title)}</title><style>{_STYLE}</style></head>"
        f"<body><main>{body}</main></body></html>\n"
    )


def message_page(status: int, title: str, text: str) -> Page:
    return Page(status, title, f"<h1>{h(title)}</h1><p class=\"big\">{h(text)}</p>")


REJECTED_PAGES = {
    "unknown": (
        404,
        "This link isn't valid",
        "This Quick Connect link doesn't exist. Ask for the QR code again. Nothing was saved.",
    ),
    "expired": (
        410,
        "This link has expired",
        "This Quick Connect link has expired. Ask for a fresh QR code. Nothing was saved.",
    ),
    "used-up": (
        410,
        "This link has been used up",
        "This Quick Connect link has been used as often as allowed. Ask for a fresh QR "
        "code. Nothing was saved.",
    ),
}


def rejected_page(reason: str) -> Page:
    status, title, text = REJECTED_PAGES.get(reason, REJECTED_PAGES["unknown"])
    return message_page(status, title, text)


def render(page: Page) -> web.Response:
    return web.Response(
        status=page.status,
        text=_layout(page.title, page.body),
        content_type="text/html",
        charset="utf-8",
    )


def form_page(
    owner_name: str,
    info: TokenInfo,
    csrf: str,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Page:
    values = values or {}
    errors = errors or {}
    owner = h(owner_name)
    where = " · ".join(
        x for x in (info.event_name, info.event_location, info.event_session) if x
    )

    def err(name: str) -> str:
        if name not in errors:
            return ""
        return f'<p class="error" id="{name}-error">{h(errors[name])}</p>'

    def val(name: str) -> str:
        return h(values.get(name, ""))

    body = (
        f"<h1>Connect with {owner}</h1>"
        + (f'<p class="event">{h(where)}</p>' if where else "")
        + ('<p class="error" id="form-error">Please check the fields below.</p>'
           if errors else "")
        + '<form method="post" autocomplete="on" novalidate>'
        f'<input type="hidden" name="{CSRF_FIELD}" value="{h(csrf)}">'
        '<label for="name">Your name</label>'
        '<input id="name" name="name" autocomplete="name" maxlength="200"'
        f' value="{val("name")}">'
        f"{err('name')}"
        '<label for="email">Email <span class="hint">(optional)</span></label>'
        '<input id="email" name="email" type="email" inputmode="email" autocomplete="email"'
        f' autocapitalize="none" spellcheck="false" maxlength="254" value="{val("email")}">'
        f"{err('email')}"
        '<label for="github">GitHub username <span class="hint">(optional)</span></label>'
        '<input id="github" name="github" autocomplete="username" autocapitalize="none"'
        f' spellcheck="false" maxlength="100" value="{val("github")}">'
        f"{err('github')}"
        '<label for="talk">What we talked about <span class="hint">(optional)</span>'
        "</label>"
        f'<textarea id="talk" name="talk" maxlength="{MAX_TALK_LEN}">{val("talk")}</textarea>'
        f"{err('talk')}"
        f'<button type="submit" id="send">Send my details to {owner}</button>'
        "</form>"
        '<section class="notice" id="privacy"><h2>What happens to this</h2>'
        f"<p>What you type here (name, email, GitHub username and note) is sent only to "
        f"{owner}'s laptop on this network and saved in {owner}'s own devhub contacts "
        "file there. It is not sent to any cloud service or shared with anyone else. "
        "If you give a GitHub username, devhub looks up your public GitHub profile "
        "(name, company, blog, location, bio) to fill in the blanks. The only cookie "
        "protects this form against forgery; nothing tracks you. To have your details "
        f"removed, ask {owner}.</p></section>"
    )
    return Page(status, f"Connect with {owner_name}", body)
