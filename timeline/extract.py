"""Stage: turn an article's sentences into event reports.

A report is one article's statement that something happened (or will, or must happen).
Each part of a sentence (``clauses``) becomes a report, dated by the date expression inside
it; a date that premodifies a noun ("the 2015 downing of a Russian jet") dates that noun
phrase. An undated "he said" after a quote, or further words of a speaker whose statement
is dated, are more mentions of that statement. Order cues become ``links`` between reports
of the same article. Merging reports of the same happening across articles, and ordering
them, are later stages.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace

from .clauses import NEXT_CUE, Part, clauses, datable, order_phrase, part_at, pending, tells_nothing
from .records import Article, Event, Mention, Sentence, Timex, When
from .sentences import split_sentences
from .timevalues import value_range
from .lexicon import alternation, word_set
from .titles import future_clause, headline, main_predicate, nominal_headline, strip_expression, subject_of
from .verbs import base_form, find_verb
from .wording import content_words

__all__ = ["datable", "pending", "event_id", "when_of", "extract_reports", "clauses", "Part"]

PRONOUNS = frozenset({"he", "she", "they"})
# How many paragraphs back a statement's further words may follow its dated report.
STATEMENT_PARAGRAPHS = 4
# A phrase naming a happening told elsewhere is short ("after his return from South Africa").
REFERENCE_WORDS = 4
# How far after a verb of saying a date still dates the saying ("said on Thursday").
SPEECH_WORDS = 3


def when_of(timex: Timex | None) -> When:
    if timex is None or not datable(timex):
        return When()
    first, last = value_range(timex.value) or (None, None)
    if timex.end_value and (end := value_range(timex.end_value)):
        last = end[1]
    return When(value=timex.value, start=first, end=last, granularity=timex.granularity, mod=timex.mod)


_NOT_IN_ID = re.compile(r"[^a-z0-9-]+")


def event_id(when: When, mention: Mention) -> str:
    """An id from the event's content: its date and its first report, URL-safe."""
    key = "|".join(map(str, (when.value, *mention.key)))
    digest = hashlib.sha1(key.encode()).hexdigest()[:8]
    stem = _NOT_IN_ID.sub("", (when.value or "undated").lower().replace(":", ""))
    return f"{stem or 'undated'}-{digest}"


_ANAPHORIC_VERB = re.compile(rf"\s+(?:\w+ed|{alternation('anaphoric_verbs')})\b")


def anaphoric(text: str) -> bool:
    subject = _ANAPHORIC_VERB.split(text.lower(), maxsplit=1)[0]
    return subject.strip(" ,") in word_set("anaphora")


NEGATED = re.compile(rf"\b(?:{alternation('negations')})\b", re.I)
# A determiner or possessive right before a date makes the date a premodifier of a noun
# phrase ("the 2015 downing of a Russian jet", "his March 2025 proposal").
_PREMODIFIER = re.compile(rf"(?:\b(?:{alternation('determiners')})|[’']s)\s+$", re.I)
_FRAME = re.compile(rf"^\W*(?:{alternation('leading_adverbials')})\s+$", re.I)
_PHRASE_END = re.compile(r",|;|\s+[–—-]\s+|\s+\(|\s+(?:which|that|who|and|but|while)\b|[.!?](?:\s|$)")
DEMONSTRATIVE = re.compile(r"^(?:these|those|this|that)\s+(\w+)$", re.I)


@dataclass(frozen=True)
class Context:
    """The article and sentence being read."""

    article: Article
    sentence: Sentence
    timexes: tuple[Timex, ...]


@dataclass(frozen=True)
class Reading:
    """What has been read of one article so far; every clause read gives a new one."""

    events: tuple[Event, ...] = ()
    links: tuple[tuple[str, str, str], ...] = ()  # (earlier id, later id, cue)
    references: tuple[tuple[str, int, int, str, str], ...] = ()  # (event id, start, end, direction, cue)
    last_subject: str = ""

    def adding(self, event: Event, subject: str) -> Reading:
        """With one more report (made for every clause: cheaper than ``dataclasses.replace``)."""
        return Reading(self.events + (event,), self.links, self.references, subject or self.last_subject)


