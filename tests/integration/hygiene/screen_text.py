"""What a page shows a reader, and the raw codes in it.

The visible text is every text node but those of script, style, template and textarea
(a form field's value), with no attribute value; a select's options are read, since
their text is what the user chooses from. A raw code is:

- a token with an underscore (``NINE_DAYS``, ``due_on``);
- an enum value the code knows, standing alone (``OTHER``, ``DBNT``, ``investigation``);
- an ASCII word of three letters or more that is not a Vietnamese syllable written
  without marks (``Clock``, ``DENUNCIATION``, ``YYYY``), or is a common English word
  that happens to have a syllable's shape (``the``, ``not``, ``set``);
- a date written the ISO way (``2026-03-02``) or a length as a number and a unit
  letter (``2m``, ``15d``);
- an abbreviation of a crime category with no legend on the same page.
"""

from __future__ import annotations

import enum
import importlib
import pkgutil
import re
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words a Vietnamese page may show in Latin letters, each for a reason; no more than the
# pages use (and the API, named on no page yet).
ALLOWED_WORDS = frozenset(
    {
        # the product's name, and the language switch's "English" (a language is named
        # in itself, so that its reader finds it)
        "phoihop",
        "english",
        # formats and services known by their own names: the files a user picks, the
        # platforms where false information was seen, "video" as Vietnamese says it
        "email",
        "pdf",
        "docx",
        "xlsx",
        "csv",
        "word",
        "excel",
        "api",
        "facebook",
        "youtube",
        "video",
        # Vietnamese abbreviations, spelled as the bodies and laws spell them: the
        # procuracy, the court, civil enforcement, the procuracy's appellate offices, the
        # party inspection commission, the people's committee, the codes and circulars;
        # and "joint-stock commercial" and "limited" in company names
        "vks",
        "vksnd",
        "tand",
        "thads",
        "ksxx",
        "ubkt",
        "ubnd",
        "bltths",
        "blds",
        "ttlt",
        "tmcp",
        "tnhh",
        # a signature's authority words, as Decree 30/2020 and HD 36 write them (T/M,
        # K/T, T/L, TUQ): the signing form offers them by name
        "tuq",
    }
)

# Words with a syllable's shape that a Vietnamese page never uses as Vietnamese. Words
# that are also Vietnamese written without marks (ban, can, tin, con, an) are not here.
ENGLISH_WORDS = _words(
    """
    the then than that them this not get set let hit but cut put got lot hot top map tap
    pen ten men man met net gap bit bet pot tip dot nap rat sit sun hat him hut ton cap
    cat cop lap lip mop nut pit rip sat tan tap vet via yet bin gin kit lit mat pat pun
    """
)

# The abbreviations of the Penal Code's crime categories (Art. 9) and what a page that
# uses one must also say.
CATEGORY_LEGEND = {
    "ĐBNT": "đặc biệt nghiêm trọng",
    "RNT": "rất nghiêm trọng",
    "NT": "nghiêm trọng",
    "ÍNT": "ít nghiêm trọng",
}

# The consonants a syllable may begin with, longest first.
_ONSETS = ("ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", *"bcdghklmnprstvx")
_RHYMES = _words(
    """
    a ac ach ai am an ang anh ao ap at au ay
    e ec em en eng eo ep et
    i ia ich im in inh ip it iu
    o oa oac oach oai oam oan oang oanh oao oap oat oay oc oe oem oen oeo oet oi om on
    ong ooc oong op ot
    u ua uc ui um un ung up ut uy uya uych uyn uynh uyt uyu
    y
    """
)

