"""Event extraction: clauses, order phrases, links and titles."""
from datetime import date

from timeline.extract import extract_reports
from timeline.records import Article
from timeline.tag import tag


def reports(text, published=date(2025, 11, 27)):
    article = Article(id="a", path="a.txt", title="t", text=text, published=published)
    return extract_reports(article, tag(text, published))


def test_a_sentence_with_two_dated_happenings_gives_two_linked_events():
    found = reports("The talks were held in Istanbul on March 29–30, 2022. "
                    "This occurred soon after Russia’s full-scale invasion of Ukraine in February 2022.")
    by_value = {e.when.value: e for e in found}
    assert set(by_value) == {"2022-03-29", "2022-02"}
    assert by_value["2022-03-29"].links == ((by_value["2022-02"].id, "soon after"),)


def test_sequence_cues_chain_future_conditions():
    found = reports("“First, a ceasefire must be established. Then, a mission framework must be set, "
                    "and the contribution of each country must be determined,” the ministry said.")
    assert [e.future for e in found] == [True, True, True]
    assert found[1].links[0][0] == found[0].id and found[2].links[0][0] == found[1].id


def test_an_order_phrase_naming_an_earlier_report_becomes_a_link():
    found = reports("Erdogan said on Monday that talks matter, speaking during his return trip from South Africa.\n\n"
                    "After his return from South Africa, he held a phone call with Putin.")
    call = next(e for e in found if "phone call" in e.title)
    assert call.title.startswith("Erdogan holds a phone call")
    assert call.links and call.links[0][1] == "after"


def test_ids_are_url_safe_and_depend_on_content():
    first, second = reports("Macron on Tuesday announced a force."), reports("Macron on Tuesday announced a force.")
    assert first[0].id == second[0].id and first[0].id.replace("-", "").isalnum() and first[0].id == first[0].id.lower()