def _title(part: Part, expression: str | None, nominal: bool, last: str) -> tuple[str, str]:
    """The clause's headline and subject, a pronoun or demonstrative read as the subject before."""
    if nominal and find_verb(part.text.split()) is None:
        return nominal_headline(strip_expression(part.text, expression)), ""
    title = headline(part.text, expression)
    subject = "" if nominal else subject_of(part.text, expression)
    known = last[:1].isupper() and last.lower() not in PRONOUNS and last.lower() not in word_set("anaphora")
    demonstrative = DEMONSTRATIVE.match(subject)
    if known and (subject.lower() in PRONOUNS or demonstrative and last.lower().endswith(demonstrative[1].lower())):
        title, subject = re.sub(r"^\w+(?:\s+\w+)?" if demonstrative else r"^\w+", last, title, count=1), last
    first = title.split()[0] if title else ""
    if base_form(first) and known:  # "... and later brokered a deal"
        title, subject = headline(f"{last} {part.text}", expression), last
    return title, subject


def add(reading: Reading, context: Context, part: Part, nominal: bool = False) -> tuple[Reading, Event]:
    """The reading with one more report: the happening ``part`` tells."""
    expression = part.timex.text if part.timex else None
    title, subject = _title(part, expression, nominal, reading.last_subject)
    title = title or headline(context.sentence.text)
    sentence = context.sentence
    mention = Mention(
        article=context.article.id, text=sentence.text, start=sentence.start, end=sentence.end,
        expression=expression, timex=part.timex, paragraph=sentence.paragraph,
        clause=part.text, clause_start=part.start,
    )
    when = when_of(part.timex)
    event = Event(
        id=event_id(when, mention), title=title, when=when, mentions=(mention,),
        future=not when.known and future_clause(part.text), candidate=not when.known and part.timex is None,
        subject=subject,
    )
    return reading.adding(event, subject), event


def read_clause(reading: Reading, context: Context, part: Part) -> Reading:
    """One clause: its own happening, the happening of its order phrase, and their links."""
    text = context.article.text
    phrase = order_phrase(part)
    main, other = part, None
    if phrase:
        direction, cue, start, end = phrase
        other = part_at(text, start, end, context.timexes)
        cue_at = start - len(cue)
        leading = cue_at <= part.start + 1
        main = part_at(text, end, part.end, context.timexes) if leading else part_at(text, part.start, cue_at, context.timexes)
        if main.timex is None and not leading and part.timex is not None and part.timex.start < cue_at:
            main = replace(main, timex=part.timex)
        if other.timex is not None and not strip_expression(other.text, other.timex.text).strip(" ,.;"):
            if cue in word_set("order_cues", "onset") and main.timex is None:  # "has been trying since December"
                main = replace(main, timex=other.timex)
            other = None  # a bare date names no happening of its own
    previous = reading.events[-1] if reading.events else None
    reading, here = _main(reading, context, main, other is not None)
    if part.sequence == "next" and previous is not None and here is not None:
        cue_match = NEXT_CUE.match(part.text)
        reading = replace(reading, links=reading.links + ((previous.id, here.id, cue_match.group().lower() if cue_match else "and"),))
    if other is not None:
        reading = _phrase(reading, context, other, here, direction, cue)
    return reading


def _main(reading: Reading, context: Context, main: Part, has_phrase: bool) -> tuple[Reading, Event | None]:
    statement = _statement_of(reading, context, main)
    if statement is not None:
        return _more_words(reading, context, main, statement)
    if anaphoric(main.text):
        referent = next((e for e in reversed(reading.events) if e.mentions[0].timex is not None), None)
        if has_phrase or main.timex is None or referent is None:
            return reading, referent
        return add(reading, context, _object_of(main, referent), nominal=True)  # "This expands on his March 2025 proposal"
    if not main.text or main.timex is None and find_verb(main.text.split()) is None:
        return reading, None
    if NEGATED.search(main.text):
        return reading, None  # "have not held any talks since ...": nothing happened
    phrase = premodified(main, context.article.text)
    if phrase is not None:
        return add(reading, context, phrase, nominal=True)
    return add(reading, context, _speech_date(main))


