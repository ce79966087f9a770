"""`bigan check` on a drafted report (draft.json) runs the gates per section: copying from another
unit's report, foreign names, leaked labels and unused facts are errors (exit 1). A human report
(.txt/.docx) without a fact sheet keeps its old, conservative findings."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from pipeline.checks import check_draft, check_file, check_section
from pipeline.checks.gates import draft_contexts
from pipeline.draft.assemble import build_meta, plan_sections
from pipeline.schema.factsheet_io import load_factsheet
from pipeline.schema.outline import load_outline
from pipeline.draftio import save_draft
from pipeline.types import Draft

DATA = Path(__file__).resolve().parent / "data" / "gates"
SHEET = DATA / "sheets" / "nanling_zuzhibu_2024.yaml"
OTHER_UNIT = (DATA / "exemplars" / "liuxi_town_integrity_2023.txt").read_text(encoding="utf-8")
COPIED = "柳溪镇坚持把警示教育作为拒腐防变的重要防线，通过以案释纪、以案明纪，推动党员干部把纪律规矩内化于心、外化于行，切实筑牢不敢腐、不能腐、不想腐的思想堤坝。"


def drafted(texts: dict[str, str]) -> Draft:
    """The fictional sheet planned as drafting plans it, each section written from its facts
    (``texts`` overrides some)."""
    sheet = load_factsheet(SHEET)
    outline = load_outline(sheet.genre)
    meta = build_meta(sheet, outline)
    sections = []
    for p in plan_sections(sheet, outline, meta.title):
        s = p.section
        s.text = texts.get(s.id, "。".join(s.facts) + "。" if s.facts else "")
        s.status = "done"
        sections.append(s)
    return Draft(meta=meta, sections=sections, facts=sheet.model_dump(mode="json"))


def test_a_draft_written_from_its_facts_passes_the_gates():
    found = check_draft(drafted({}), corpus={"liuxi.txt": OTHER_UNIT})
    assert [f for f in found if f.severity in ("error", "warning") and f.code != "LENGTH_OUT_OF_RANGE"] == []


def test_bigan_check_on_a_draft_json_exits_1(cli, tmp_path):
    draft = drafted({
        "work.1": "【范文】部务会专题研究党风廉政建设工作4次，解决具体问题9个。部长与班子成员、班子成员与股室负责人层层签订责任书24份。",
        "problems": "【三、存在的主要问题】\n一是个别党员干部认为组织部门廉政风险低，警示教育入脑入心不够。二是干部监督信息共享机制还不健全。"
                    "三是对基层党组织书记履行“一岗双责”指导不够。",
    })
    path = tmp_path / "d.draft.json"
    save_draft(draft, path)
    code, out, _ = cli("check", path, "--json")
    assert code == 1
    errors = Counter(f["code"] for f in json.loads(out)["findings"] if f["severity"] == "error")
    assert errors == {"MARKUP_LABEL": 1, "GROUNDING_UNUSED_FACT": 1, "MARKUP_HEADING_ECHO": 1}
    unused = [f for f in json.loads(out)["findings"] if f["code"] == "GROUNDING_UNUSED_FACT"]
    assert unused[0]["location"] == "二、主要做法和成效 › （一）压紧压实主体责任" and "3类28项" in unused[0]["message"]


def test_copying_and_foreign_names_from_the_corpus_are_errors():
    draft = drafted({"work.2": "。".join(drafted({}).sections[3].facts) + "。" + COPIED})
    found = check_draft(draft, corpus={"liuxi_town_integrity_2023.txt": OTHER_UNIT})
    by = {(f.code, f.severity) for f in found if f.section_id == "work.2"}
    assert ("COPY_PASSAGE", "error") in by and ("NAMES_FOREIGN", "error") in by
    assert not any(f.code == "COPY_PASSAGE" and f.severity == "warning" for f in found)  # one copy finding, not two


def test_a_human_report_keeps_its_conservative_findings(tmp_path):
    text = "中共南岭县委组织部2024年度工作汇报\n一、基本情况\n" + COPIED + "\n二、主要做法\n镇党委坚持每季度研究一次。【事实】\n"
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    found = check_file(path, corpus={"liuxi_town_integrity_2023.txt": OTHER_UNIT})
    assert {(f.code, f.severity) for f in found} == {("COPY_PASSAGE", "warning"), ("MARKUP_LABEL", "warning")}


def test_check_section_with_a_gate_context():
    draft = drafted({"work.3": "（一）干部档案审核\n开展干部档案专项审核，审核干部档案312卷，发现并整改问题17个。"})
    ((section, ctx),) = [(s, c) for s, c in draft_contexts(draft, outline=load_outline("integrity_report")) if s.id == "work.3"]
    codes = Counter(f.code for f in check_section(section, facts=draft.facts, gate=ctx))
    assert codes == {"MARKUP_NUMBERING": 1, "GROUNDING_UNUSED_FACT": 2}
