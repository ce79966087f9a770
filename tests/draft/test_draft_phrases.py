"""prompts/offline.yaml: the offline composer's phrase banks are data, read strictly from the folder given."""

from __future__ import annotations

import re
import shutil

import pytest
import yaml
from draft_support import section_task

from pipeline.config import load_settings
from pipeline.draft.offline import OfflineComposer, compose, echoable
from pipeline.draft.phrases import REQUIRED_LEADS, load_phrases
from pipeline.draft.runner import run_draft
from pipeline.draft.task import SectionTask
from pipeline.errors import ConfigError
from pipeline.resources import prompts_dir
from pipeline.text.numbers import extract_numbers

# Besides quantities, a sentence added without a fact holds no digit, enumeration or placeholder.
NUMBERY = re.compile(r"[0-9０-９%％]|一是|【")


@pytest.fixture
def prompts_copy(tmp_path):
    copy = tmp_path / "prompts"
    shutil.copytree(prompts_dir(), copy)
    return copy


def _edit(folder, change) -> None:
    path = folder / "offline.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _task(**over) -> SectionTask:
    return section_task(**{"heading": "食品安全", "facts": ["召开专题会议4次", "签订责任书26份"], **over})


def test_shipped_banks_load_and_add_no_number():
    phrases = load_phrases()
    assert set(REQUIRED_LEADS) <= set(phrases.leads)
    sentences = [s for table in (phrases.leads, phrases.tails) for pool in table.values() for s in pool]
    assert len(sentences) > 50
    assert [s for s in sentences if extract_numbers(s) or NUMBERY.search(s)] == []
    assert phrases.tails["work:duty_report"] == []  # 述职 ends on the writer's own facts
    assert "坚持" in phrases.verb_start and "开展" in phrases.doing
    assert phrases.activity.search("消防安全演练") and not phrases.activity.search("召开会议4次")


def test_compose_uses_the_folder_it_is_given(prompts_copy):
    before = compose(_task())
    assert before.startswith("始终把食品安全摆在突出位置")
    _edit(prompts_copy, lambda d: d["leads"].__setitem__("work", ["高度重视{h}，主要做法如下："]))
    assert compose(_task(), prompts_copy).startswith("高度重视食品安全，主要做法如下：一是召开专题会议4次")
    assert compose(_task()) == before  # the shipped folder is untouched by the other one
    reply = OfflineComposer(prompts_copy).generate([], task=_task())
    assert reply.text.startswith("高度重视食品安全")


def test_a_draft_takes_the_banks_of_settings_prompts(prompts_copy, small_sheet):
    _edit(prompts_copy, lambda d: d["verb_start"].append("食品"))  # 食品安全 now reads as a verb phrase
    assert echoable("食品安全") and not echoable("食品安全", prompts_copy)
    # 压实主体责任 is a verb-phrase heading: work.1 opens with the first heading-free lead
    _edit(prompts_copy, lambda d: d["leads"].__setitem__("work_free", ["按照既定部署，扎实推进各项工作："]))
    draft = run_draft(small_sheet, load_settings(prompts=prompts_copy), store=None)
    work = next(s for s in draft.sections if s.id == "work.1")
    assert work.text.startswith("按照既定部署，扎实推进各项工作：一是")
    shipped = run_draft(small_sheet, load_settings(), store=None)
    assert next(s for s in shipped.sections if s.id == "work.1").text.startswith("紧扣目标任务")


@pytest.mark.parametrize("key", ["leads", "tails", "verb_start", "doing", "formula_start", "activity_endings",
                                 "generic_words", "implies", "result_points"])
def test_a_missing_key_names_the_file(prompts_copy, key):
    _edit(prompts_copy, lambda d: d.pop(key))
    with pytest.raises(ConfigError) as exc:
        load_phrases(prompts_copy)
    assert exc.value.path.endswith("offline.yaml") and key in exc.value.message


@pytest.mark.parametrize("change, says", [
    (lambda d: d["leads"].pop("rectification_sub"), "leads.rectification_sub"),
    (lambda d: d["leads"].__setitem__("work", []), "leads.work"),
    (lambda d: d.__setitem__("verb_start", "坚持"), "verb_start"),
    (lambda d: d["leads"].__setitem__("plans", ["围绕{year}重点抓好以下工作："]), "{year}"),
    (lambda d: d["tails"].__setitem__("work", ["{h}取得了成效。"]), "{h}"),
])
def test_a_malformed_bank_is_a_config_error(prompts_copy, change, says):
    _edit(prompts_copy, change)
    with pytest.raises(ConfigError) as exc:
        load_phrases(prompts_copy)
    assert exc.value.path.endswith("offline.yaml") and says in exc.value.message


def test_a_missing_or_broken_file_is_a_config_error(prompts_copy):
    (prompts_copy / "offline.yaml").write_text("leads: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="离线起草词库格式有误"):
        load_phrases(prompts_copy)
    (prompts_copy / "offline.yaml").unlink()
    with pytest.raises(ConfigError, match="离线起草词库不存在") as exc:
        compose(_task(), prompts_copy)
    assert exc.value.path.endswith("offline.yaml")
