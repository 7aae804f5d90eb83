"""Every limit on the work one report file may cost, in one place; below them, the limits
and timers of the two services that take files from people (the review app, the watch
service), so that every size and time limit has this one home.

A DXA report is a few pages of a few thousand characters. Anything far beyond that is
not one, and must not tie up a worker or exhaust memory: it is refused with one plain
sentence (the errors in `parser.errors` carry it). The limits sit far above any real
report; the hardening tests lower them to keep their hostile files small.
"""

from __future__ import annotations

MIB = 1024 * 1024

# The file as stored.
MAX_FILE_BYTES = 50 * MIB
# A text report, after decoding.
MAX_TEXT_CHARS = 2_000_000
# ... of which the text reader reads only the first characters (a DXA report is a few pages;
# beyond, it warns), and of those at most so many lines, each cut to so many characters
# (a wrapped line is joined to the next only while the two stay within it).
MAX_READ_CHARS = 300_000
MAX_LINES = 5000
MAX_LINE_CHARS = 1000

# A PDF: pages, and bytes after its streams are decompressed (all streams together),
# so a small file that inflates to gigabytes is stopped while inflating.
MAX_PAGES = 60
MAX_DECOMPRESSED_BYTES = 64 * MIB
# One page: characters drawn, drawing objects of any kind (characters, paths, images),
# and words read. A dense printed page has about 5,000 characters, a chart some 1,500 objects.
MAX_CHARS_PER_PAGE = 20_000
MAX_OBJECTS_PER_PAGE = 20_000
MAX_WORDS_PER_PAGE = 10_000
# Seconds one PDF may take to read; checked while a page is drawn, so one slow page stops.
MAX_SECONDS = 20.0
# The hard stop for the CLI's reading of one file in a child process (`dxa parse`,
# `interpret`, `letter`), for the rare work the checks above cannot interrupt.
CLI_SECONDS = 30.0
# ... raised for a file that OCR may read (`--ocr auto|always`): a few seconds a page on one
# core, up to the pages OCR reads at most (parser/ocr/settings.py MAX_OCR_PAGES).
CLI_OCR_SECONDS = 120.0
# The hard stop for one report in batch and watch workers: reading, interpreting and
# rendering both letters.
REPORT_SECONDS = 300.0

# Clinical context files (sidecars, --context): bytes on disk, and after YAML decoding the
# number of values, how deeply they nest and the digits of a number.
MAX_CONTEXT_BYTES = 1 * MIB
MAX_CONTEXT_NODES = 10_000
MAX_CONTEXT_DEPTH = 20
MAX_NUMBER_DIGITS = 30

# The clinic configuration file (letterhead, date order, LSC) and its letterhead logo.
MAX_CONFIG_BYTES = 200_000
MAX_LOGO_BYTES = 2_000_000

# A value quoted in an error message or a log line is cut to this many characters.
MAX_EXCERPT_CHARS = 40

TOO_COMPLEX = "PDF too complex to read safely"

# ---------------------------------------------------------------- the review app (dxa review)

# Pages of a PDF drawn beside the form: a DXA report is a few pages, and each drawn page
# is an image sent to the browser.
REVIEW_MAX_PAGES = 20
# A preview or approval request body: the corrections of every site and the context take a
# few kilobytes, so anything far larger is not from the page.
REVIEW_MAX_BODY_BYTES = 256 * 1024
# The reviewer's name, written into the audit file and the ledger.
REVIEW_MAX_REVIEWER_CHARS = 80
# Corrected measurements in one request: a report has a dozen sites or so.
REVIEW_MAX_MEASUREMENTS = 60

# ---------------------------------------------------------------- the watch service (dxa watch)

# Seconds a file's size and time must stay unchanged before it is taken (`--settle`, default
# documented in README and docs/contract.md): long enough for a copy over a share to finish.
SETTLE_SECONDS = 2.0
# A PDF that never looks complete (no %%EOF) is still taken after this many settle periods,
# so that a damaged file ends in failed/ instead of waiting in the inbox for ever.
INCOMPLETE_PDF_PATIENCE = 5
# A text report with no final line break is taken after twice the settle time.
INCOMPLETE_TEXT_PATIENCE = 2
# The periodic rescan (README: 30 s), which takes up files an event missed or a crash left.
RESCAN_SECONDS = 30.0
# How often the folder is polled when file-system events cannot be had.
FALLBACK_POLL_SECONDS = 1.0
# Staging folders older than this are left by a killed writer, when there is no time limit.
STALE_PARTIAL_SECONDS = 3600.0

# ---------------------------------------------------------------- batch and watch workers

# A worker is replaced by a fresh one after this many tasks: libraries below Python (fonts,
# image codecs) keep a few KiB per report that only the end of the process gives back.
MAX_TASKS_PER_WORKER = 200
# How often a batch looks for finished reports between progress updates.
BATCH_POLL_SECONDS = 0.5
# A transient failure (disk full, a locked ledger) is retried after a pause that doubles from
# the first to at most the longest ("up to a minute", README).
RETRY_FIRST_PAUSE = 1.0
RETRY_LONGEST_PAUSE = 60.0

# ---------------------------------------------------------------- output file names

# One part of an output name (patient id, date) in characters, and the longest file name in
# bytes on Linux and macOS file systems.
NAME_PART_MAX = 32
NAME_MAX = 255
