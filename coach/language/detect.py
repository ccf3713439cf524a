"""Which language a draft is written in: offline, no model, well under a millisecond.

:func:`detect` scores each known language by the function words it finds (articles,
pronouns, prepositions, auxiliaries, greetings: "the", "und", "della", "vous"...) and by
character cues (ß ä ö ü for German, ò ì ù and elisions such as "dell'" or "un'" for
Italian, ñ for Spanish, ã õ for Portuguese...). A word shared by several languages
("in", "la", "non") counts for each of them in part, so only the words that tell
languages apart decide. Content words (product names, jargon) score nothing, which is
why an English error message or product name inside a German reply does not flip it.

Before scoring, what says nothing about the writer's language is dropped: HTML tags,
URLs, e-mail addresses, code (fenced blocks and `inline`), ``>``-quoted lines and words
in quotation marks (a customer's words, an error string), unless that would leave
almost nothing. The text given may be the raw draft or the cleaner's ``judged`` text.

``hint`` is a locale from elsewhere (the Zendesk requester's, e.g. "de-CH"). It only
breaks near-ties and answers when the text has no evidence at all; it never overrides a
clear reading of the text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from coach import regexcache

__all__ = ["KNOWN", "Basis", "Detection", "detect", "locale_language"]

KNOWN = ("en", "de", "it", "fr", "es", "pt", "nl")  # the languages detect() can name

MIN_EVIDENCE = 1.5  # the leading score needed to name a language from the text alone
FULL_EVIDENCE = 4.0  # from this leading score on, confidence is the plain lead over the runner-up
CLEAR_MARGIN = 0.25  # a reading at or above this confidence is never overridden by the hint

_FUNCTION_WORDS: dict[str, str] = {
    "en": """the a an and or but of to in on at for with from by about into over after is are was were be been
        being am have has had do does did done will would can could should shall may might must it its this
        that these those you your yours we our us i me my he she his her they them their there here what which
        who whom when where why how not no yes if so as than then also just only please thanks thank hi hello
        dear regards best sincerely kind wishes all any some up out get got let know now today let's it's i'm
        i've i'll i'd don't doesn't didn't can't won't isn't aren't wasn't couldn't wouldn't shouldn't we're
        we've we'll you're you've you'll that's there's what's here's sorry again soon back within until""",
    "de": """der die das den dem des ein eine einen einem einer eines und oder aber sondern denn ist sind war
        waren wird werden wurde wurden worden haben hat hatte hätte habe sein seine ihr ihre ihren ihrem ihrer
        ihres ich wir sie ihnen ihn es nicht kein keine keinen mit von vom zu zum zur auf für bei beim aus nach
        im am an um wie dass daß wenn ob auch noch schon nur sehr gern gerne bitte danke hallo grüße grüßen
        viele freundlichen geehrte geehrter liebe lieber mich mir uns unser unsere unseren dann da hier jetzt
        heute morgen kann können könnte könnten müssen muss soll sollte sollten möchte möchten dies diese dieser
        dieses diesem diesen ja nein doch mal kurz leider über unter durch gegen ohne bis sich man was wer wo
        warum weil damit einfach gleich also so will wieder bereits etwa dabei dazu darauf davon wurde gibt
        ihnen herr frau mein meine meinen meinem meiner dein deine euch euer nichts etwas alles immer
        neue neuen neues schon wieder""",
    "it": """il lo la gli le un uno una di del della dello dei degli delle al alla allo ai agli alle da dal
        dalla dallo dai dagli dalle in nel nella nello nei negli nelle su sul sulla sullo sui sugli sulle con
        per tra fra e ed o ma che non è sono ha hanno ho abbiamo avete essere stato stata stati sarà siamo può
        possiamo potrebbe deve devo mi ti ci vi si ne lei suo sua suoi sue loro questo questa questi queste
        quello quella come anche già più molto se quando dove perché poi ora oggi grazie gentile buongiorno
        salve cordiali saluti pure scriva ancora solo tutto tutti sempre subito qui mio mia nostro nostra
        nostri purtroppo entro dopo prima volta ecco sì cosa fatto quindi però senza verso presso signor
        signora sig dott posso puoi vorrei voglio riesco nuovo nuova giù dei mai niente qualcosa sempre
        nessun nessuna ogni altro altra""",
    "fr": """le la les un une des du de et ou mais est sont être avoir a ai avons avez ont je tu il elle nous
        vous ils elles ce cette ces cet qui que quoi dans pour par sur avec sans pas ne plus très votre vos
        notre nos mon ma mes son sa ses leur leurs au aux en y on si oui non merci bonjour cordialement madame
        monsieur été fait peut pouvez faire c'est n'est aussi comme tout tous bien où déjà encore nouveau
        avant après chez lui""",
    "es": """el la los las un una unos unas de del al y o pero es son está están estamos ser estar ha han he
        hemos yo tú usted ustedes nosotros su sus mi mis tu que qué en con por para sin sobre no sí muy más
        como cuando donde si lo le les se nos me te este esta esto estos ese esa gracias hola saludos cordial
        puede puedes hacer también ya todo hay ahora pedido atentamente estimado estimada señor señora""",
    "pt": """o a os as um uma uns umas de do da dos das no na nos nas em ao à aos e ou mas é são está estão
        ser foi tem têm eu você vocês nós ele ela seu sua seus suas meu minha que não sim com por para pelo
        pela sem muito mais como quando onde se lhe me te isso isto este esta esse essa obrigado obrigada olá
        atenciosamente pode fazer também já todo há agora ainda pedido prezado prezada senhor senhora""",
    "nl": """de het een en of maar is zijn was waren wordt worden heb hebt heeft hebben ik je jij u uw wij we
        ze zij hij dat die dit deze niet geen met van voor op aan bij naar uit om in te tot als ook nog al
        wel dan er hier daar kan kunt kunnen moet moeten zal zou wil hoe wat wie waar wanneer graag bedankt
        dank hallo groeten vriendelijke alstublieft even nu goed ja nee onze ons mijn jouw heel veel meer
        beste geachte mevrouw meneer""",
}

