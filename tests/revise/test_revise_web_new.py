"""A new report from the page (TestClient): the form, the saved .yaml and .xlsx, drafting offline and
through a model, errors that name the form field, and the page's guards on the new routes."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from revise_support import sse_events

from pipeline.config import load_settings
from pipeline.schema.factsheet_io import load_factsheet
from pipeline.revise import operations as ops
from pipeline.revise.web.app import create_app
from pipeline.testing.openai_server import OpenAIStubServer, fact_writer

LOCAL = "http://127.0.0.1:8765"
FORM = {
    "genre": "work_summary",
    "header": {"unit": "澄江区示例局", "year": "2024", "period": "全年", "org_level": "区", "date": "2024-12-20",
               "title": "", "author": ""},
    "sections": {
        "work": {"facts": "", "subsections": [
            {"heading": "稳就业促创业", "facts": "全年新增城镇就业1260人\n\n发放一次性创业补贴36万元"},
            {"heading": "", "facts": ""},  # an empty block the writer added and left: nothing
            {"heading": "兜牢社保底线", "facts": "城乡居民养老保险参保率达97.2%"},
        ]},
        "problems": {"facts": "基层经办力量不足\n信息化水平不高", "subsections": []},
    },
}


@pytest.fixture
def new_client(tmp_path):
    settings = load_settings(cache_dir=tmp_path / "cache", store=tmp_path / "store")
    folder = tmp_path / "reports"
    folder.mkdir()
    return TestClient(create_app(None, settings, new_dir=folder), base_url=LOCAL), folder


def test_without_a_draft_the_page_is_the_form(new_client):
    client, _ = new_client
    r = client.get("/", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "new"
    html = client.get("/new?genre=inspection_report").text
    for words in ("单位基本情况", "工作开展情况及成效", "存在的主要问题", "下步工作打算", 'value="inspection_report" selected',
                  'data-field="header.unit"', 'data-field="sections.work.facts"', "添加小标题", "离线模式"):
        assert words in html, words
    assert "主要做法和成效" not in html  # the genre's own outline, not the default one
    assert "开场" in client.get("/new?genre=seminar_speech").text  # heading-less parts are named
    assert "党风廉政建设责任制落实情况汇报" in client.get("/new?genre=../../etc").text  # unknown genre: the default form
    r = client.get("/api/draft")
    assert r.status_code == 400 and "新建报告" in r.json()["error"]


def test_form_saves_yaml_and_xlsx_drafts_offline_then_serves_the_draft(new_client):
    client, folder = new_client
    r = client.post("/api/new", json=FORM)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
    events = sse_events(r.text)
    kinds = [k for k, _ in events]
    assert kinds[0] == "saved" and kinds[-1] == "finished" and "error" not in kinds
    stem = "澄江区示例局2024年年度工作总结"
    assert sorted(p.name for p in folder.iterdir()) == [f"{stem}.draft.json", f"{stem}.xlsx", f"{stem}.yaml"]
    sheet = load_factsheet(folder / f"{stem}.yaml")
    assert load_factsheet(folder / f"{stem}.xlsx") == sheet
    assert [s.heading for s in sheet.sections["work"]] == ["稳就业促创业", "兜牢社保底线"]
    assert sheet.sections["work"][0].facts == ["全年新增城镇就业1260人", "发放一次性创业补贴36万元"]
    assert sheet.sections["problems"] == ["基层经办力量不足", "信息化水平不高"] and sheet.org_level == "区"
    done = {d["id"] for k, d in events if k == "done"}
    draft = ops.load(folder / f"{stem}.draft.json")
    assert draft.meta.offline and {s.id for s in draft.sections if s.text} <= done | {"work"}
    assert "1260人" in draft.section("work.1").text and draft.meta.unit == "澄江区示例局"
    page = client.get("/").text  # the revision page, on the new draft
    assert 'id="sec-work.1"' in page and "稳就业促创业" in page and "新建报告" in page

    again = client.post("/api/new", json=FORM)  # the same report again: new names, nothing overwritten
    assert sse_events(again.text)[-1][0] == "finished"
    assert (folder / f"{stem}-2.yaml").is_file() and (folder / f"{stem}-2.draft.json").is_file()
    assert ops.load(folder / f"{stem}.draft.json").meta.revision == draft.meta.revision


def test_form_drafts_through_the_model_when_one_is_configured(tmp_path):
    # a model that states each section's facts: every section passes its gates at the first ask
    with OpenAIStubServer(reply_fn=fact_writer) as srv:
        settings = load_settings(model="stub-model", base_url=srv.base_url, api_key="sk-test", no_cache=True,
                                 cache_dir=tmp_path / "cache", store=tmp_path / "store")
        client = TestClient(create_app(None, settings, new_dir=tmp_path), base_url=LOCAL)
        assert "stub-model" in client.get("/new").text
        events = sse_events(client.post("/api/new", json=FORM).text)
        assert events[-1][0] == "finished", events
        asked = len(srv.chat_requests)
    draft = ops.load(tmp_path / events[-1][1]["draft"])
    assert draft.meta.model == "stub-model" and not draft.meta.offline
    # one request for every section with facts (a section without facts is composed offline, unasked)
    assert asked == len([s for s in draft.sections if s.facts]) >= 3
    assert not any(s.extra.get("fallback") for s in draft.sections)
    assert "1260人" in draft.section("work.1").text


@pytest.mark.parametrize(
    "change, field, words",
    [
        (lambda f: f["header"].pop("unit"), "header.unit", "缺少必填项“单位”"),
        (lambda f: f["header"].update(year="二〇二四"), "header.year", "整数"),
        (lambda f: f["header"].update(org_level="镇"), "header.org_level", "未知层级"),
        (lambda f: f["header"].update(colour="red"), "header.colour", "未知项目"),
        (lambda f: f.update(genre="memo"), "genre", "未知体裁"),
        (lambda f: f["sections"]["work"]["subsections"][2].update(heading=""), "sections.work.sub.2.heading", "小标题"),
        (lambda f: f["sections"]["work"]["subsections"][2].update(facts=""), "sections.work.sub.2.facts", "不能为空"),
        (lambda f: f["sections"]["work"]["subsections"][0].update(facts=["a"]), "sections.work.sub.0.facts", "应为文本"),
        (lambda f: f["sections"].update(finance={"facts": "x"}), "sections.finance", "未知章节"),
        (lambda f: f.update(sections={}), "sections", "没有任何事实"),
    ],
)
def test_bad_form_names_the_field_and_saves_nothing(new_client, change, field, words):
    client, folder = new_client
    form = json.loads(json.dumps(FORM))
    change(form)
    r = client.post("/api/new", json=form)
    assert r.status_code == 400 and r.json()["field"] == field and words in r.json()["error"]
    assert list(folder.iterdir()) == []


def test_unit_cannot_steer_the_file_names(new_client):
    client, folder = new_client
    form = json.loads(json.dumps(FORM))
    form["header"]["unit"] = "../../示例局/..\\x"
    assert sse_events(client.post("/api/new", json=form).text)[-1][0] == "finished"
    names = [p.name for p in folder.iterdir()]
    assert len(names) == 3 and all("/" not in n and "\\" not in n and not n.startswith(".") for n in names)


def test_new_routes_keep_the_page_guards(tmp_path):
    settings = load_settings(cache_dir=tmp_path / "cache", store=tmp_path / "store")
    client = TestClient(create_app(None, settings, new_dir=tmp_path), base_url=LOCAL)
    r = client.post("/api/new", content=json.dumps(FORM), headers={"Content-Type": "text/plain"})
    assert r.status_code == 400  # a cross-site form post cannot send JSON without a preflight
    assert client.post("/api/new", json=FORM, headers={"Origin": "http://evil.example"}).status_code == 403
    assert TestClient(create_app(None, settings, new_dir=tmp_path), base_url="http://evil.example").get("/new").status_code == 403
    guarded = TestClient(create_app(None, settings, token="s3cret-token-1234", new_dir=tmp_path), base_url=LOCAL)
    assert guarded.get("/new").status_code == 401 and guarded.post("/api/new", json=FORM).status_code == 401
    assert list(tmp_path.glob("*.yaml")) == []
    assert guarded.get("/?token=s3cret-token-1234", follow_redirects=True).url.path == "/new"


def test_serve_new_and_a_draft_are_exclusive(cli, monkeypatch, draft_path):
    monkeypatch.delenv("BIGAN_TOKEN", raising=False)
    code, _, err = cli("serve", draft_path, "--new")
    assert code == 2 and "--new" in err
