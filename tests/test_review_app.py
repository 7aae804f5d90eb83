"""`dxa review`'s JSON API and pages through Starlette's TestClient (issue 14, items 2-4).

The output folder is made as a user makes it: `run_batch` over an inbox holding a drawn
Hologic page with a row no reader knows (held: unread_row), a clean sample PDF, a text
report without the patient's age (held: unknown_age) and a file that is not a PDF.
All data are invented.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner
from dxa.letters.config import DEFAULT_CLINIC
from starlette.testclient import TestClient
from test_vendor_review import hologic_page_with_unknown_row

from dxa.batch import process_payload, run_batch
from dxa.cli import cli
from dxa.ledger import LEDGER_NAME
from dxa.pipeline import PipelineOptions
from dxa.review.app import Settings, create_app

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "pdf"
TOKEN = "test-token-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
BASE = "http://127.0.0.1:8765"
NO_AGE_TEXT = """BONE DENSITOMETRY REPORT
Patient: Example, Jane   ID: TX-4410   Sex: female
Exam date: 2024-05-06
Lumbar spine L1-L4: BMD 0.850 g/cm2, T-score -1.7, Z-score -0.9
Left femoral neck: BMD 0.640 g/cm2, T-score -2.1, Z-score -1.0
"""


@pytest.fixture(scope="module")
def batch_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One batch run, shared; each test works on its own copy."""
    root = tmp_path_factory.mktemp("review")
    inbox = root / "in"
    inbox.mkdir()
    hologic_page_with_unknown_row(inbox / "a_held.pdf")
    shutil.copy(SAMPLES / "hologic_spine.pdf", inbox / "b_clean.pdf")
    (inbox / "c_no_age.txt").write_text(NO_AGE_TEXT)
    (inbox / "d_broken.pdf").write_bytes(b"not a pdf at all")
    options = PipelineOptions(formats=("pdf", "html"))
    rows = run_batch(inbox, root / "out", options, workers=1, work=process_payload)
    assert [r.status for r in rows] == ["needs_review", "done", "needs_review", "failed"]
    return root / "out"


@pytest.fixture
def out_dir(batch_output: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(batch_output, tmp_path / "out"))


@pytest.fixture
def client(out_dir: Path) -> TestClient:
    app = create_app(Settings(out_dir=out_dir, token=TOKEN, clinic=DEFAULT_CLINIC))
    return TestClient(app, base_url=BASE)


def listed(client: TestClient) -> list[dict]:
    response = client.get("/api/reports", headers=AUTH)
    assert response.status_code == 200
    return response.json()


def by_reason(client: TestClient, code: str) -> str:
    for report in listed(client):
        if any(reason["code"] == code for reason in report["review_reasons"]):
            return report["id"]
    raise AssertionError(f"no report held for {code}")


def folder_of(out_dir: Path, client: TestClient, report_id: str) -> Path:
    detail = client.get(f"/api/reports/{report_id}", headers=AUTH).json()
    sha = detail["record"]["source"]["sha256"]
    return next(p.parent for p in out_dir.glob("*/*_record.json") if sha[:8] in p.name)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


# ---------------------------------------------------------------- security