# Elided articles and prepositions glued to the next word by an apostrophe ("dell'app").
_ELISIONS: dict[str, tuple[str, ...]] = {
    "dell'": ("it",), "dall'": ("it",), "nell'": ("it",), "sull'": ("it",), "all'": ("it",),
    "un'": ("it",), "quest'": ("it",), "quell'": ("it",), "c'è": ("it",), "dov'è": ("it",),
    "com'è": ("it",), "po'": ("it",), "l'": ("it", "fr"), "d'": ("fr", "it"), "j'": ("fr",),
    "qu'": ("fr",), "n'": ("fr",), "s'": ("fr", "it"), "c'": ("fr", "it"), "m'": ("fr", "it"),
}
_ENGLISH_CLITIC_RE = regexcache.compile(r"(?:n't|'s|'re|'ve|'ll|'m|'d)$")

# Letters that few of the known languages use, and who uses them.
_LETTER_CUES: dict[str, tuple[str, ...]] = {
    "ß": ("de",), "ä": ("de",), "ö": ("de",), "ü": ("de",),
    "ò": ("it",), "ì": ("it",), "ù": ("it", "fr"), "è": ("it", "fr"), "à": ("it", "fr", "pt"),
    "é": ("fr", "es", "pt", "it"), "ñ": ("es",), "¿": ("es",), "¡": ("es",), "í": ("es", "pt"),
    "ó": ("es", "pt"), "ú": ("es", "pt"), "á": ("es", "pt"), "ç": ("fr", "pt"), "ã": ("pt",), "õ": ("pt",),
    "ê": ("fr", "pt"), "ô": ("fr", "pt"), "â": ("fr", "pt"), "î": ("fr",), "û": ("fr",), "œ": ("fr",),
    "ë": ("nl", "fr"), "ï": ("nl", "fr"),
}
_LETTER_WEIGHT = 0.5  # a cue letter is worth half a function word (words are the firmer evidence)

# Word endings typical of one or two languages ("Einstellung", "configurazione", "informação").
_SUFFIX_CUES: dict[str, tuple[str, ...]] = {
    "ung": ("de",), "ungen": ("de",), "keit": ("de",), "heit": ("de",), "lich": ("de",), "ieren": ("de",),
    "zione": ("it",), "zioni": ("it",), "mente": ("it", "es", "pt"), "ità": ("it",), "ción": ("es",),
    "ções": ("pt",), "ção": ("pt",), "tion": ("en", "fr"), "ing": ("en",), "ness": ("en",), "ly": ("en",),
    "eux": ("fr",), "ement": ("fr",), "heid": ("nl",), "lijk": ("nl",), "tje": ("nl",),
}
_SUFFIX_RE = regexcache.compile(
    r"(?:%s)$" % "|".join(sorted(map(re.escape, _SUFFIX_CUES), key=len, reverse=True))
)
_SUFFIX_WEIGHT = 0.5

