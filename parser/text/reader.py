"""The free-text reader: segments, then each sentence's sites and values, then assembly."""

from __future__ import annotations

import datetime as dt
import re

from dxa.parser.dates import DATE_RE, DateOrder, ReportDates
from dxa.parser.errors import NoResultsFound, ReportError
from dxa.parser.limits import MAX_READ_CHARS
from dxa.parser.model import VALUE_NAMES, Exam, Report, ReviewReason, Source
from dxa.parser.text.assemble import measurements_of, previous_exams
from dxa.parser.text.attach import (
    DECIMAL_RE,
    Collector,
    assign_group_values,
    group_sites,
    link_values,
    site_key,
)
from dxa.parser.text.blocks import prior_block
from dxa.parser.text.checks import (
    risk_percents,
    side_contradictions,
    unread_values,
    with_scanned_hip_side,
)
from dxa.parser.text.clinical import with_clinical_reading
from dxa.parser.text.context import (
    CORRECTION_RE,
    HEADING_RESET_RE,
    ORIGINAL_RE,
    SKIP_SENTENCE_RE,
    Context,
    note_prose_side,
    side_from_heading,
    stated_scanned_sides,
    update_context,
)
from dxa.parser.text.demographics import read_patient
from dxa.parser.text.exam_columns import read_exam_columns
from dxa.parser.text.facts import (
    EXAM_LABELS,
    comparison_line,
    current_device,
    find_reference_database,
    joined_sentences,
    labelled_dates,
    only_date,
    plain_date_line,
    states_same_scanner,
    study_date,
)
from dxa.parser.text.frax import find_frax, find_tbs, frax_table_rows
from dxa.parser.text.history import (
    comparison_heading_date,
    comparison_words,
    dated_before_today,
    earlier_section_date,
    leading_earlier_date,
    named_earlier_date,
    opens_earlier_section,
    read_comparison,
    read_earlier_section,
    remember_comparison_date,
)
from dxa.parser.text.lsc import find_lsc
from dxa.parser.text.scans import scans_named
from dxa.parser.text.segment import (
    collapsed,
    column_lines,
    paragraphs,
    pipe_pair,
    split_sentences,
)
from dxa.parser.text.side_tables import read_side_tables
from dxa.parser.text.sites import SiteMention, find_site_mentions, stated_exclusions
from dxa.parser.text.tables import read_tables
from dxa.parser.text.trend_tables import read_trend_tables
from dxa.parser.text.trends import read_trend_lines
from dxa.parser.text.values import (
    ASSUMED_T_WARNING,
    LABEL_RE,
    bare_kind_of,
    bare_values,
    sentence_values,
)
from dxa.parser.vocab import Scan


def parse_freetext(text: str, source: Source, date_order: DateOrder | None = None) -> Report:
    """Read a dictated or printed text report; raises NoResultsFound when it has no result.

    `date_order` is the clinic's day/month order, used only for dates the report's own
    dates do not decide."""
    try:
        return parse_report(text, source, date_order)
    except ReportError:
        raise
    except Exception as error:  # the contract: one plain sentence, never a traceback
        raise ReportError(
            f"could not read the text report ({type(error).__name__}); please report this"
        ) from error