def test_every_request_but_the_static_assets_needs_the_token(client: TestClient) -> None:
    for path in ("/", "/api/reports", "/reports/0123456789abcdef"):
        response = client.get(path)
        assert response.status_code == 401, path
        assert "token" in response.json()["error"]
    assert client.get("/api/reports", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.get("/static/review.css").status_code == 200


def test_the_start_address_trades_the_token_for_a_cookie_that_cannot_post(
    client: TestClient, out_dir: Path
) -> None:
    response = client.get(f"/?token={TOKEN}&status=needs_review", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/?status=needs_review"  # the token leaves the address
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert client.get("/").status_code == 200  # the cookie now rides along
    report_id = by_reason(client, "unread_row")
    folder = folder_of(out_dir, client, report_id)
    before = snapshot(folder)
    # A cross-site form would carry the cookie and nothing else: refused, nothing written.
    refused = client.post(f"/api/reports/{report_id}/approve", json={"reviewer": "Dr Who"})
    assert refused.status_code == 401
    assert snapshot(folder) == before


def test_a_post_from_another_origin_is_refused_even_with_the_token(client: TestClient) -> None:
    report_id = by_reason(client, "unread_row")
    response = client.post(
        f"/api/reports/{report_id}/preview",
        json={},
        headers={**AUTH, "Origin": "http://evil.example"},
    )
    assert response.status_code == 403


def test_a_foreign_host_name_is_refused(client: TestClient) -> None:
    """A DNS name rebound to 127.0.0.1 arrives with its own Host header."""
    response = client.get("/api/reports", headers={**AUTH, "Host": "evil.example:8765"})
    assert response.status_code == 400


def test_answers_carry_a_strict_content_security_policy(client: TestClient) -> None:
    response = client.get("/", headers=AUTH)
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert response.headers["cache-control"] == "no-store"


def test_ids_that_are_not_ours_reach_no_file(client: TestClient) -> None:
    for report_id in ("..%2F..%2Fetc", "0123456789abcdef", "ZZZZ", "0" * 64):
        assert client.get(f"/api/reports/{report_id}", headers=AUTH).status_code == 404
    report_id = by_reason(client, "unread_row")
    assert client.get(f"/api/reports/{report_id}/pages/7.png", headers=AUTH).status_code == 404


def test_a_server_error_is_one_sentence_and_names_no_file(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import dxa.review.app as app_module

    def broken(out_dir):
        raise OSError(f"cannot read {out_dir}/EX-1001_2024-01-01_deadbeef")

    monkeypatch.setattr(app_module, "scan", broken)
    response = client.get("/api/reports", headers=AUTH)
    assert response.status_code == 500
    assert response.json() == {"error": "Something went wrong on the server; nothing was written."}
    assert "EX-1001" not in caplog.text and "OSError" in caplog.text


# ---------------------------------------------------------------- reading


def test_the_list_puts_held_reports_first_and_says_why(client: TestClient) -> None:
    reports = listed(client)
    assert [r["status"] for r in reports] == ["needs_review", "needs_review", "final", "failed"]
    assert all(
        set(r) == {"id", "status", "review_reasons", "patient_id", "exam_date"} for r in reports
    )
    codes = {c["code"] for r in reports[:2] for c in r["review_reasons"]}
    assert codes == {"unread_row", "unknown_age"}
    assert "TX-4410" in {r["patient_id"] for r in reports}
    assert all(len(r["id"]) == 16 and "TX" not in r["id"] for r in reports)  # no patient data


def test_one_report_is_its_record_interpretation_and_the_source_boxes(client: TestClient) -> None:
    report_id = by_reason(client, "unread_row")
    detail = client.get(f"/api/reports/{report_id}", headers=AUTH).json()
    assert detail["status"] == "needs_review"
    assert detail["interpretation"]["needs_review"] is True
    measurements = detail["record"]["measurements"]
    assert detail["source"]["kind"] == "pdf" and detail["source"]["pages"] == 1
    keys = {key for box in detail["source"]["boxes"] for key in box["keys"]}
    assert "reason" in keys  # 0.712 and -1.5 of the unread row
    neck = next(i for i, m in enumerate(measurements) if m["site"] == "femoral_neck")
    assert {f"m{neck}.bmd", f"m{neck}.t_score"} <= keys
    for box in detail["source"]["boxes"]:
        assert 0 <= box["left"] < 1 and 0 <= box["top"] < 1 and 0 < box["width"] < 1
    image = client.get(f"/api/reports/{report_id}/pages/0.png", headers=AUTH)
    assert image.headers["content-type"] == "image/png" and image.content[:4] == b"\x89PNG"


def test_a_text_report_is_shown_with_its_values_marked(client: TestClient) -> None:
    detail = client.get(f"/api/reports/{by_reason(client, 'unknown_age')}", headers=AUTH).json()
    assert detail["source"]["kind"] == "text"
    marked = [
        (s["text"], s["keys"]) for line in detail["source"]["lines"] for s in line if s["keys"]
    ]
    assert ("0.850", ["m0.bmd"]) in marked or ("0.850", ["m1.bmd"]) in marked
    page = client.get(f"/reports/{by_reason(client, 'unknown_age')}", headers=AUTH).text
    assert "<mark" in page and "Example, Jane" in page


def test_the_queue_page_counts_and_filters(client: TestClient) -> None:
    page = client.get("/", headers=AUTH).text
    assert 'Needs review <span class="count">2</span>' in page
    held = client.get("/?status=needs_review", headers=AUTH).text
    assert held.count('class="badge status-needs_review"') == 2
    assert "status-final" not in held.split("<tbody>")[1]


# ---------------------------------------------------------------- preview and approval


def corrected_neck(client: TestClient, report_id: str, t_score: float) -> list[dict]:
    record = client.get(f"/api/reports/{report_id}", headers=AUTH).json()["record"]
    measurements = record["measurements"]
    for m in measurements:
        if m["site"] == "femoral_neck":
            m["t_score"] = t_score
    return measurements


def test_preview_recomputes_and_writes_nothing(client: TestClient, out_dir: Path) -> None:
    report_id = by_reason(client, "unread_row")
    folder = folder_of(out_dir, client, report_id)
    before = snapshot(folder)
    body = {"measurements": corrected_neck(client, report_id, -2.8)}
    response = client.post(f"/api/reports/{report_id}/preview", json=body, headers=AUTH)
    assert response.status_code == 200
    result = response.json()
    assert result["interpretation"]["classification"] == "osteoporosis"
    assert result["interpretation"]["needs_review"] is False
    assert set(result["letters"]) == {"patient", "physician"}
    assert 'class="draft-mark"' not in result["letters"]["physician"]
    assert snapshot(folder) == before


def test_approval_writes_the_final_letters_and_records_who_when_and_what(
    client: TestClient, out_dir: Path
) -> None:
    report_id = by_reason(client, "unread_row")
    folder = folder_of(out_dir, client, report_id)
    stem = folder.name
    original = json.loads((folder / f"{stem}_record.json").read_text())
    old_t = next(m["t_score"] for m in original["measurements"] if m["site"] == "femoral_neck")
    body = {"measurements": corrected_neck(client, report_id, -2.8), "reviewer": "Dr. Ada Test"}
    response = client.post(f"/api/reports/{report_id}/approve", json=body, headers=AUTH)
    assert response.status_code == 200, response.text
    entry = response.json()
    assert entry["status"] == "approved" and entry["reviewer"] == "Dr. Ada Test"
    neck = next(i for i, m in enumerate(original["measurements"]) if m["site"] == "femoral_neck")
    assert entry["changes"] == [
        {"field": f"measurements[{neck}].t_score", "from": old_t, "to": -2.8}
    ]
    assert [r["code"] for r in entry["resolved_reasons"]] == ["unread_row"]
    names = {p.name for p in folder.iterdir()}
    for letter in ("patient.pdf", "patient.html", "physician.pdf", "physician.html"):
        assert f"{stem}_{letter}" in names
    physician = (folder / f"{stem}_physician.html").read_text()
    assert 'class="draft-mark"' not in physician
    with pdfplumber.open(folder / f"{stem}_patient.pdf") as pdf:
        assert "osteoporosis" in (pdf.pages[0].extract_text() or "").lower()
    record = json.loads((folder / f"{stem}_record.json").read_text())
    assert record["needs_review"] is False and record["review_reasons"] == []
    assert json.loads((folder / f"{stem}_record.as-read.json").read_text()) == original
    interpretation = json.loads((folder / f"{stem}_interpretation.json").read_text())
    assert interpretation["classification"] == "osteoporosis"
    fhir = json.loads((folder / f"{stem}_fhir.json").read_text())
    [diagnostic] = [
        e["resource"] for e in fhir["entry"] if e["resource"]["resourceType"] == "DiagnosticReport"
    ]
    assert diagnostic["status"] == "final"  # it was `preliminary` while held
    audit = json.loads((folder / f"{stem}_approvals.json").read_text())
    assert audit[0]["reviewer"] == "Dr. Ada Test" and audit[0]["approved_at"].endswith("+00:00")
    with sqlite3.connect(out_dir / LEDGER_NAME) as db:
        rows = db.execute("SELECT reviewer, changes FROM approvals").fetchall()
        status = db.execute(
            "SELECT status FROM reports WHERE sha256 = ?", (record["source"]["sha256"],)
        ).fetchone()
    assert rows == [("Dr. Ada Test", json.dumps(entry["changes"]))]
    assert status == ("done",)
    assert {r["id"]: r["status"] for r in listed(client)}[report_id] == "approved"


def test_a_report_the_rules_still_hold_is_not_approved_until_the_age_is_given(
    client: TestClient, out_dir: Path
) -> None:
    report_id = by_reason(client, "unknown_age")
    folder = folder_of(out_dir, client, report_id)
    before = snapshot(folder)
    refused = client.post(f"/api/reports/{report_id}/approve", json={}, headers=AUTH)
    assert refused.status_code == 409
    assert refused.json()["review_reasons"][0]["code"] == "unknown_age"
    assert snapshot(folder) == before
    body = {"context": {"age": 71}, "reviewer": "Dr. Ada Test"}
    approved = client.post(f"/api/reports/{report_id}/approve", json=body, headers=AUTH)
    assert approved.status_code == 200, approved.text
    assert approved.json()["changes"] == [{"field": "context.age", "from": None, "to": 71.0}]
    assert list(folder.glob("*_patient.pdf"))
    context = json.loads(next(folder.glob("*_context.json")).read_text())
    assert context["age"] == 71


def test_approval_without_a_body_names_the_server_user(client: TestClient) -> None:
    report_id = by_reason(client, "unread_row")
    response = client.post(f"/api/reports/{report_id}/approve", headers=AUTH)
    assert response.status_code == 200
    assert response.json()["reviewer"].endswith("(server user)")
    assert response.json()["changes"] == []


@pytest.mark.parametrize(
    ("body", "sentence"),
    [
        ({"measurements": [{"site": "femoral_neck", "t_score": "abc"}]}, "measurement 1"),
        ({"measurements": [{"site": "elbow"}]}, "measurement 1"),
        ({"context": {"age": 300}}, "age must be at most 120"),
        ({"colour": "blue"}, "Unknown field"),
        ({"reviewer": 7}, "reviewer must be a name"),
        ([1, 2], "must be a JSON object"),
    ],
)
def test_bad_corrections_get_one_sentence_and_change_nothing(
    client: TestClient, out_dir: Path, body, sentence: str
) -> None:
    report_id = by_reason(client, "unread_row")
    folder = folder_of(out_dir, client, report_id)
    before = snapshot(folder)
    response = client.post(f"/api/reports/{report_id}/approve", json=body, headers=AUTH)
    assert response.status_code == 400
    assert sentence in response.json()["error"]
    assert snapshot(folder) == before


def test_a_failed_file_is_listed_but_has_nothing_to_approve(client: TestClient) -> None:
    failed = next(r for r in listed(client) if r["status"] == "failed")
    response = client.post(f"/api/reports/{failed['id']}/approve", headers=AUTH)
    assert response.status_code == 409


# ---------------------------------------------------------------- the command


def test_a_network_address_without_a_token_is_refused(tmp_path: Path) -> None:
    run = CliRunner().invoke(cli, ["review", str(tmp_path), "--host", "0.0.0.0"])
    assert run.exit_code == 2
    assert "not a loopback address: give a --token" in run.output
    run = CliRunner().invoke(cli, ["review", str(tmp_path), "--token", "short"])
    assert run.exit_code == 2 and "at least 16 characters" in run.output


def test_the_command_serves_the_app_on_loopback_and_prints_the_address(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    served = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: served.update(app=app, **kw))
    run = CliRunner().invoke(cli, ["review", str(tmp_path), "--port", "9001"])
    assert run.exit_code == 0, run.output
    assert served["host"] == "127.0.0.1" and served["port"] == 9001
    assert served["access_log"] is False
    line = run.output.splitlines()[0]
    assert line.startswith("dxa review: open http://127.0.0.1:9001/?token=")
    token = line.rsplit("=", 1)[1]
    assert len(token) >= 16
    client = TestClient(served["app"], base_url="http://127.0.0.1:9001")
    assert client.get("/api/reports", headers={"Authorization": f"Bearer {token}"}).json() == []


def test_processing_the_same_report_again_keeps_the_approval(
    client: TestClient, out_dir: Path, batch_output: Path
) -> None:
    """A batch run again without --resume must not turn approved letters back into a draft."""
    report_id = by_reason(client, "unread_row")
    body = {"measurements": corrected_neck(client, report_id, -2.8), "reviewer": "Dr. Ada Test"}
    assert client.post(f"/api/reports/{report_id}/approve", json=body, headers=AUTH).is_success
    folder = folder_of(out_dir, client, report_id)
    approved = snapshot(folder)
    options = PipelineOptions(formats=("pdf", "html"))
    rows = run_batch(batch_output.parent / "in", out_dir, options, workers=1, work=process_payload)
    assert [r.status for r in rows] == ["done", "done", "needs_review", "failed"]
    assert rows[0].summary["classification"] == "osteoporosis"
    assert snapshot(folder) == approved
    assert {r["id"]: r["status"] for r in listed(client)}[report_id] == "approved"