# What says nothing about the writer's language, each with the marks it cannot occur without.
_NOISE: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] = (
    (("```",), regexcache.compile(r"```.*?(?:```|\Z)", re.S)),  # fenced code
    (("<",), regexcache.compile(r"<(pre|code)\b.*?(?:</\1>|\Z)|<[^<>\n]{0,300}>", re.S | re.I)),  # code, other tags
    (("&",), regexcache.compile(r"&(?:\w{1,10}|#\d{1,6});")),  # entities
    (("`",), regexcache.compile(r"`[^`\n]{0,300}`")),  # inline code
    (("://", "www."), regexcache.compile(r"\b(?:https?://|www\.)\S+", re.I)),  # URLs
    (("@",), regexcache.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+")),  # e-mail addresses
    ((">",), regexcache.compile(r"^[ \t]*>.*$", re.M)),  # quoted e-mail lines
)
_QUOTED_RE = regexcache.compile(r"\"[^\"\n]{0,200}\"|“[^“”\n]{0,200}”|„[^„“”\n]{0,200}[“”]|«[^«»\n]{0,200}»")
_CUE_LETTERS = frozenset(_LETTER_CUES)
_WORD_RE = regexcache.compile(r"[^\W\d_]+(?:['’][^\W\d_]*)*")
_MIN_KEPT_WORDS = 6  # drop quoted words only if this many words remain


class Basis(Enum):
    """What a :class:`Detection` rests on."""

    TEXT = "text"  # the draft's own words
    HINT = "hint"  # the hint broke a near-tie, or the text had no evidence
    NONE = "none"  # neither text nor hint named a language


@dataclass(frozen=True)
class Detection:
    """The language of a text: a code from :data:`KNOWN`, or ``None`` when unknown.

    ``confidence`` (0..1) is the lead of the best language over the runner-up, relative
    to the best score, scaled down while the best score is under ``FULL_EVIDENCE`` (a
    one-line draft is less certain than a paragraph); ``scores`` are all non-zero scores,
    best first.
    """

    lang: str | None
    confidence: float
    basis: Basis
    scores: tuple[tuple[str, float], ...] = ()


def _build_lexicon() -> dict[str, tuple[str, ...]]:
    owners: dict[str, list[str]] = {}
    for lang, words in _FUNCTION_WORDS.items():
        for word in words.split():
            owners.setdefault(word, []).append(lang)
    for form, langs in _ELISIONS.items():
        owners.setdefault(form, []).extend(langs)
    return {word: tuple(dict.fromkeys(langs)) for word, langs in owners.items()}


_LEXICON = _build_lexicon()


def locale_language(locale: str | None) -> str | None:
    """The language of a locale such as "de-CH", "it_IT" or "EN-us", if it is one of :data:`KNOWN`."""
    if not locale:
        return None
    code = re.split(r"[-_]", locale.strip().lower(), maxsplit=1)[0]
    return code if code in KNOWN else None


def detect(text: str, hint: str | None = None) -> Detection:
    """The language of ``text``; ``hint`` (a locale) only breaks near-ties or stands in for no evidence."""
    scores = _score(_meaningful_text(text))
    ranked = tuple(sorted(((lang, round(s, 2)) for lang, s in scores.items() if s > 0), key=lambda p: -p[1]))
    hinted = locale_language(hint)
    best, top = ranked[0] if ranked else (None, 0.0)
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    if top < MIN_EVIDENCE or top == runner_up:
        return Detection(hinted, 0.0, Basis.HINT if hinted else Basis.NONE, ranked)
    confidence = round((top - runner_up) / top * min(1.0, top / FULL_EVIDENCE), 3)
    if confidence < CLEAR_MARGIN and hinted and hinted != best and scores[hinted] >= runner_up:
        return Detection(hinted, confidence, Basis.HINT, ranked)
    return Detection(best, confidence, Basis.TEXT, ranked)


def _meaningful_text(text: str) -> str:
    """``text`` without markup, code, links, quoted e-mail and (if enough is left) quoted words."""
    for marks, pattern in _NOISE:
        if any(mark in text for mark in marks):
            text = pattern.sub(" ", text)
    unquoted = _QUOTED_RE.sub(" ", text)
    if unquoted is text or len(unquoted) == len(text):
        return text
    return unquoted if len(_WORD_RE.findall(unquoted)) >= _MIN_KEPT_WORDS else text


def _score(text: str) -> dict[str, float]:
    scores = dict.fromkeys(KNOWN, 0.0)
    counts = Counter(_WORD_RE.findall(text))
    scores["en"] += counts.pop("I", 0)  # the English pronoun; a lower-case "i" is the Italian article
    for word, n in counts.items():
        for lang, weight in _cues(word):
            scores[lang] += weight * n
    for letter in _CUE_LETTERS.intersection(text):
        for lang, weight in _letter_cues(letter):
            scores[lang] += weight * text.count(letter)
    return scores


@lru_cache(maxsize=65536)
def _cues(word: str) -> tuple[tuple[str, float], ...]:
    """What one word (as written) says: its function-word owners and its suffix's, with weights."""
    word = word.lower().replace("’", "'")
    cues = _shares(_word_owners(word), 1.0)
    suffix = _SUFFIX_RE.search(word) if len(word) > 5 else None
    if suffix:
        cues += _shares(_SUFFIX_CUES[suffix.group()], _SUFFIX_WEIGHT)
    return cues


@lru_cache(maxsize=64)
def _letter_cues(letter: str) -> tuple[tuple[str, float], ...]:
    return _shares(_LETTER_CUES[letter], _LETTER_WEIGHT)


def _word_owners(word: str) -> tuple[str, ...]:
    """The languages whose function words include ``word`` (or its elided article, or its English clitic)."""
    owners = _LEXICON.get(word)
    if owners is not None or "'" not in word:
        return owners or ()
    if _ENGLISH_CLITIC_RE.search(word):
        return ("en",)
    head = word[: word.index("'") + 1]
    return _LEXICON.get(head, ())


def _shares(langs: tuple[str, ...], weight: float) -> tuple[tuple[str, float], ...]:
    """``weight`` split evenly among ``langs``: a cue shared by three languages is a third as telling."""
    return tuple((lang, weight / len(langs)) for lang in langs)