def parse_report(text: str, source: Source, date_order: DateOrder | None = None) -> Report:
    collector = Collector()
    if len(text) > MAX_READ_CHARS:
        text = text[:MAX_READ_CHARS]
        collector.warnings.append(
            f"Only the first {MAX_READ_CHARS:,} characters were read: far longer than a DXA report."
        )
    columned = column_lines(text)  # cleaned once: the table readers keep the columns
    lines = [pipe_pair(line) for line in collapsed(frax_table_rows(columned))]
    whole = "\n".join(lines)
    dates = ReportDates.for_text(whole, date_order)
    block = prior_block(lines, dates)
    block_lines = range(block.start, block.end) if block else range(0)
    # Today's lines: without an earlier exam's reproduced report, whose dates are not today's.
    today = ["" if i in block_lines else line for i, line in enumerate(lines)]
    exam_date = exam_date_of(today, "\n".join(today), collector, dates)
    comparison_date, comparison_device = comparison_line(today, exam_date, dates)
    context = Context(
        read_date=dates,
        exam_date=exam_date,
        comparison_date=comparison_date,
        comparison_device=comparison_device,
        bare_kind=bare_kind_of(whole),
        scanned_sides=stated_scanned_sides(joined_sentences(today)),
    )
    columns = ["" if i in block_lines else line for i, line in enumerate(columned)]
    consumed = read_trend_tables(columns, collector, exam_date, dates)
    consumed |= read_side_tables(columns, collector)
    consumed |= read_exam_columns(columns, collector, exam_date, dates)
    columns = ["" if i in consumed else line for i, line in enumerate(columns)]
    consumed |= read_tables(columns, collector, exam_date, comparison_date, dates)
    consumed |= read_trend_lines(today, collector, exam_date, dates)
    prose_lines = ["" if i in consumed else line for i, line in enumerate(today)]
    all_sentences: list[str] = []
    for paragraph in paragraphs(prose_lines):
        for line in paragraph:
            read_line(line, context, collector, all_sentences)
    if block and block.date:  # undated, its values stay unread and the self-check says so
        context.block_date = context.earlier_section = block.date
        for paragraph in paragraphs(lines[block.start : block.end]):
            for line in paragraph:
                read_line(line, context, collector, [])
        collector.dismiss(risk_percents(lines[block.start : block.end]), "historical")
    stated_hip = context.scanned_sides.get(Scan.hip)
    measurements = with_scanned_hip_side(measurements_of(collector), today, stated_hip)
    if not measurements:
        raise NoResultsFound()
    patient = read_patient(lines, exam_date, dates.order, columned)
    fields = {
        "source": source,
        "patient": patient.patient,
        "exam": Exam(
            date=exam_date,
            device=current_device(all_sentences),
            reference_database=find_reference_database(whole),
        ),
        "measurements": measurements,
        "frax": find_frax(all_sentences, whole, collector),
        "tbs": find_tbs(whole),
        "previous": with_scanned_hip_side(
            previous_exams(collector, measurements), today, stated_hip
        ),
        "lsc": find_lsc(all_sentences, collector.warnings),
        "warnings": list(dict.fromkeys(collector.warnings)),
        "excluded_vertebrae": stated_exclusions(today),
        "same_scanner": states_same_scanner(whole),
    }
    doubts = [*dates.reasons, *patient.reasons]
    report = Report(
        **fields, review_reasons=review_reasons(lines, Report(**fields), collector, doubts, dates)
    )
    return with_clinical_reading(report, today)


def exam_date_of(
    lines: list[str], whole: str, collector: Collector, read: ReportDates
) -> dt.date | None:
    """The exam's date: a labelled one, else a bare `Date:` line, a line naming the study, or
    the report's only date. Two different labelled dates leave it unknown, with a reason."""
    stated = list(dict.fromkeys(labelled_dates(whole, EXAM_LABELS, read)))
    if len(stated) > 1:
        listed = ", ".join(d.isoformat() for d in stated)
        collector.warnings.append(f"Different exam dates ({listed}); left out.")
        collector.reasons.append(("conflicting_date", f"exam dates: {listed}"))
        return None
    if stated:
        return stated[0]
    sentences = joined_sentences(lines)
    plain, study = plain_date_line(lines, read), study_date(sentences, read)
    if plain and study and plain != study:
        # A bare `Date:` may date the letter or the typing; a sentence naming the study
        # dates it otherwise: a person must tell which.
        listed = f"{plain.isoformat()} (a bare Date: line), {study.isoformat()} (the study's)"
        collector.reasons.append(("conflicting_date", f"exam dates: {listed}"))
        return None
    return plain or study or only_date(sentences, read)


def unplaced_dates(lines: list[str], draft: Report, read: ReportDates) -> str | None:
    """The dates a report prints other than the birth date and earlier exams' dates, when it
    prints any: the exam's date is one of them, or the report says it nowhere, and a person
    must tell which."""
    known = {draft.patient.birth_date, *(p.date for p in draft.previous)} - {None}
    found = [m[0] for line in lines for m in DATE_RE.finditer(line) if read(m[0]) not in known]
    return ", ".join(dict.fromkeys(found[:4])) if found else None


def review_reasons(
    lines: list[str],
    draft: Report,
    collector: Collector,
    doubts: list[ReviewReason],
    read: ReportDates,
) -> list[ReviewReason]:
    """Why a person must check the report: doubtful dates and demographics, conflicts, an
    assumed score kind, unread values."""
    reasons = [(r.code, r.text) for r in doubts] + list(collector.reasons)
    dated = any(code.endswith("_date") for code, _ in reasons)
    if draft.exam.date is None and not dated and (undated := unplaced_dates(lines, draft, read)):
        text = f"The report prints {undated}, but none could be told to be the exam's date."
        reasons.append(("unknown_exam_date", text))
    if ASSUMED_T_WARNING in collector.warnings:
        reasons.append(("assumed_score_kind", ASSUMED_T_WARNING))
    reasons += [("conflicting_side", text) for text in side_contradictions(lines, draft)]
    reasons += [
        ("unread_value", text)
        for text in unread_values(lines, draft, collector.conflicting | set(collector.dismissed))
    ]
    return [ReviewReason(code=code, text=text) for code, text in dict.fromkeys(reasons)]