def _statement_of(reading: Reading, context: Context, part: Part) -> Event | None:
    """The dated statement an undated "he said" / "the ministry added" continues: the
    speaker's last report, when it is dated to a day or week."""
    if part.timex is not None and datable(part.timex) or main_predicate(part.text) != "say":
        return None
    words = part.text.split()
    subject = (reading.last_subject if words and base_form(words[0]) else subject_of(part.text)).lower()
    if not subject:
        return None
    for event in reversed(reading.events):
        if context.sentence.paragraph - event.mentions[0].paragraph > STATEMENT_PARAGRAPHS:
            return None
        speaker = event.subject.lower()
        if speaker in PRONOUNS or speaker in word_set("anaphora"):
            continue
        same = subject.split()[-1] == speaker.split()[-1] if speaker else False
        said = main_predicate(event.mentions[0].clause or event.mentions[0].text) == "say"
        if subject in PRONOUNS | {"it"} and speaker and said or same:
            dated = event.when.known and event.when.granularity in ("day", "week", "time")
            return event if dated and not event.future else None
    return None


def _more_words(reading: Reading, context: Context, part: Part, statement: Event) -> tuple[Reading, Event]:
    """The statement with one more mention: the clause that carries more of its words."""
    sentence = context.sentence
    mention = Mention(
        article=context.article.id, text=sentence.text, start=sentence.start, end=sentence.end,
        paragraph=sentence.paragraph, clause=part.text, clause_start=part.start,
    )
    grown = replace(statement, mentions=statement.mentions + (mention,))
    events = tuple(grown if e.id == statement.id else e for e in reading.events)
    return replace(reading, events=events), grown


def premodified(part: Part, text: str) -> Part | None:
    """The noun phrase a date premodifies ("the 2015 downing of a Russian jet"): the happening
    the date belongs to, rather than the clause around it."""
    timex = part.timex
    determiner = _PREMODIFIER.search(text[part.start:timex.start]) if timex is not None and datable(timex) else None
    if determiner is None:
        return None
    before = text[part.start:part.start + determiner.start()]
    if _FRAME.match(before):
        return None  # "In a July 16 press conference, Jobs said ...": the date frames the clause
    start = part.start + determiner.start()
    if determiner.group()[:1] in "’'":  # a possessor's name: "Macron’s 2025 plan"
        name = re.search(r"(?:[A-Z][\w.-]*\s+)*[A-Z][\w.-]*$", before)
        if name is None:
            return None
        start = part.start + name.start()
    end_match = _PHRASE_END.search(text, timex.end, part.end)
    end = end_match.start() if end_match else part.end
    if len(text[timex.end:end].split()) < 1:
        return None
    return replace(part, start=start, end=end, text=text[start:end])


def _phrase(reading: Reading, context: Context, other: Part, here: Event | None, direction: str, cue: str) -> Reading:
    if here is None:
        return reading
    if other.timex is not None and datable(other.timex):
        reading, target_event = add(reading, context, other, nominal=True)
        target = target_event.id
    elif anaphoric(other.text):
        return reading
    elif here.future and (target := _referent(reading.events, other.text, here.id)) is None:
        reading, target_event = add(reading, context, other, nominal=True)
        reading = replace(reading, events=reading.events[:-1] + (replace(target_event, future=True),))
        target = target_event.id
    elif not here.future:
        return replace(reading, references=reading.references + ((here.id, other.start, other.end, direction, cue),))
    else:
        pass
    pair = (target, here.id) if direction == "earlier" else (here.id, target)
    return replace(reading, links=reading.links + ((*pair, cue),))