_TOKEN = re.compile(r"[^\W\d][\w]*")
# What identifies a record rather than saying something: a national case code
# (HCM-2026-000052) or a web address (facebook.com/…); user names and agency codes are
# given. And the mask a date field shows (dd/mm/yyyy), as its placeholder shows it.
_IDENTIFIER = re.compile(
    r"\b[A-Z]{2,4}-\d{4}-\d+\b|\b[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|vn)\b(?:/\S*)?"
    r"|\bdd/mm/yyyy\b"
)
_CHUNK = re.compile(r"[^\s(),;:«»]+")
_ROMAN = re.compile(r"[IVXL]+")
_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_UNIT_LENGTH = re.compile(r"\b\d+[mdh]\b")
_SKIPPED = frozenset({"script", "style", "template", "textarea"})
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


def vietnamese_syllable(word: str) -> bool:
    """A Vietnamese syllable written without marks (the only ones ASCII can hold)."""
    word = word.lower()
    if word in _RHYMES:
        return True
    for onset in _ONSETS:
        if word.startswith(onset) and word[len(onset) :] in _RHYMES:
            return True
    # gi- before a consonant rhyme reads its i as the vowel: gin, gip, git
    return word.startswith("g") and word[1:] in _RHYMES and word[1] == "i"


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skipping.append(tag)
        elif tag not in _VOID:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if self._skipping and self._skipping[-1] == tag:
            self._skipping.pop()
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return re.sub(r"\s+", " ", "".join(parser.parts)).strip()


@cache
def enum_values() -> frozenset[str]:
    """Every string value of the project's enums (TextChoices, StrEnum, Enum), and the
    codes of the clocks and of their cases."""
    import phoihop
    from phoihop.domain.clocks import CATALOG

    for module in pkgutil.walk_packages(phoihop.__path__, "phoihop."):
        if any(part in module.name for part in (".migrations", ".management", "phoihop.cli")):
            continue
        importlib.import_module(module.name)
    values: set[str] = set()
    pending = [enum.Enum]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("phoihop."):
            values.update(m.value for m in cls if isinstance(m.value, str))  # type: ignore[var-annotated]
    for code, rule in CATALOG.items():
        values.update((code, *rule.variants))
    return frozenset(
        v for v in values if len(v) >= 2 and re.fullmatch(r"\w+", v) and not v.isdigit()
    )


@dataclass(frozen=True)
class Finding:
    token: str
    why: str
    context: str


def _around(text: str, start: int, end: int) -> str:
    return text[max(0, start - 40) : end + 40]


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group())


def raw_codes(text: str, identifiers: frozenset[str] = frozenset()) -> list[Finding]:
    """The raw codes in a page's visible text, each with the words around it.
    ``identifiers`` are shown as they are: what a user types to sign in, an agency's
    code in the import file's help."""
    found: list[Finding] = []
    enums = enum_values()
    said = _CHUNK.sub(
        lambda m: _blank(m) if m.group().rstrip(".") in identifiers else m.group(),
        _IDENTIFIER.sub(_blank, text),
    )
    for match in _TOKEN.finditer(said):
        token = match.group()
        why = ""
        if "_" in token and re.search(r"[^\W\d_]", token):
            why = "code with an underscore"
        elif token in CATEGORY_LEGEND:
            if CATEGORY_LEGEND[token] not in text.lower():
                why = "abbreviation without its legend on the page"
        elif token in enums and token.lower() not in ALLOWED_WORDS:
            why = "enum value"
        elif (
            token.isascii()
            and len(token) >= 3
            and token.lower() not in ALLOWED_WORDS
            and not _ROMAN.fullmatch(token)
            and not any(c.isdigit() for c in token)  # a designation: PC09, QH15
        ):
            if token.lower() in ENGLISH_WORDS:
                why = "English word"
            elif not vietnamese_syllable(token):
                why = "not Vietnamese"
        if why:
            found.append(Finding(token, why, _around(text, match.start(), match.end())))
    for pattern, why in ((_ISO_DATE, "date not dd/mm/yyyy"), (_UNIT_LENGTH, "length code")):
        for match in pattern.finditer(text):
            found.append(Finding(match.group(), why, _around(text, match.start(), match.end())))
    return found