def read_sentence(
    sentence: str, context: Context, collector: Collector, line_start: bool
) -> list[list[SiteMention]]:
    """Read one sentence's results into the collector; returns its site groups."""
    if SKIP_SENTENCE_RE.search(sentence):
        return []
    own_scan = scans_named(sentence)  # "DualFemur Total Mean ...": the line's own scan
    scan = own_scan[0] if len(own_scan) == 1 else context.scan
    mentions = find_site_mentions(sentence, scan, line_start)
    for mention in mentions:
        side_from_heading(mention, context)
    values = sentence_values(sentence, collector.warnings)
    if not mentions:
        return []
    values = sorted(
        values + bare_values(sentence, mentions, values, context.bare_kind, collector.warnings),
        key=lambda v: v.start,
    )
    if context.earlier_section is not None:
        groups = group_sites(sentence, mentions)
        read_earlier_section(sentence, groups, values, context.earlier_section, collector)
        return groups
    if context.undated_section:  # not today's; its BMDs stay unread for the self-check
        collector.dismiss([v.value for v in values if v.kind != "bmd"], "historical")
        return group_sites(sentence, mentions)
    if values and comparison_words(sentence, context):
        values = read_comparison(sentence, mentions, values, context, collector)
    else:  # "T-score -2.6 in 2018" is another exam's, even without a comparison word
        dated = [
            v
            for v in values
            if dated_before_today(
                sentence[v.end : v.end + 40], context.exam_date, context.read_date
            )
        ]
        collector.dismiss([v.value for v in dated if v.kind != "bmd"], "historical")
        values = [v for v in values if v not in dated]
    groups = group_sites(sentence, mentions)
    complete = len(DECIMAL_RE.findall(DATE_RE.sub(" ", sentence))) <= len(values)
    for index, group_values in link_values(sentence, groups, values).items():
        assign_group_values(collector, groups[index], group_values, complete)
    return groups


LABEL_LINE_RE = re.compile(
    r"\s*(?:[TZ][\s\-]?scores?|BMD|bone\s+(?:mineral\s+)?density)(?:\s*\(\s*g/cm2\s*\))?\s*:?\s*",
    re.IGNORECASE,
)


def read_line(line: str, context: Context, collector: Collector, sentences: list[str]) -> None:
    """Read a line sentence by sentence; a blank line ends what the last site carries over.

    A line that is only a label (`T-scores:`) labels the lines after it (`Spine: -1.2`)."""
    if not line.strip():
        sentences.append("")  # a paragraph break: later lines do not continue earlier ones
    if not line.strip() or HEADING_RESET_RE.match(line):
        context.last_group = []  # a new paragraph or section does not continue a site
        context.last_sites = []
        context.line_label = None
        context.earlier_section = context.block_date
        context.undated_section = False
        context.after_comparison = False
        context.prose_sides = {}
    if CORRECTION_RE.match(line):
        collector.correcting = True  # an addendum runs to the end of the report ...
    if ORIGINAL_RE.match(line):
        collector.correcting = False  # ... or to the original report reproduced under it
    if is_section_heading(line):
        context.earlier_section = earlier_section_date(line, context) or context.block_date
        context.undated_section = context.earlier_section is None and opens_earlier_section(line)
    elif collector.readings and (earlier := comparison_heading_date(line, context)):
        context.earlier_section, context.undated_section = earlier, False
    if LABEL_LINE_RE.fullmatch(line):
        context.line_label = line.strip()
        return
    if context.line_label and not LABEL_RE.search(line):
        line = f"{context.line_label} {line}"
    if (dated := self_dated(line, context)) is not None:
        read_self_dated(line, dated, context, collector, sentences)
        return
    if (leading := leading_earlier_date(line, context)) is not None:
        section = context.earlier_section, context.undated_section
        context.earlier_section, context.undated_section = leading, False
        read_sentences(line, context, collector, sentences)
        context.earlier_section, context.undated_section = section
        return
    read_sentences(line, context, collector, sentences)