def resolve(reading: Reading, text: str) -> Reading:
    """Order phrases that name a happening told elsewhere in the article ("after his return")."""
    links = list(reading.links)
    future = {e.id for e in reading.events if e.future}
    for event_id_, start, end, direction, cue in reading.references:
        target = _referent(list(reading.events), text[start:end], event_id_)
        if target is not None and not (target in future and direction == "earlier"):
            pair = (target, event_id_) if direction == "earlier" else (event_id_, target)
            links.append((*pair, cue))
    return replace(reading, links=tuple(links))


def result(reading: Reading) -> tuple[Event, ...]:
    """The reports, each with the links to the reports before it."""
    by_later: dict[str, list[tuple[str, str]]] = {}
    for earlier, later, cue in reading.links:
        if earlier != later:
            by_later.setdefault(later, []).append((earlier, cue))
    linked = {i for link in reading.links for i in link[:2]}
    return tuple(_settled(e, tuple(sorted(set(by_later.get(e.id, ())), key=lambda link: link)), e.candidate and e.id not in linked)
                 for e in reading.events)


def _settled(event: Event, links: tuple[tuple[str, str], ...], candidate: bool) -> Event:
    """``event`` with its links and candidacy; most reports have no link and stay as they are."""
    if links == event.links and candidate == event.candidate:
        return event
    return replace(event, links=links, candidate=candidate)


def _speech_date(main: Part) -> Part:
    """A date far after a verb of saying dates what was said, not the saying:
    "Paris suggested drawing on the missions run in the Balkans in the early 2000s"."""
    if main.timex is None:
        return main
    words = main.text.split()
    verb = find_verb([w.strip(",") for w in words])
    if verb is None or (base_form(words[verb]) or words[verb].lower()) not in word_set("reporting"):
        return main
    before = main.text[: main.timex.start - main.start].split()
    return replace(main, timex=None) if len(before) - verb > SPEECH_WORDS else main


def _object_of(main: Part, referent: Event) -> Part:
    """The dated noun phrase after an anaphoric subject's verb, "his" read as the referent's."""
    words = main.text.split()
    verb = find_verb(words) or 0
    rest = re.sub(r"^(?:on|in|to|of|with|at)\s+", "", " ".join(words[verb + 1:]))
    offset = main.end - len(rest)
    cut = _PHRASE_END.search(rest)
    if cut and (main.timex is None or offset + cut.start() >= main.timex.end):
        rest = rest[:cut.start()]
    if referent.subject and re.match(r"(?:his|her|its|their)\b", rest):
        rest = re.sub(r"^\w+", f"{referent.subject}’s", rest)
    return replace(main, text=rest, start=offset, end=offset + len(rest))


def _referent(events: list[Event] | tuple[Event, ...], phrase: str, source: str) -> str | None:
    """The report a phrase names: most shared words; a timeless one stands for the dated
    report it follows in its paragraph ("told reporters during his return trip")."""
    words = content_words(phrase)
    if not words or len(words) > REFERENCE_WORDS:
        return None
    scored = [(max(len(words & content_words(m.text)) for m in e.mentions), -i, e) for i, e in enumerate(events) if e.id != source]
    scored = [s for s in scored if s[0] >= max(1, (len(words) + 1) // 2)]
    if not scored:
        return None
    _, index, best = max(scored, key=lambda s: (s[0], s[1]))
    if best.mentions[0].timex is None:
        before = [e for e in events[: -index] if e.mentions[0].paragraph == best.mentions[0].paragraph and e.mentions[0].timex]
        best = before[-1] if before else best
    return best.id if best.id != source else None


def extract_reports(article: Article, timexes: tuple[Timex, ...]) -> tuple[Event, ...]:
    """Every happening the article tells, with the order links its cue words state."""
    reading = Reading()
    for sentence in split_sentences(article.id, article.text):
        if tells_nothing(sentence):
            continue
        context = Context(article, sentence, timexes)
        for part in clauses(article.text, sentence, timexes):
            reading = read_clause(reading, context, part)
    return result(resolve(reading, article.text))