def self_dated(line: str, context: Context) -> dt.date | None:
    """In an undated comparison section, the earlier exam's date that a line's first
    sentence names (`Previous study at this site 04/12/2023: lumbar spine 0.874 g/cm2, ...`)."""
    if not context.undated_section:
        return None
    first = next(iter(split_sentences(line)), "")
    return named_earlier_date(first, context)


def read_self_dated(
    line: str, date: dt.date, context: Context, collector: Collector, sentences: list[str]
) -> None:
    """The dated first sentence is that exam's; the line's other sentences stay the
    section's own (undated, left for the self-check)."""
    first = split_sentences(line)[0]
    context.earlier_section, context.undated_section = date, False
    read_sentences(first, context, collector, sentences)
    context.earlier_section, context.undated_section = None, True
    rest = line[line.index(first) + len(first) :]
    if rest.strip():
        read_sentences(rest, context, collector, sentences)


def read_sentences(line: str, context: Context, collector: Collector, sentences: list[str]) -> None:
    """Read a line's sentences in turn; a sentence with no site continues the last one's."""
    for position, sentence in enumerate(split_sentences(line)):
        sentences.append(sentence)
        update_context(sentence, context)
        note_prose_side(sentence, context)
        remember_comparison_date(sentence, context)
        compares = bool(comparison_words(sentence, context))
        groups = read_sentence(sentence, context, collector, line_start=position == 0)
        context.after_comparison = compares
        if groups:
            context.last_group = groups[-1]
            context.last_sites = [mention for group in groups for mention in group]
        elif SKIP_SENTENCE_RE.search(sentence):
            continue
        elif context.last_group:
            inherit(sentence, context.last_group, context, collector)
        else:
            warn_siteless(sentence, context, collector)


def is_section_heading(line: str) -> bool:
    """A short results-free line ending in a colon (`PREVIOUS EXAM (05/01/2022):`); a
    `Comparison: 02/14/2022` label with its value after the colon is not one."""
    stripped = line.strip()
    return (
        0 < len(stripped) <= 80 and stripped.endswith(":") and not re.search(r"\d[.,]\d", stripped)
    )


def warn_siteless(sentence: str, context: Context, collector: Collector) -> None:
    """A result with no site named anywhere near it is left out, and said so."""
    if comparison_words(sentence, context):
        return
    for value in sentence_values(sentence, []):
        collector.warnings.append(
            f"A {VALUE_NAMES[value.kind]} of {value.value:g} was given without its site; left out."
        )


RESPECTIVELY_RE = re.compile(r"\brespectively\b", re.IGNORECASE)


def inherit(
    sentence: str, group: list[SiteMention], context: Context, collector: Collector
) -> None:
    """A sentence with values but no site continues the previous sentence's site
    (`LEFT FEMORAL NECK: BMD 0.585 g/cm2. T-score -2.4.`), for kinds that site lacks (or
    that a correction restates: "Typing error in the neck result. Correct values: ...");
    "... respectively" gives its values to the previous sentence's sites in order."""
    if context.earlier_section is not None or context.undated_section:
        return  # an earlier exam's site-less line: its BMD cannot be placed
    values = sentence_values(sentence, collector.warnings)
    if values and comparison_words(sentence, context):
        values = read_comparison(sentence, group, values, context, collector, inherited=True)
    if RESPECTIVELY_RE.search(sentence) and len(context.last_sites) > 1:
        assign_group_values(collector, context.last_sites, values, complete=False)
        return
    if len(group) > 1:  # "Corresponding Z-scores are -0.4 and 0.0": one per site, in order
        lacking = [v for v in values if _lacking(collector, group, v.kind)]
        complete = len(DECIMAL_RE.findall(DATE_RE.sub(" ", sentence))) <= len(values)
        assign_group_values(collector, group, lacking, complete)
        return
    for value in values:
        for mention in group:
            key = site_key(mention)
            reading = collector.readings.get(key)
            restated = collector.correcting and (key, value.kind) not in collector.corrected
            if reading is None or value.kind not in reading.values or restated:
                collector.add(site_key(mention), value.kind, value.value)


def _lacking(collector: Collector, group: list[SiteMention], kind: str) -> bool:
    """Whether no site of the group has a value of this kind yet (or a correction restates it)."""
    return all(
        (reading := collector.readings.get(site_key(m))) is None
        or kind not in reading.values
        or (collector.correcting and (site_key(m), kind) not in collector.corrected)
        for m in group
    )
